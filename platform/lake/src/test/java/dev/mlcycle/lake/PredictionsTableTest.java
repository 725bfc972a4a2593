package dev.mlcycle.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.contracts.record.FeatureEvent;
import dev.mlcycle.contracts.spec.DatasetSpec;
import dev.mlcycle.lake.LabelledSnapshotReader.EventColumns;
import dev.mlcycle.lake.LabelledSnapshotReader.EventsResult;
import dev.mlcycle.lake.LabelledSnapshotReader.Window;
import dev.mlcycle.lake.PredictionsTable.JobCommit;
import dev.mlcycle.lake.PredictionsTable.PredictionColumns;
import dev.mlcycle.lake.PredictionsTable.PredictionJob;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading events without labels in batches, and the predictions table's one-commit-per-job writer. */
class PredictionsTableTest {
    @TempDir
    Path dir;

    Lake lake;
    DatasetSpec spec;
    LakeTable events;
    long eventsSnapshot;

    @BeforeEach
    void landEvents() {
        lake = Lake.open(dir.resolve("lake"));
        spec = Credit.spec(dir);
        events = lake.table(spec, TableKind.EVENTS);
        List<FeatureEvent> rows = Credit.events("e", 1_000, 4, 7);
        try (TableWriter w = events.writer(WriterOptions.defaults())) {
            eventsSnapshot = w.commit(w.write(Credit.rows(events, rows)), List.of(Credit.range(0, 0, rows.size())))
                    .snapshotId();
        }
    }

    @AfterEach
    void closeLake() {
        lake.close();
    }

    @Test
    void readsEveryEventWithoutLabelsInBatchesOfAtMostTheBatchSize() {
        List<EventColumns> batches = new ArrayList<>();
        EventsResult result = new LabelledSnapshotReader(lake)
                .readEvents(spec, OptionalLong.empty(), Window.all(), 300, batches::add, n -> {});

        assertThat(result.eventsSnapshotId()).isEqualTo(eventsSnapshot);
        assertThat(result.rows()).isEqualTo(1_000);
        assertThat(batches).hasSize(4).allSatisfy(b -> assertThat(b.rows()).isLessThanOrEqualTo(300));
        Set<String> ids = new HashSet<>();
        batches.forEach(b -> ids.addAll(java.util.Arrays.asList(b.ids()).subList(0, b.rows())));
        assertThat(ids).hasSize(1_000);
        EventColumns first = batches.get(0);
        assertThat(first.names()).hasSize(spec.features().size());
        assertThat(first.columns()[first.names().indexOf("region")][0]).isInstanceOf(String.class);
    }

    @Test
    void readsOnlyEventsInsideTheWindowWithItsEndExcluded() {
        Instant from = Credit.DAY_ONE.plus(Duration.ofDays(1));
        Instant to = Credit.DAY_ONE.plus(Duration.ofDays(2));
        List<EventColumns> batches = new ArrayList<>();
        EventsResult result = new LabelledSnapshotReader(lake)
                .readEvents(spec, OptionalLong.of(eventsSnapshot), Window.of(from, to), 10_000, batches::add, n -> {});

        assertThat(result.rows()).isEqualTo(250);
        long fromMicros = from.getEpochSecond() * 1_000_000L;
        long toMicros = to.getEpochSecond() * 1_000_000L;
        for (EventColumns b : batches) {
            for (int r = 0; r < b.rows(); r++) {
                assertThat(b.eventMicros()[r])
                        .isGreaterThanOrEqualTo(fromMicros)
                        .isLessThan(toMicros);
            }
        }
    }

    @Test
    void refusesAWindowThatEndsBeforeItStarts() {
        assertThatThrownBy(() -> Window.of(Credit.DAY_ONE, Credit.DAY_ONE))
                .isInstanceOfSatisfying(
                        MlcycleException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_ARGUMENT))
                .hasMessageContaining("must be before its end");
    }

    @Test
    void writesAJobsBatchesInOneCommitNamingJobModelVersionAndInput() {
        PredictionsTable table = PredictionsTable.of(lake, spec);
        PredictionJob job = new PredictionJob("job-1", "credit-risk", 3, eventsSnapshot, null, null);

        JobCommit commit = scoreAll(table, job);

        assertThat(commit.added()).isTrue();
        assertThat(commit.rows()).isEqualTo(1_000);
        assertThat(table.table().snapshots()).hasSize(1);
        Map<String, String> summary =
                table.table().iceberg().snapshot(commit.snapshotId()).summary();
        assertThat(summary)
                .containsEntry(PredictionsTable.JOB_ID_KEY, "job-1")
                .containsEntry(PredictionsTable.MODEL_KEY, "credit-risk")
                .containsEntry(PredictionsTable.VERSION_KEY, "3")
                .containsEntry(PredictionsTable.INPUT_SNAPSHOT_KEY, Long.toString(eventsSnapshot));
        assertThat(table.findJob("job-1")).hasValueSatisfying(found -> {
            assertThat(found.snapshotId()).isEqualTo(commit.snapshotId());
            assertThat(found.rows()).isEqualTo(1_000);
        });
        try (CloseableIterable<Record> rows = table.table().read(OptionalLong.empty())) {
            Set<String> ids = new HashSet<>();
            for (Record r : rows) {
                ids.add((String) r.getField(PredictionsTable.EVENT_ID));
                assertThat(r.getField(PredictionsTable.EVENT_TIME)).isInstanceOf(OffsetDateTime.class);
                assertThat(r.getField(PredictionsTable.VERSION)).isEqualTo(3);
                assertThat(r.getField(PredictionsTable.JOB_ID)).isEqualTo("job-1");
                @SuppressWarnings("unchecked")
                Map<String, Double> p = (Map<String, Double>) r.getField(PredictionsTable.PROBABILITIES);
                assertThat(p.get("yes") + p.get("no")).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-12));
                assertThat(r.getField(PredictionsTable.LABEL)).isEqualTo(p.get("yes") >= 0.5 ? "yes" : "no");
                assertThat(r.getField(PredictionsTable.VALUE)).isNull();
            }
            assertThat(ids).hasSize(1_000);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void rerunningAJobAddsNothingAndDeletesItsFiles() {
        PredictionsTable table = PredictionsTable.of(lake, spec);
        PredictionJob job = new PredictionJob("job-2", "credit-risk", 1, eventsSnapshot, Credit.DAY_ONE, null);
        JobCommit first = scoreAll(table, job);
        int filesAfterFirst = table.table().liveFiles(OptionalLong.empty()).size();

        JobCommit again = scoreAll(table, job);

        assertThat(again.added()).isFalse();
        assertThat(again.snapshotId()).isEqualTo(first.snapshotId());
        assertThat(table.table().snapshots()).hasSize(1);
        assertThat(table.table().liveFiles(OptionalLong.empty())).hasSize(filesAfterFirst);
        assertThat(dataFilesOnDisk(table)).isEqualTo(filesAfterFirst);

        JobCommit other = scoreAll(table, new PredictionJob("job-3", "credit-risk", 1, eventsSnapshot, null, null));
        assertThat(other.added()).isTrue();
        assertThat(table.table().snapshots()).hasSize(2);
    }

    /** Reads every event in batches of 250 and "scores" it with a fixed rule, one write per batch, then commits. */
    private JobCommit scoreAll(PredictionsTable table, PredictionJob job) {
        try (PredictionsTable.JobWriter writer = table.writer(job, WriterOptions.defaults())) {
            new LabelledSnapshotReader(lake)
                    .readEvents(
                            spec,
                            OptionalLong.of(eventsSnapshot),
                            Window.all(),
                            250,
                            b -> {
                                String[] labels = new String[b.rows()];
                                double[][] p = new double[b.rows()][];
                                for (int r = 0; r < b.rows(); r++) {
                                    double yes = (r % 10) / 10.0;
                                    p[r] = new double[] {1 - yes, yes};
                                    labels[r] = yes >= 0.5 ? "yes" : "no";
                                }
                                writer.write(new PredictionColumns(
                                        b.ids(), b.eventMicros(), List.of("no", "yes"), labels, p, null, b.rows()));
                            },
                            n -> {});
            return writer.commit();
        }
    }

    private static long dataFilesOnDisk(PredictionsTable table) {
        Path data = dev.mlcycle.lake.io.LocalFileIO.path(table.table().iceberg().location())
                .resolve("data");
        try (var files = java.nio.file.Files.walk(data)) {
            return files.filter(f -> f.toString().endsWith(".parquet")).count();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
