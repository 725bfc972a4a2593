package dev.mlcycle.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.contracts.record.FeatureEvent;
import dev.mlcycle.contracts.record.LabelEvent;
import dev.mlcycle.contracts.record.LakeCommit;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link LakeTable#commitOf} rebuilds, from a snapshot alone, the very commit its writer returned. */
class SnapshotCommitsTest {
    @TempDir
    Path dir;

    @Test
    void rebuildsEveryAppendAndCompactionExactlyAsTheWriterReturnedIt() {
        try (Lake lake = Lake.open(dir)) {
            LakeTable table = lake.table(Credit.spec(dir), TableKind.EVENTS);
            List<LakeCommit> made = new ArrayList<>();
            // Small files: several per day partition, over three days; both write paths; and a commit of only offsets.
            try (TableWriter w = table.writer(WriterOptions.defaults().withTargetFileBytes(64 * 1024))) {
                List<FeatureEvent> first = Credit.events("a", 6_000, 3, 1);
                made.add(w.commit(w.write(Credit.rows(table, first)), List.of(Credit.range(0, 0, 6_000))));
                RowBatch batch = table.newBatch();
                Credit.events("b", 5_000, 2, 2).forEach(batch::add);
                made.add(w.commit(w.write(batch), List.of(Credit.range(0, 6_000, 11_000), Credit.range(1, 0, 7))));
                made.add(w.commit(WrittenFiles.empty(), List.of(Credit.range(2, 0, 3))));
            }
            assertThat(made.get(0).files()).hasSizeGreaterThan(3);
            LakeCommit compaction = new Compactor(
                            table,
                            CompactionOptions.defaults()
                                    .withTargetFileBytes(1 << 20)
                                    .withMinInputFiles(2))
                    .compact()
                    .orElseThrow();
            made.add(compaction);

            for (LakeCommit c : made) {
                assertThat(table.commitOf(c.snapshotId()))
                        .as("snapshot %d", c.snapshotId())
                        .isEqualTo(c);
            }
            assertThat(table.lineage())
                    .containsExactlyElementsOf(
                            made.stream().map(LakeCommit::snapshotId).toList());
        }
    }

    @Test
    void rebuildsALabelsAppendWithItsLabelTimes() {
        try (Lake lake = Lake.open(dir)) {
            LakeTable labels = lake.table(Credit.spec(dir), TableKind.LABELS);
            List<LabelEvent> rows = Credit.labels("l", 2_000, 3);
            LakeCommit made;
            try (TableWriter w = labels.writer(WriterOptions.defaults())) {
                made = w.commit(
                        w.write(rows.stream().map(labels::toRecord).toList()), List.of(Credit.range(4, 10, 2_010)));
            }
            assertThat(made.minEventTime()).isNotNull();
            assertThat(labels.commitOf(made.snapshotId())).isEqualTo(made);
        }
    }

    @Test
    void aTableWithoutSnapshotsHasAnEmptyLineageAndNoCommitOfAnUnknownId() {
        try (Lake lake = Lake.open(dir)) {
            LakeTable table = lake.table(Credit.spec(dir), TableKind.EVENTS);
            assertThat(table.lineage()).isEmpty();
            assertThatThrownBy(() -> table.commitOf(42))
                    .isInstanceOfSatisfying(
                            MlcycleException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND));
        }
    }
}
