package dev.mlcycle.training.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlcycle.contracts.record.LakeCommit;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class NewRowsTriggerTest {
    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

    private final Map<String, Instant> lastRuns = new ConcurrentHashMap<>();
    private final NewRowsTrigger trigger = new NewRowsTrigger(
            List.of(new NewRowsTrigger.Watch("fresh", "credit", "labels", 5_000)),
            model -> Optional.ofNullable(lastRuns.get(model)));

    @Test
    void aRepeatedCommitCountsOnceTowardTheThreshold() {
        LakeCommit first = commit(11, 3_000, T0);

        assertThat(trigger.offer(first, false)).isEmpty();
        // Ingest re-announces the same snapshot after a restart: same dataset, table and snapshot id.
        assertThat(trigger.offer(first, false)).isEmpty();
        assertThat(trigger.offer(first, true)).isEmpty();

        assertThat(trigger.offer(commit(12, 1_999, T0.plusSeconds(1)), false)).isEmpty();
        List<NewRowsTrigger.Due> due = trigger.offer(commit(13, 1, T0.plusSeconds(2)), false);
        assertThat(due).singleElement().satisfies(d -> {
            assertThat(d.model()).isEqualTo("fresh");
            assertThat(d.rows()).isEqualTo(5_000);
            assertThat(d.detail()).startsWith("5000 new labelled rows in credit.labels");
        });
    }

    @Test
    void theSameSnapshotIdInAnotherTableIsAnotherCommit() {
        assertThat(trigger.offer(commit(21, 3_000, T0), false)).isEmpty();
        assertThat(trigger.offer(commit("events", 21, 90_000, T0), false)).isEmpty();

        assertThat(trigger.offer(commit(22, 2_000, T0), false)).hasSize(1);
    }

    @Test
    void aReplayedCommitFromBeforeTheLastRunDoesNotCount() {
        lastRuns.put("fresh", T0.plusSeconds(10));

        assertThat(trigger.offer(commit(31, 4_000, T0), true)).isEmpty();
        assertThat(trigger.offer(commit(32, 4_000, T0.plusSeconds(20)), true)).isEmpty();
        assertThat(trigger.offer(commit(33, 1_000, T0.plusSeconds(30)), false)).hasSize(1);
    }

    @Test
    void aResetStartsTheCountAgainButARepeatStillDoesNotCount() {
        LakeCommit big = commit(41, 6_000, T0);
        assertThat(trigger.offer(big, false)).hasSize(1);
        trigger.reset("fresh");

        assertThat(trigger.offer(big, false)).isEmpty();
        assertThat(trigger.offer(commit(42, 4_999, T0), false)).isEmpty();
    }

    private static LakeCommit commit(long snapshotId, long rows, Instant at) {
        return commit("labels", snapshotId, rows, at);
    }

    private static LakeCommit commit(String table, long snapshotId, long rows, Instant at) {
        return new LakeCommit(
                "credit",
                table,
                snapshotId,
                null,
                LakeCommit.Operation.APPEND,
                List.of(),
                rows,
                0,
                List.of(),
                null,
                null,
                at);
    }
}
