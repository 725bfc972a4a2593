package dev.mlcycle.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlcycle.ingest.service.FlushPolicy.Trigger;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FlushPolicyTest {
    private static final long S = 1_000_000_000L;
    private final FlushPolicy policy = new FlushPolicy(Duration.ofSeconds(5), Duration.ofSeconds(60), 1000, 1 << 20);

    @Test
    void anEmptyBatchIsNeverDueHoweverOld() {
        assertThat(policy.due(0, 0, 0, 0, 3600 * S)).isEqualTo(Trigger.NOT_YET);
    }

    @Test
    void aBusyYoungSmallBatchWaits() {
        assertThat(policy.due(10, 100, 0, 4 * S, 5 * S)).isEqualTo(Trigger.NOT_YET);
    }

    @Test
    void commitsWhenTheStreamHasBeenIdle() {
        assertThat(policy.due(10, 100, 0, 1 * S, 6 * S)).isEqualTo(Trigger.IDLE);
        assertThat(policy.due(10, 100, 0, 1 * S, 6 * S - 1)).isEqualTo(Trigger.NOT_YET);
    }

    @Test
    void aSteadyTrickleStillCommitsAtTheMaxInterval() {
        // A record every second never lets the stream go idle.
        assertThat(policy.due(60, 600, 0, 60 * S - S, 60 * S)).isEqualTo(Trigger.INTERVAL);
    }

    @Test
    void commitsAtTheRecordAndByteBoundsFirst() {
        assertThat(policy.due(1000, 100, 0, 0, 0)).isEqualTo(Trigger.RECORDS);
        assertThat(policy.due(999, 1 << 20, 0, 0, 0)).isEqualTo(Trigger.BYTES);
    }

    @Test
    void nanoTimeMayBeNegative() {
        long base = Long.MIN_VALUE / 2;
        assertThat(policy.due(1, 1, base, base, base + 6 * S)).isEqualTo(Trigger.IDLE);
        assertThat(policy.due(1, 1, base, base, base + S)).isEqualTo(Trigger.NOT_YET);
    }
}
