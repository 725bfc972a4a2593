package dev.mlcycle.serving.batch;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link Admission} attaches to the {@link MlcycleException} it throws: why the request was refused and, for
 * {@link Reason#OVERLOADED}, how long the caller should wait before retrying (the resource puts it in {@code
 * Retry-After}). {@code MlcycleException} is final and shared by every module, so the details ride along as the
 * exception's cause, a stackless {@link Detail}; read them through {@link #retryAfter} and {@link #why}.
 */
public final class Rejection {
    /** Why admission refused a request: the label of the rejections counter. */
    public enum Why {
        /** The model's rows in flight would exceed {@code maxRowsInFlight}. */
        ROWS_IN_FLIGHT,
        /** The model's requests in flight would exceed {@code maxQueuedRequests}. */
        QUEUED_REQUESTS,
        /** The expected wait already exceeds the request's deadline. */
        DEADLINE
    }

    private Rejection() {}

    /**
     * The retry-after of an OVERLOADED rejection: whole seconds, at least one.
     *
     * @return empty for any other exception
     */
    public static Optional<Duration> retryAfter(MlcycleException e) {
        return detail(e).map(Detail::retryAfter).filter(Objects::nonNull);
    }

    /** Why admission refused it; empty when the exception is not an admission rejection. */
    public static Optional<Why> why(MlcycleException e) {
        return detail(e).map(Detail::why);
    }

    /** The retry-after for an expected drain time: its seconds rounded up, at least 1 and at most 60. */
    static Duration retryAfterFor(Duration drain) {
        long millis = Math.max(0, drain.toMillis());
        long seconds = (millis + 999) / 1000;
        return Duration.ofSeconds(Math.min(60, Math.max(1, seconds)));
    }

    static MlcycleException overloaded(Why why, String message, Duration retryAfter) {
        return new MlcycleException(Reason.OVERLOADED, message, new Detail(why, retryAfter));
    }

    static MlcycleException deadline(String message) {
        return new MlcycleException(Reason.DEADLINE_EXCEEDED, message, new Detail(Why.DEADLINE, null));
    }

    private static Optional<Detail> detail(MlcycleException e) {
        return e.getCause() instanceof Detail d ? Optional.of(d) : Optional.empty();
    }

    /** The details as an exception's cause; carries no stack trace. */
    static final class Detail extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final Why why;
        private final transient Duration retryAfter;

        Detail(Why why, Duration retryAfter) {
            super(
                    "admission refused: " + why + (retryAfter == null ? "" : ", retry after " + retryAfter),
                    null,
                    false,
                    false);
            this.why = why;
            this.retryAfter = retryAfter;
        }

        Why why() {
            return why;
        }

        Duration retryAfter() {
            return retryAfter;
        }
    }
}
