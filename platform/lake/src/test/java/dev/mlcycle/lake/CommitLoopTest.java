package dev.mlcycle.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.junit.jupiter.api.Test;

class CommitLoopTest {
    @Test
    void backoffDoublesWithJitterAndIsCapped() {
        Duration first = Duration.ofMillis(100);
        for (int i = 0; i < 50; i++) {
            assertThat(CommitLoop.delay(first, 1)).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
            assertThat(CommitLoop.delay(first, 3)).isBetween(Duration.ofMillis(200), Duration.ofMillis(400));
            assertThat(CommitLoop.delay(first, 40)).isBetween(Duration.ofMillis(2500), Duration.ofSeconds(5));
        }
        assertThat(CommitLoop.delay(Duration.ZERO, 3)).isZero();
    }

    @Test
    void retriesCommitFailuresAndUnknownOutcomesThenSucceeds() {
        AtomicInteger calls = new AtomicInteger();
        String result = new CommitLoop("test commit", 3, Duration.ZERO).run(n -> {
            calls.incrementAndGet();
            if (n == 1) {
                throw new CommitFailedException("moved");
            }
            if (n == 2) {
                throw new CommitStateUnknownException(new RuntimeException("timeout"));
            }
            return "done at " + n;
        });
        assertThat(result).isEqualTo("done at 3");
        assertThat(calls).hasValue(3);
    }

    @Test
    void givesUpAfterTheRetriesWithUnavailableAndTheCount() {
        assertThatThrownBy(() -> new CommitLoop("append to credit.events", 2, Duration.ZERO).run(n -> {
                    throw new CommitFailedException("moved again");
                }))
                .isInstanceOfSatisfying(
                        MlcycleException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNAVAILABLE))
                .hasMessage("append to credit.events failed after 3 attempts; last error: moved again");
    }

    @Test
    void doesNotRetryAConflict() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> new CommitLoop("x", 5, Duration.ZERO).run(n -> {
                    calls.incrementAndGet();
                    throw new MlcycleException(Reason.CONFLICT, "fenced");
                }))
                .hasMessage("fenced");
        assertThat(calls).hasValue(1);
    }
}
