package dev.mlcycle.monitoring.webhook;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * How often and when a delivery is tried again: at most {@link #maxAttempts()} attempts; before attempt {@code n + 1}
 * a wait of {@code random(0, min(maxBackoff, initialBackoff * 2^(n-1)))}: exponential backoff with "full jitter"
 * (M. Brooker, "Exponential Backoff and Jitter", AWS Architecture Blog, 2015), which spreads the retries of many
 * senders instead of having them hit a recovering receiver together.
 *
 * <p>Which answers are retried ({@link #classify(int)}): any 2xx acknowledges; 408, 429 and 5xx (and, in the sender,
 * connection errors and timeouts) are retried; every other status (other 4xx, and 1xx/3xx: redirects are not followed,
 * a signed request is not re-sent to another address) is permanent: recorded as rejected, never retried.
 *
 * @param maxAttempts attempts per delivery, {@code >= 1}
 * @param initialBackoff the cap of the first wait, {@code > 0}
 * @param maxBackoff the largest cap, {@code >= initialBackoff}
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

    /** What an HTTP status means for a delivery. */
    public enum Verdict {
        /** 2xx: the receiver has it. */
        ACKNOWLEDGED,
        /** 408, 429, 5xx, or no answer: try again after a backoff. */
        RETRY,
        /** Anything else: the receiver refuses it; trying again would not help. */
        PERMANENT
    }

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new MlcycleException(
                    Reason.INVALID_ARGUMENT,
                    WebhookOptions.KEY_PREFIX + "max-attempts: expected >= 1, got " + maxAttempts);
        }
        if (initialBackoff == null || initialBackoff.isNegative() || initialBackoff.isZero()) {
            throw new MlcycleException(
                    Reason.INVALID_ARGUMENT,
                    WebhookOptions.KEY_PREFIX + "initial-backoff: expected > 0, got " + initialBackoff);
        }
        if (maxBackoff == null || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new MlcycleException(
                    Reason.INVALID_ARGUMENT,
                    WebhookOptions.KEY_PREFIX + "max-backoff: expected >= initial-backoff (" + initialBackoff
                            + "), got " + maxBackoff);
        }
    }

    /** The cap of the wait after {@code failedAttempts} failed attempts: {@code min(max, initial * 2^(n-1))}. */
    public Duration cap(int failedAttempts) {
        int doublings = Math.min(Math.max(failedAttempts, 1) - 1, 40);
        long nanos = initialBackoff.toNanos();
        long max = maxBackoff.toNanos();
        for (int i = 0; i < doublings && nanos < max; i++) {
            nanos = nanos > max / 2 ? max : nanos * 2;
        }
        return Duration.ofNanos(Math.min(nanos, max));
    }

    /** The wait before the next attempt after {@code failedAttempts} failed ones: uniform in {@code [0, cap)}. */
    public Duration delay(int failedAttempts, RandomGenerator random) {
        double u = random.nextDouble();
        return Duration.ofNanos((long) (u * cap(failedAttempts).toNanos()));
    }

    /** What an HTTP status means for a delivery. */
    public static Verdict classify(int status) {
        if (status >= 200 && status < 300) {
            return Verdict.ACKNOWLEDGED;
        }
        if (status == 408 || status == 429 || (status >= 500 && status < 600)) {
            return Verdict.RETRY;
        }
        return Verdict.PERMANENT;
    }
}
