package dev.mlcycle.datagen.sink;

import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Paces sends to a rate: a token bucket that fills at {@code rate} tokens a second up to a burst of
 * {@code burst} tokens, one token per record. Waiting is spread over every record rather than done in
 * bursts, so the rate is smooth at any scale. Rate 0 means no pacing.
 */
public final class TokenBucket {
    /** Sleeps for the given nanoseconds. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(long nanos) throws InterruptedException;
    }

    private final double rate;
    private final double burst;
    private final LongSupplier clock;
    private final Sleeper sleeper;
    private double tokens;
    private long last;

    /** A bucket on the system's monotonic clock, with a burst of 50 ms worth of records (at least 1). */
    public TokenBucket(double recordsPerSecond) {
        this(recordsPerSecond, Math.max(1.0, recordsPerSecond / 20.0), System::nanoTime, LockSupport::parkNanos);
    }

    public TokenBucket(double recordsPerSecond, double burst, LongSupplier nanoClock, Sleeper sleeper) {
        if (!(recordsPerSecond >= 0.0) || Double.isInfinite(recordsPerSecond)) {
            throw new IllegalArgumentException("rate must be a finite number >= 0, got " + recordsPerSecond);
        }
        this.rate = recordsPerSecond;
        this.burst = burst;
        this.clock = nanoClock;
        this.sleeper = sleeper;
        this.last = nanoClock.getAsLong();
        this.tokens = Math.min(1.0, burst);
    }

    /** Takes one token, waiting as long as needed. */
    public void acquire() throws InterruptedException {
        if (rate == 0.0) {
            return;
        }
        refill();
        while (tokens < 1.0) {
            long waitNanos = (long) Math.ceil((1.0 - tokens) / rate * 1e9);
            sleeper.sleep(Math.max(1_000L, waitNanos));
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while pacing");
            }
            refill();
        }
        tokens -= 1.0;
    }

    private void refill() {
        long now = clock.getAsLong();
        tokens = Math.min(burst, tokens + (now - last) * rate / 1e9);
        last = now;
    }

    public double rate() {
        return rate;
    }
}
