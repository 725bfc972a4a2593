package dev.mlcycle.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.contracts.record.FeatureEvent;
import dev.mlcycle.contracts.record.LakeCommit;
import dev.mlcycle.contracts.spec.DatasetSpec;
import dev.mlcycle.lake.io.LocalFileIO;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompactionTest {
    static final long TARGET = 1 << 20;
    static final CompactionOptions OPTIONS = CompactionOptions.defaults().withTargetFileBytes(TARGET);

    @TempDir
    Path dir;

    /** Commits {@code files} batches of {@code rows} events, all on day one, offsets following on. */
    private static List<String> appendBatches(LakeTable table, String prefix, int files, int rows, long fromOffset) {
        List<String> ids = new ArrayList<>();
        try (TableWriter w = table.writer(WriterOptions.defaults())) {
            for (int i = 0; i < files; i++) {
                List<FeatureEvent> events = Credit.events(prefix + i, rows, 1, i);
                events.forEach(e -> ids.add(e.id()));
                long from = fromOffset + (long) i * rows;
                w.commit(w.write(Credit.rows(table, events)), List.of(Credit.range(0, from, from + rows)));
            }
        }
        return ids;
    }

    @Test
    void mergesEightSmallSortedFilesIntoOneSortedFileWithTheSameRows() {
        try (Lake lake = Lake.open(dir)) {
            LakeTable table = lake.table(Credit.spec(dir), TableKind.EVENTS);
            List<String> ids = appendBatches(table, "e", 8, 500, 0);
            assertThat(table.liveFiles(OptionalLong.empty())).hasSize(8);
            Map<SourcePartition, Long> offsets = table.committedOffsets();

            Compactor compactor = new Compactor(table, OPTIONS);
            CompactionPlan plan = compactor.plan();
            assertThat(plan.groups()).hasSize(1);
            assertThat(plan.inputFiles()).isEqualTo(8);
            assertThat(plan.groups().get(0).partition()).isEqualTo("event_time_day=2026-01-01");

            LakeCommit commit = compactor.compact().orElseThrow();
            assertThat(commit.operation()).isEqualTo(LakeCommit.Operation.REPLACE);
            assertThat(commit.offsets()).isEmpty();
            assertThat(commit.rows()).isEqualTo(4000);
            assertThat(commit.files()).hasSize(1);
            assertThat(commit.minEventTime()).isBetween(Credit.DAY_ONE, Credit.DAY_ONE.plusMillis(1));
            assertThat(commit.maxEventTime()).isBefore(Credit.DAY_ONE.plusSeconds(86_400));

            List<LiveFile> live = table.liveFiles(OptionalLong.empty());
            assertThat(live).hasSize(1);
            assertThat(live.get(0).bytes()).isLessThanOrEqualTo(TARGET);
            Rows.assertSorted("compacted", Rows.file(table, live.get(0).path()), table.sortOrder());
            ids.sort(null);
            assertThat(Rows.ids(Rows.current(table), "event_id")).isEqualTo(ids);

            Snapshot replace = table.iceberg().currentSnapshot();
            assertThat(replace.operation()).isEqualTo("replace");
            assertThat(CommitSummary.offsets(replace.summary())).isEqualTo(offsets);
            assertThat(table.committedOffsets()).isEqualTo(offsets);

            // the output is one file now: nothing more to do, no churn
            assertThat(compactor.compact()).isEmpty();
        }
    }

    @Test
    void compactsEveryQualifyingPartitionInOneReplaceSnapshot() {
        try (Lake lake = Lake.open(dir)) {
            LakeTable table = lake.table(Credit.spec(dir), TableKind.EVENTS);
            try (TableWriter w = table.writer(WriterOptions.defaults())) {
                for (int i = 0; i < 5; i++) {
                    // 400 events over two days: one file per day per commit
                    w.commit(
                            w.write(Credit.rows(table, Credit.events("e" + i, 400, 2, i))),
                            List.of(Credit.range(0, i * 400L, (i + 1) * 400L)));
                }
            }
            assertThat(table.partitions(OptionalLong.empty()))
                    .extracting(PartitionStats::files)
                    .containsExactly(5, 5);
            int before = table.snapshots().size();

            assertThat(new Compactor(table, OPTIONS).compact()).isPresent();

            assertThat(table.snapshots()).hasSize(before + 1);
            assertThat(table.partitions(OptionalLong.empty()))
                    .extracting(PartitionStats::files, PartitionStats::rows)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(1, 1000L),
                            org.assertj.core.groups.Tuple.tuple(1, 1000L));
        }
    }

    @Test
    void doesNothingWithFewerThanFiveSmallFiles() {
        try (Lake lake = Lake.open(dir)) {
            LakeTable table = lake.table(Credit.spec(dir), TableKind.EVENTS);
            appendBatches(table, "e", 4, 200, 0);
            int snapshots = table.snapshots().size();
            Compactor compactor = new Compactor(table, OPTIONS);
            assertThat(compactor.plan().isEmpty()).isTrue();
            assertThat(compactor.compact()).isEmpty();
            assertThat(table.snapshots()).hasSize(snapshots);
            assertThat(table.liveFiles(OptionalLong.empty())).hasSize(4);
        }
    }

    @Test
    void keepsAnAppendThatLandsBetweenPlanAndCommit() {
        DatasetSpec spec = Credit.spec(dir);
        try (Lake lake = Lake.open(dir);
                Lake other = Lake.open(dir)) {
            LakeTable table = lake.table(spec, TableKind.EVENTS);
            List<String> ids = new ArrayList<>(appendBatches(table, "e", 6, 300, 0));
            Compactor compactor = new Compactor(table, OPTIONS);
            CompactionPlan plan = compactor.plan();
            assertThat(plan.inputFiles()).isEqualTo(6);

            // another process appends after the plan was made
            LakeTable otherTable = other.table(spec, TableKind.EVENTS);
            ids.addAll(appendBatches(otherTable, "late", 1, 100, 1800));
            long appended = otherTable.currentSnapshotId().orElseThrow();

            LakeCommit commit = compactor.compact(plan).orElseThrow();

            assertThat(commit.parentSnapshotId()).isEqualTo(appended);
            ids.sort(null);
            assertThat(Rows.ids(Rows.current(table), "event_id")).isEqualTo(ids);
            assertThat(table.liveFiles(OptionalLong.empty())).hasSize(2); // the compacted file and the late one
            assertThat(table.committedOffsets()).containsExactly(Map.entry(Credit.tp(0), 1900L));
            assertThat(CommitSummary.offsets(table.iceberg().currentSnapshot().summary()))
                    .containsExactly(Map.entry(Credit.tp(0), 1900L));
        }
    }

    @Test
    void conflictsWhenItsInputsWereCompactedMeanwhileAndLeavesNoFileBehind() throws IOException {
        DatasetSpec spec = Credit.spec(dir);
        try (Lake lake = Lake.open(dir);
                Lake other = Lake.open(dir)) {
            LakeTable table = lake.table(spec, TableKind.EVENTS);
            appendBatches(table, "e", 5, 300, 0);
            Compactor slow = new Compactor(table, OPTIONS);
            CompactionPlan plan = slow.plan();
            assertThat(new Compactor(other.table(spec, TableKind.EVENTS), OPTIONS).compact())
                    .isPresent();

            assertThatThrownBy(() -> slow.compact(plan))
                    .isInstanceOfSatisfying(
                            MlcycleException.class, e -> assertThat(e.reason()).isEqualTo(Reason.CONFLICT))
                    .hasMessageContaining("compaction of credit.events conflicts");

            table.refresh();
            Set<Path> referenced = Maintenance.referencedFiles(table.iceberg());
            try (Stream<Path> files =
                    Files.walk(LocalFileIO.path(table.iceberg().location()).resolve("data"))) {
                assertThat(files.filter(Files::isRegularFile)
                                .map(p -> p.toAbsolutePath().normalize()))
                        .allMatch(referenced::contains);
            }
            assertThat(Rows.current(table)).hasSize(1500);
        }
    }

    @Test
    void sortsInMemoryAFileThatIsNotSorted() {
        try (Lake lake = Lake.open(dir)) {
            LakeTable table = lake.table(Credit.spec(dir), TableKind.EVENTS);
            List<String> ids = new ArrayList<>(appendBatches(table, "e", 5, 300, 0));

            // a file that claims the table's sort order but holds its rows in reverse
            List<FeatureEvent> events = Credit.events("rev", 300, 1, 99);
            events.forEach(e -> ids.add(e.id()));
            List<Record> rows = new ArrayList<>(Credit.rows(table, events));
            rows.sort(table.sortOrder().reversed());
            PartitionKey key =
                    new PartitionKey(table.iceberg().spec(), table.iceberg().schema());
            key.partition(new InternalRecordWrapper(table.iceberg().schema().asStruct()).wrap(rows.get(0)));
            SortedFileWriter raw =
                    new SortedFileWriter(table.iceberg(), TARGET, table.layout().position("event_time"));
            rows.forEach(r -> raw.write(key, r));
            try (TableWriter w = table.writer(WriterOptions.defaults())) {
                w.commit(raw.finish(), List.of(Credit.range(0, 1500, 1800)));
            }

            assertThat(new Compactor(table, OPTIONS).compact()).isPresent();

            List<LiveFile> live = table.liveFiles(OptionalLong.empty());
            assertThat(live).hasSize(1);
            Rows.assertSorted("compacted", Rows.file(table, live.get(0).path()), table.sortOrder());
            ids.sort(null);
            assertThat(Rows.ids(Rows.current(table), "event_id")).isEqualTo(ids);
        }
    }

    @Test
    void aNewSortKeyReplacesTheSortOrderAndCompactionResortsTheOlderFiles() {
        DatasetSpec spec = Credit.spec(dir);
        try (Lake lake = Lake.open(dir)) {
            LakeTable table = lake.table(spec, TableKind.EVENTS);
            List<String> ids = new ArrayList<>(appendBatches(table, "old", 5, 300, 0));
            int oldOrder = table.iceberg().sortOrder().orderId();

            DatasetSpec resorted =
                    Credit.respec(spec, spec.features(), List.of("purpose", "customer_id"), spec.partition());
            assertThat(lake.table(resorted, TableKind.EVENTS)).isSameAs(table);
            assertThat(table.iceberg().sortOrder().orderId()).isNotEqualTo(oldOrder);
            assertThat(table.sortOrder().toString()).isEqualTo("purpose, customer_id, event_id");
            ids.addAll(appendBatches(table, "new", 1, 300, 1500));

            assertThat(new Compactor(table, OPTIONS).compact()).isPresent();

            List<LiveFile> live = table.liveFiles(OptionalLong.empty());
            assertThat(live).hasSize(1);
            Rows.assertSorted("re-sorted", Rows.file(table, live.get(0).path()), table.sortOrder());
            ids.sort(null);
            assertThat(Rows.ids(Rows.current(table), "event_id")).isEqualTo(ids);
        }
    }
}
