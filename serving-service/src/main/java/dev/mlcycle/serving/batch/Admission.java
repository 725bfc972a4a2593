package dev.mlcycle.serving.batch;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.serving.batch.Rejection.Why;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Admission control for one model (all its served versions share it): a hard cap on rows in flight (admitted, not yet
 * answered) and on requests in flight (the bounded queue). A request beyond either cap is refused at once with
 * {@link Reason#OVERLOADED} and a retry-after (see {@link Rejection}); it never waits. A request whose deadline falls
 * before the expected wait is refused with {@link Reason#DEADLINE_EXCEEDED}.
 *
 * <p>Lock-free: both counts live in one {@link AtomicLong} (rows in the high 32 bits, requests in the low 32) and are
 * claimed together by compare-and-set, so the caps hold exactly under any number of concurrent callers.
 */
public final class Admission {
    private static final long ONE_REQUEST = 1L;
    private static final int ROWS_SHIFT = 32;

    private final String model;
    private final AdmissionOptions options;
    private final Clock clock;
    private final AtomicLong inFlight = new AtomicLong();
    private final Map<Why, AtomicLong> rejections = new EnumMap<>(Why.class);

    public Admission(String model, AdmissionOptions options, Clock clock) {
        this.model = Objects.requireNonNull(model, "model");
        this.options = Objects.requireNonNull(options, "options");
        this.clock = Objects.requireNonNull(clock, "clock");
        for (Why why : Why.values()) {
            rejections.put(why, new AtomicLong());
        }
    }

    /**
     * Admits a request of {@code rows} rows or refuses it at once.
     *
     * @param deadline when the caller stops waiting, or null for none
     * @param expectedWait how long the request is expected to take before it is answered ({@link
     *     MicroBatcher#expectedWait}); also the basis of the retry-after
     * @return a permit to close once the request is answered (or failed)
     * @throws MlcycleException {@link Reason#OVERLOADED} (with a retry-after) when a cap would be exceeded, {@link
     *     Reason#DEADLINE_EXCEEDED} when the deadline has passed or falls before the expected wait, {@link
     *     Reason#INVALID_ARGUMENT} when the request alone has more rows than the cap (it could never be admitted)
     */
    public Permit admit(int rows, Instant deadline, Duration expectedWait) {
        Objects.requireNonNull(expectedWait, "expectedWait");
        if (rows < 1) {
            throw new MlcycleException(Reason.INVALID_ARGUMENT, "a request needs at least one row, got " + rows);
        }
        if (rows > options.maxRowsInFlight()) {
            throw new MlcycleException(
                    Reason.INVALID_ARGUMENT,
                    "model \"" + model + "\": a request of " + rows + " rows can never be admitted: the model's cap is "
                            + options.maxRowsInFlight() + " rows in flight; send at most that many rows per request");
        }
        if (deadline != null) {
            Instant now = clock.instant();
            if (now.plus(expectedWait).isAfter(deadline)) {
                rejections.get(Why.DEADLINE).incrementAndGet();
                Duration left = Duration.between(now, deadline);
                throw Rejection.deadline("model \"" + model + "\": the expected wait of " + expectedWait.toMillis()
                        + " ms exceeds the request's deadline "
                        + (left.isNegative() ? "(already passed)" : "in " + left.toMillis() + " ms"));
            }
        }
        long claim = ((long) rows << ROWS_SHIFT) | ONE_REQUEST;
        while (true) {
            long current = inFlight.get();
            int rowsNow = rowsOf(current);
            int requestsNow = requestsOf(current);
            if (rowsNow + rows > options.maxRowsInFlight()) {
                throw reject(
                        Why.ROWS_IN_FLIGHT,
                        "model \"" + model + "\" is at its cap of " + options.maxRowsInFlight() + " rows in flight ("
                                + rowsNow + " in flight, this request has " + rows + ")",
                        expectedWait);
            }
            if (requestsNow + 1 > options.maxQueuedRequests()) {
                throw reject(
                        Why.QUEUED_REQUESTS,
                        "model \"" + model + "\" is at its cap of " + options.maxQueuedRequests() + " queued requests",
                        expectedWait);
            }
            if (inFlight.compareAndSet(current, current + claim)) {
                return new Held(claim);
            }
        }
    }

    /** Rows admitted and not yet answered. */
    public int rowsInFlight() {
        return rowsOf(inFlight.get());
    }

    /** Requests admitted and not yet answered. */
    public int queuedRequests() {
        return requestsOf(inFlight.get());
    }

    /** How many requests were refused for {@code why} since this admission was made. */
    public long rejections(Why why) {
        return rejections.get(why).get();
    }

    /** The model this admission guards. */
    public String model() {
        return model;
    }

    /** Its caps. */
    public AdmissionOptions options() {
        return options;
    }

    private MlcycleException reject(Why why, String message, Duration expectedWait) {
        rejections.get(why).incrementAndGet();
        Duration retryAfter = Rejection.retryAfterFor(expectedWait);
        return Rejection.overloaded(why, message + "; retry after " + retryAfter.toSeconds() + " s", retryAfter);
    }

    private static int rowsOf(long packed) {
        return (int) (packed >>> ROWS_SHIFT);
    }

    private static int requestsOf(long packed) {
        return (int) packed;
    }

    /** An admitted request's claim on the caps; closing it releases the claim exactly once. */
    public interface Permit extends AutoCloseable {
        /** Releases the rows and the request; idempotent. */
        @Override
        void close();
    }

    private final class Held implements Permit {
        private final long claim;
        private final AtomicBoolean released = new AtomicBoolean();

        Held(long claim) {
            this.claim = claim;
        }

        @Override
        public void close() {
            if (released.compareAndSet(false, true)) {
                inFlight.addAndGet(-claim);
            }
        }
    }
}
