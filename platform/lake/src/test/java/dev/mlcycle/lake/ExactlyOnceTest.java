package dev.mlcycle.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.contracts.record.FeatureEvent;
import dev.mlcycle.contracts.record.LakeCommit;
import dev.mlcycle.contracts.spec.DatasetSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.Snapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExactlyOnceTest {
    private static final WriterOptions FAST_RETRIES =
            WriterOptions.defaults().withCommitRetries(50).withRetryBackoff(Duration.ofMillis(5));

    @TempDir
    Path dir;

    private LakeCommit append(LakeTable table, String prefix, int rows, Object... ranges) {
        List<dev.mlcycle.contracts.record.OffsetRange> list = new ArrayList<>();
        for (Object r : ranges) {
            list.add((dev.mlcycle.contracts.record.OffsetRange) r);
        }
        try (TableWriter w = table.writer(FAST_RETRIES)) {
            WrittenFiles files = w.write(Credit.rows(table, Credit.events(prefix, rows, 1, prefix.hashCode())));
            return w.commit(files, list);
        }
    }

    @Test
    void rejectsACommitThatDoesNotStartAtTheCommittedOffsetAndAddsNoSnapshot() {
        try (Lake lake = Lake.open(dir)) {
            LakeTable table = lake.table(Credit.spec(dir), TableKind.EVENTS);
            append(table, "a", 100, Credit.range(3, 1000, 1200));
            int snapshots = table.snapshots().size();

            TableWriter zombie = table.writer(FAST_RETRIES);
            WrittenFiles files = zombie.write(Credit.rows(table, Credit.events("z", 50, 1, 7)));
            assertThatThrownBy(() -> zombie.commit(files, List.of(Credit.range(3, 1000, 1050))))
                    .isInstanceOfSatisfying(
                            MlcycleException.class, e -> assertThat(e.reason()).isEqualTo(Reason.CONFLICT))
                    .hasMessageContaining("another writer committed mlcycle.events.credit-3 up to 1200")
                    .hasMessageContaining("this commit starts at 1000");

            assertThat(table.snapshots()).hasSize(snapshots);
            assertThat(table.committedOffsets()).containsExactly(Map.entry(Credit.tp(3), 1200L));
            assertThat(zombie.abort(files)).isTrue();
            files.files().forEach(f -> assertThat(Path.of(f.location())).doesNotExist());
            assertThat(Rows.current(table)).hasSize(100);
        }
    }

    @Test
    void mergesOffsetsAcrossCommits() {
        try (Lake lake = Lake.open(dir)) {
            LakeTable table = lake.table(Credit.spec(dir), TableKind.EVENTS);
            append(table, "a", 10, Credit.range(0, 0, 100), Credit.range(1, 0, 50));
            append(table, "b", 10, Credit.range(0, 100, 200));
            LakeCommit third = append(
                    table,
                    "c",
                    10,
                    Credit.range(2, 7, 9),
                    new dev.mlcycle.contracts.record.OffsetRange("other", 0, 0, 5));

            assertThat(table.committedOffsets())
                    .containsExactly(
                            Map.entry(new SourcePartition("mlcycle.events.credit", 0), 200L),
                            Map.entry(new SourcePartition("mlcycle.events.credit", 1), 50L),
                            Map.entry(new SourcePartition("mlcycle.events.credit", 2), 9L),
                            Map.entry(new SourcePartition("other", 0), 5L));
            Snapshot head = table.iceberg().currentSnapshot();
            assertThat(head.summary().get(CommitSummary.OFFSETS))
                    .isEqualTo("{\"mlcycle.events.credit\":{\"0\":200,\"1\":50,\"2\":9},\"other\":{\"0\":5}}");
            assertThat(third.offsets()).hasSize(2);
            assertThat(table.committedOffsets(third.parentSnapshotId()))
                    .containsEntry(Credit.tp(0), 200L)
                    .doesNotContainKey(Credit.tp(2));
            assertThat(table.snapshots())
                    .extracting(SnapshotInfo::commitId)
                    .doesNotContainNull()
                    .doesNotHaveDuplicates();
        }
    }

    @Test
    void anAppendOfNoFilesStillAdvancesTheOffsets() {
        try (Lake lake = Lake.open(dir)) {
            LakeTable table = lake.table(Credit.spec(dir), TableKind.EVENTS);
            append(table, "a", 10, Credit.range(0, 0, 10));
            try (TableWriter w = table.writer(FAST_RETRIES)) {
                LakeCommit c = w.commit(w.write(List.of()), List.of(Credit.range(0, 10, 25)));
                assertThat(c.files()).isEmpty();
                assertThat(c.rows()).isZero();
                assertThat(c.minEventTime()).isNull();
            }
            assertThat(table.committedOffsets()).containsExactly(Map.entry(Credit.tp(0), 25L));
            assertThat(table.snapshots()).hasSize(2);
            assertThat(Rows.current(table)).hasSize(10);
        }
    }

    @Test
    void refusesTwoRangesOfOnePartitionInOneCommit() {
        try (Lake lake = Lake.open(dir)) {
            LakeTable table = lake.table(Credit.spec(dir), TableKind.EVENTS);
            TableWriter w = table.writer(FAST_RETRIES);
            assertThatThrownBy(() ->
                            w.commit(WrittenFiles.empty(), List.of(Credit.range(0, 0, 10), Credit.range(0, 10, 20))))
                    .isInstanceOfSatisfying(
                            MlcycleException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_ARGUMENT));
        }
    }

    @Test
    void twoLakesRacingOnDisjointPartitionsLoseNoCommit() throws Exception {
        int commitsEach = 12;
        int rowsEach = 40;
        DatasetSpec spec = Credit.spec(dir);
        try (Lake first = Lake.open(dir);
                Lake second = Lake.open(dir)) {
            LakeTable a = first.table(spec, TableKind.EVENTS);
            LakeTable b = second.table(spec, TableKind.EVENTS);
            assertThat(a).isNotSameAs(b);
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                Future<?> fa = pool.submit(() -> commitLoop(a, 0, "a", commitsEach, rowsEach, start));
                Future<?> fb = pool.submit(() -> commitLoop(b, 1, "b", commitsEach, rowsEach, start));
                start.countDown();
                fa.get(120, TimeUnit.SECONDS);
                fb.get(120, TimeUnit.SECONDS);
            } finally {
                pool.shutdownNow();
            }

            a.refresh();
            assertThat(a.committedOffsets())
                    .containsExactly(
                            Map.entry(Credit.tp(0), (long) commitsEach * rowsEach),
                            Map.entry(Credit.tp(1), (long) commitsEach * rowsEach));
            assertThat(Rows.current(a)).hasSize(2 * commitsEach * rowsEach);
            assertThat(a.snapshots()).hasSize(2 * commitsEach);

            // every snapshot's map is cumulative: along the history no partition ever goes back
            Map<SourcePartition, Long> previous = Map.of();
            for (SnapshotInfo s : a.snapshots()) {
                for (Map.Entry<SourcePartition, Long> e : previous.entrySet()) {
                    assertThat(s.offsets().get(e.getKey()))
                            .as("snapshot %d, %s", s.snapshotId(), e.getKey())
                            .isGreaterThanOrEqualTo(e.getValue());
                }
                previous = s.offsets();
            }
        }
    }

    private static void commitLoop(
            LakeTable table, int partition, String prefix, int commits, int rows, CountDownLatch start) {
        try {
            start.await();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        try (TableWriter w = table.writer(FAST_RETRIES)) {
            for (int i = 0; i < commits; i++) {
                List<FeatureEvent> events = Credit.events(prefix + i, rows, 1, i);
                WrittenFiles files = w.write(Credit.rows(table, events));
                w.commit(files, List.of(Credit.range(partition, (long) i * rows, (long) (i + 1) * rows)));
            }
        }
    }

    @Test
    void aZombieThatLostItsPartitionIsFenced() {
        DatasetSpec spec = Credit.spec(dir);
        try (Lake first = Lake.open(dir);
                Lake second = Lake.open(dir)) {
            LakeTable zombieTable = first.table(spec, TableKind.EVENTS);
            LakeTable ownerTable = second.table(spec, TableKind.EVENTS);
            TableWriter zombie = zombieTable.writer(FAST_RETRIES);
            TableWriter owner = ownerTable.writer(FAST_RETRIES);
            // both read partition 5 from offset 0; the zombie is slow to commit
            WrittenFiles zombieFiles = zombie.write(Credit.rows(zombieTable, Credit.events("z", 30, 1, 1)));
            WrittenFiles ownerFiles = owner.write(Credit.rows(ownerTable, Credit.events("o", 40, 1, 2)));
            owner.commit(ownerFiles, List.of(Credit.range(5, 0, 40)));

            assertThatThrownBy(() -> zombie.commit(zombieFiles, List.of(Credit.range(5, 0, 30))))
                    .isInstanceOfSatisfying(
                            MlcycleException.class, e -> assertThat(e.reason()).isEqualTo(Reason.CONFLICT))
                    .hasMessageContaining("mlcycle.events.credit-5 up to 40");
            zombie.abort(zombieFiles);
            assertThat(Rows.ids(Rows.current(ownerTable), "event_id")).allMatch(id -> id.startsWith("o-"));
            assertThat(ownerTable.committedOffsets()).containsExactly(Map.entry(Credit.tp(5), 40L));
        }
    }

    @Test
    void aReopenedLakeSeesTheSameTablesAndOffsets() {
        DatasetSpec spec = Credit.spec(dir);
        try (Lake lake = Lake.open(dir)) {
            append(lake.table(spec, TableKind.EVENTS), "a", 20, Credit.range(0, 0, 20));
            lake.table(spec, TableKind.LABELS);
        }
        assertThat(dir.resolve("catalog.db")).exists();
        assertThat(Files.isDirectory(dir.resolve("warehouse/credit/events/data")))
                .isTrue();
        try (Lake lake = Lake.open(dir)) {
            assertThat(lake.tables()).extracting(LakeTable::name).containsExactly("credit.events", "credit.labels");
            LakeTable events = lake.find("credit", TableKind.EVENTS).orElseThrow();
            assertThat(events.committedOffsets()).containsExactly(Map.entry(Credit.tp(0), 20L));
            assertThat(Rows.current(events)).hasSize(20);
            assertThat(lake.find("other", TableKind.EVENTS)).isEmpty();
            // the found table maps events without its spec
            List<FeatureEvent> more = Credit.events("b", 5, 1, 9);
            try (TableWriter w = events.writer(FAST_RETRIES)) {
                w.commit(w.write(Credit.rows(events, more)), List.of(Credit.range(0, 20, 25)));
            }
            assertThat(Rows.current(events)).hasSize(25);
        }
    }

    @Test
    void anUpdatePreparedAgainstAnOlderSnapshotFailsInsteadOfBeingRebased() {
        try (Lake lake = Lake.open(dir)) {
            LakeTable table = lake.table(Credit.spec(dir), TableKind.EVENTS);
            LakeCommit first = append(table, "a", 10, Credit.range(0, 0, 10));
            append(table, "b", 10, Credit.range(0, 10, 20));

            org.apache.iceberg.AppendFiles stale = table.iceberg().newAppend();
            stale.set(CommitSummary.OFFSETS, "{}");
            ParentPin pin = new ParentPin(table.name(), first.snapshotId());
            assertThatThrownBy(() -> pin.commit(stale))
                    .isInstanceOf(org.apache.iceberg.exceptions.CommitFailedException.class)
                    .hasMessageContaining("moved from snapshot " + first.snapshotId());
            assertThat(table.snapshots()).hasSize(2);
            assertThat(table.committedOffsets()).containsExactly(Map.entry(Credit.tp(0), 20L));
        }
    }

    @Test
    void abortNeverDeletesCommittedFiles() {
        try (Lake lake = Lake.open(dir)) {
            LakeTable table = lake.table(Credit.spec(dir), TableKind.EVENTS);
            try (TableWriter w = table.writer(FAST_RETRIES)) {
                WrittenFiles files = w.write(Credit.rows(table, Credit.events("a", 20, 1, 1)));
                w.commit(files, List.of(Credit.range(0, 0, 20)));
                assertThat(w.abort(files)).isFalse();
                files.files().forEach(f -> assertThat(Path.of(f.location())).exists());
            }
            assertThat(Rows.current(table)).hasSize(20);
        }
    }
}
