package dev.mlcycle.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlcycle.contracts.record.LabelEvent;
import dev.mlcycle.contracts.record.OffsetRange;
import dev.mlcycle.contracts.spec.DatasetCatalog;
import dev.mlcycle.contracts.spec.DatasetSpec;
import dev.mlcycle.lake.Lake;
import dev.mlcycle.lake.LakeTable;
import dev.mlcycle.lake.RowBatch;
import dev.mlcycle.lake.SourcePartition;
import dev.mlcycle.lake.TableKind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchTest {
    private static final String T = "mlcycle.events.credit";
    private static final Instant TIME = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path dir;

    private Lake lake;
    private LakeTable labels;

    @BeforeEach
    void open() {
        DatasetSpec spec = new DatasetCatalog(dir).load("credit");
        lake = Lake.open(dir.resolve("lake"));
        labels = lake.table(spec, TableKind.LABELS);
    }

    @AfterEach
    void close() {
        lake.close();
    }

    private Batch batch(boolean trackIds) {
        return new Batch(labels.newBatch(), trackIds);
    }

    /** Claims the id and, if it was free, adds a row with it, as the record check does. */
    private static boolean claimAndAdd(Batch b, String id) {
        byte[] bytes = id.getBytes(StandardCharsets.UTF_8);
        if (!b.claimId(bytes, 0, bytes.length)) {
            return false;
        }
        b.rows().add(new LabelEvent(id, "no", TIME));
        return true;
    }

    @Test
    void rangesStartWhereTheLakeEndedAndRunToThePosition() {
        Batch b = batch(true);
        b.read(0, 100, 10, 1);
        b.read(0, 101, 10, 2);
        b.read(3, 7, 10, 3);
        b.read(0, 102, 10, 4); // back to a partition seen before: its first offset stays
        Map<SourcePartition, Long> next = new HashMap<>(Map.of(new SourcePartition(T, 0), 95L));
        Map<Integer, Long> position = Map.of(0, 103L, 3, 8L);

        List<OffsetRange> ranges = b.ranges(T, next, position::get);

        // Partition 0 covers 95..102 although the first record read was 100: offsets 95-99 were
        // transaction markers or records of an earlier batch that had nothing valid to write.
        assertThat(ranges).containsExactly(new OffsetRange(T, 0, 95, 103), new OffsetRange(T, 3, 7, 8));
        assertThat(next).containsEntry(new SourcePartition(T, 0), 103L).containsEntry(new SourcePartition(T, 3), 8L);
        assertThat(b.records()).isEqualTo(4);
        assertThat(b.bytes()).isEqualTo(40);
        assertThat(b.firstAtNanos()).isEqualTo(1);
        assertThat(b.lastAtNanos()).isEqualTo(4);
    }

    @Test
    void aPositionBehindTheBatchIsABugNotARange() {
        Batch b = batch(true);
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
        Batch b = batch(true);
        assertThat(claimAndAdd(b, "e-1")).isTrue();
        assertThat(claimAndAdd(b, "e-2")).isTrue();
        assertThat(claimAndAdd(b, "e-1")).isFalse();
        assertThat(claimAndAdd(b, "é-1")).isTrue();
        assertThat(claimAndAdd(b, "é-1")).isFalse();
        assertThat(b.rows().size()).isEqualTo(3);
        assertThat(claimAndAdd(batch(true), "e-1")).isTrue();
    }

    @Test
    void manyIdsStayUniqueAsTheSetGrows() {
        Batch b = batch(true);
        for (int i = 0; i < 50_000; i++) {
            assertThat(claimAndAdd(b, "e-" + i)).as("e-%d", i).isTrue();
        }
        for (int i = 0; i < 50_000; i += 997) {
            assertThat(claimAndAdd(b, "e-" + i)).as("e-%d again", i).isFalse();
        }
        assertThat(claimAndAdd(b, "")).isTrue();
        assertThat(claimAndAdd(b, "")).isFalse();
        assertThat(b.rows().size()).isEqualTo(50_001);
    }

    @Test
    void withoutIdTrackingEveryClaimSucceeds() {
        Batch b = batch(false);
        assertThat(claimAndAdd(b, "e-1")).isTrue();
        assertThat(claimAndAdd(b, "e-1")).isTrue();
        assertThat(b.rows().size()).isEqualTo(2);
    }

    @Test
    void aBatchStartsFromAnEmptyRowBatch() {
        RowBatch rows = labels.newBatch();
        rows.add(new LabelEvent("e-1", "no", TIME));
        assertThatThrownBy(() -> new Batch(rows, true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1 rows");
    }
}
