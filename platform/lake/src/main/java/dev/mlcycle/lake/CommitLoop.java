package dev.mlcycle.lake;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.jdbc.UncheckedSQLException;

/**
 * mlcycle's bounded commit retry loop (tables set {@code commit.retry.num-retries=0}, so Iceberg never
 * re-bases a commit on its own). Each attempt refreshes the table, re-checks what it must and
 * rebuilds the operation. Retried: {@link CommitFailedException} (the table moved, nothing applied),
 * {@link CommitStateUnknownException} and catalog or I/O errors (the outcome is unknown; the next
 * attempt looks for the commit id first). Anything else, such as a fencing conflict, ends the loop at
 * once. When attempts run out: {@link Reason#UNAVAILABLE} with the count.
 */
final class CommitLoop {
    private final String what;
    private final int retries;
    private final Duration backoff;

    /** One attempt; {@code number} starts at 1. */
    interface Attempt<T> {
        T run(int number);
    }

    CommitLoop(String what, int retries, Duration backoff) {
        this.what = what;
        this.retries = retries;
        this.backoff = backoff;
    }

    <T> T run(Attempt<T> attempt) {
        for (int n = 1; ; n++) {
            RuntimeException failure;
            try {
                return attempt.run(n);
            } catch (CommitFailedException
                    | CommitStateUnknownException
                    | UncheckedSQLException
                    | UncheckedIOException e) {
                failure = e;
            }
            if (n > retries) {
                throw new MlcycleException(
                        Reason.UNAVAILABLE,
                        what + " failed after " + n + " attempt" + (n == 1 ? "" : "s") + "; last error: "
                                + failure.getMessage(),
                        failure);
            }
            pause(n);
        }
    }

    /** The wait after attempt {@code n}: backoff doubling per attempt, capped, with jitter in [50%, 100%]. */
    static Duration delay(Duration first, int n) {
        long base = first.toMillis();
        long capped = Math.min(WriterOptions.MAX_BACKOFF.toMillis(), base << Math.min(n - 1, 20));
        if (capped <= 0) {
            return Duration.ZERO;
        }
        long jittered = capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1);
        return Duration.ofMillis(jittered);
    }

    private void pause(int n) {
        Duration d = delay(backoff, n);
        if (d.isZero()) {
            return;
        }
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MlcycleException(Reason.UNAVAILABLE, what + " was interrupted between attempts", e);
        }
    }
}
