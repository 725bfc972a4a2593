package dev.mlcycle.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlcycle.contracts.record.OffsetRange;
import dev.mlcycle.lake.SourcePartition;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BatchTest {
    private static final String T = "mlcycle.events.credit";

    @Test
    void rangesStartWhereTheLakeEndedAndRunToThePosition() {
        Batch b = new Batch();
        b.read(0, 100, 10, 1);
        b.read(0, 101, 10, 2);
        b.read(3, 7, 10, 3);
        Map<SourcePartition, Long> next = new HashMap<>(Map.of(new SourcePartition(T, 0), 95L));
        Map<Integer, Long> position = Map.of(0, 102L, 3, 8L);

        List<OffsetRange> ranges = b.ranges(T, next, position::get);

        // Partition 0 covers 95..101 although the first record read was 100: offsets 95-99 were
        // transaction markers or records of an earlier batch that had nothing valid to write.
        assertThat(ranges).containsExactly(new OffsetRange(T, 0, 95, 102), new OffsetRange(T, 3, 7, 8));
        assertThat(next).containsEntry(new SourcePartition(T, 0), 102L).containsEntry(new SourcePartition(T, 3), 8L);
        assertThat(b.records()).isEqualTo(3);
        assertThat(b.bytes()).isEqualTo(30);
        assertThat(b.firstAtNanos()).isEqualTo(1);
        assertThat(b.lastAtNanos()).isEqualTo(3);
    }

    @Test
    void aPositionBehindTheBatchIsABugNotARange() {
        Batch b = new Batch();
        b.read(1, 50, 1, 0);
        Map<SourcePartition, Long> next = new HashMap<>(Map.of(new SourcePartition(T, 1), 60L));
        assertThatThrownBy(() -> b.ranges(T, next, p -> 51L))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(T + "-1")
                .hasMessageContaining("51")
                .hasMessageContaining("60");
    }

    @Test
    void anIdCanBeClaimedOncePerBatch() {
        Batch b = new Batch();
        assertThat(b.claimId("e-1")).isTrue();
        assertThat(b.claimId("e-2")).isTrue();
        assertThat(b.claimId("e-1")).isFalse();
        assertThat(new Batch().claimId("e-1")).isTrue();
    }
}
