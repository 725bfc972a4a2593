package dev.mlcycle.serving.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mlcycle.contracts.record.FeatureEvent;
import dev.mlcycle.contracts.record.PredictionRecord;
import dev.mlcycle.contracts.spec.DatasetCatalog;
import dev.mlcycle.contracts.spec.FeatureSpec;
import dev.mlcycle.features.check.DataCheck;
import dev.mlcycle.features.check.DataLimits;
import dev.mlcycle.kafka.local.junit.Bootstrap;
import dev.mlcycle.kafka.local.junit.WithLocalKafka;
import dev.mlcycle.lake.Lake;
import dev.mlcycle.lake.PredictionsTable;
import dev.mlcycle.registry.topic.RegistryReader;
import dev.mlcycle.serving.model.Frame;
import dev.mlcycle.serving.model.Outputs;
import dev.mlcycle.serving.model.ServedModel;
import dev.mlcycle.serving.score.BatchJobStatus.State;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.UUID;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Batch scoring on the real broker, a real lake and a real trained model. */
@WithLocalKafka
class BatchScoringIT {
    private static final int ROWS = 3_000;
    private static final DataLimits LIMITS = new DataLimits(1, 0.5, 0.0, 0.0);

    @TempDir
    Path dataDir;

    @Test
    void writesEveryRowOfTheSnapshotAsTheOnlineModelAnswersAndARerunAddsNothing(@Bootstrap String bootstrap) {
        String model = "score-it-" + UUID.randomUUID().toString().substring(0, 8);
        ScoringFixtures.Generated data = ScoringFixtures.generate(ROWS, 41);
        ScoringFixtures.trainAndRegister(bootstrap, dataDir.resolve("registry"), model, data);
        long snapshot = ScoringFixtures.land(dataDir.resolve("lake"), data.spec(), data.events(), e -> e);
        List<PredictionRecord> logged = Collections.synchronizedList(new ArrayList<>());

        BatchJobStatus done;
        String table;
        ModelSource source = models(bootstrap);
        try (Lake lake = Lake.open(dataDir.resolve("lake"));
                BatchJobs jobs =
                        new BatchJobs(lake, source, LIMITS, 700, Optional.of(logged::add), Clock.systemUTC())) {
            BatchJobStatus queued = jobs.submit(new BatchJobRequest(model, null, null, null, null, null));
            assertThat(queued.snapshotId()).isEqualTo(snapshot);
            assertThat(queued.version()).isEqualTo(1);
            done = awaitEnd(jobs, queued.id());

            assertThat(done.state()).as(String.valueOf(done.error())).isEqualTo(State.SUCCEEDED);
            assertThat(done.added()).isTrue();
            assertThat(done.rowsWritten()).isEqualTo(ROWS);
            assertThat(done.rowsDone()).isEqualTo(ROWS);
            assertThat(done.rowsTotal()).isEqualTo(ROWS);
            assertThat(done.dataChecks().passed()).isTrue();
            table = done.table();
            assertThat(table).isEqualTo("credit.predictions");

            // every row equals what the model answers online for the generator's own event
            ServedModel online = source.load(model, OptionalInt.of(1));
            Outputs expected = online.predict(frame(data.events(), online));
            Map<String, Record> written = predictions(lake);
            assertThat(written).hasSize(ROWS);
            for (int r = 0; r < ROWS; r++) {
                Record row = written.get(data.events().get(r).id());
                assertThat(row.getField(PredictionsTable.LABEL)).isEqualTo(expected.labels()[r]);
                @SuppressWarnings("unchecked")
                Map<String, Double> p = (Map<String, Double>) row.getField(PredictionsTable.PROBABILITIES);
                for (int c = 0; c < expected.classes().size(); c++) {
                    assertThat(p.get(expected.classes().get(c)))
                            .isCloseTo(expected.probabilities()[r][c], org.assertj.core.data.Offset.offset(1e-12));
                }
                assertThat(row.getField(PredictionsTable.VERSION)).isEqualTo(1);
                assertThat(row.getField(PredictionsTable.JOB_ID)).isEqualTo(done.id());
            }
            Map<String, java.time.Instant> eventTimes = new java.util.HashMap<>();
            data.events().forEach(e -> eventTimes.put(e.id(), e.timestamp()));
            assertThat(logged).hasSize(ROWS).allSatisfy(rec -> {
                assertThat(rec.variant()).isEqualTo("batch");
                assertThat(rec.version()).isEqualTo(1);
                assertThat(rec.eventId()).isNotNull();
                // the lake's event time of the row, the time monitoring windows the prediction by
                assertThat(rec.eventTime()).isNotNull().isEqualTo(eventTimes.get(rec.eventId()));
            });

            // the same request is the same job: it finds its commit and adds nothing
            BatchJobStatus again = awaitEnd(
                    jobs,
                    jobs.submit(new BatchJobRequest(model, null, null, null, null, null))
                            .id());
            assertThat(again.id()).isEqualTo(done.id());
        }
        try (Lake lake = Lake.open(dataDir.resolve("lake"));
                BatchJobs afterRestart =
                        new BatchJobs(lake, source, LIMITS, 700, Optional.empty(), Clock.systemUTC())) {
            // after a restart the finished job is found in the lake
            BatchJobStatus found = afterRestart.get(done.id());
            assertThat(found.state()).isEqualTo(State.SUCCEEDED);
            assertThat(found.commitSnapshotId()).isEqualTo(done.commitSnapshotId());
            assertThat(found.rowsWritten()).isEqualTo(ROWS);

            BatchJobStatus rerun = awaitEnd(
                    afterRestart,
                    afterRestart
                            .submit(new BatchJobRequest(model, 1, snapshot, null, null, null))
                            .id());
            assertThat(rerun.state()).isEqualTo(State.SUCCEEDED);
            assertThat(rerun.added()).isFalse();
            assertThat(rerun.commitSnapshotId()).isEqualTo(done.commitSnapshotId());
            assertThat(PredictionsTable.find(lake, "credit")
                            .orElseThrow()
                            .table()
                            .snapshots())
                    .hasSize(1);
            assertThat(predictions(lake)).hasSize(ROWS);
        }
    }

    @Test
    void failsWithTheDataChecksReportWhenTheDataFailsAndWritesNothing(@Bootstrap String bootstrap) {
        String model = "score-it-" + UUID.randomUUID().toString().substring(0, 8);
        ScoringFixtures.Generated data = ScoringFixtures.generate(1_000, 43);
        ScoringFixtures.trainAndRegister(bootstrap, dataDir.resolve("registry"), model, data);
        int[] n = {0};
        ScoringFixtures.land(dataDir.resolve("lake"), data.spec(), data.events(), e -> {
            if (n[0]++ % 10 != 0) {
                return e;
            }
            Map<String, Object> f = new LinkedHashMap<>(e.features());
            f.put("income", -5.0); // the spec says income >= 0
            return new FeatureEvent(e.id(), e.key(), e.timestamp(), f, e.label());
        });

        try (Lake lake = Lake.open(dataDir.resolve("lake"));
                BatchJobs jobs =
                        new BatchJobs(lake, models(bootstrap), LIMITS, 700, Optional.empty(), Clock.systemUTC())) {
            BatchJobStatus done = awaitEnd(
                    jobs,
                    jobs.submit(new BatchJobRequest(model, null, null, null, null, null))
                            .id());

            assertThat(done.state()).isEqualTo(State.FAILED);
            assertThat(done.dataChecks().passed()).isFalse();
            assertThat(done.dataChecks().failures())
                    .extracting(DataCheck::name, DataCheck::field)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("out-of-range", "income"));
            assertThat(done.error()).isEqualTo(done.dataChecks().summary()).contains("income: 100 of 1000 values");
            assertThat(done.rowsDone()).isZero();
            assertThat(PredictionsTable.find(lake, "credit")
                            .orElseThrow()
                            .table()
                            .snapshots())
                    .isEmpty();
        }
    }

    private ModelSource models(String bootstrap) {
        return new RegistryModelSource(
                new RegistryReader(bootstrap), dataDir.resolve("registry"), new DatasetCatalog(dataDir));
    }

    private static BatchJobStatus awaitEnd(BatchJobs jobs, String id) {
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> jobs.get(id).state().done());
        return jobs.get(id);
    }

    private static Frame frame(List<FeatureEvent> events, ServedModel model) {
        List<FeatureSpec> features = model.spec().features();
        List<String> names = features.stream().map(FeatureSpec::name).toList();
        Object[][] columns = new Object[names.size()][events.size()];
        String[] ids = new String[events.size()];
        for (int r = 0; r < events.size(); r++) {
            ids[r] = events.get(r).id();
            for (int f = 0; f < names.size(); f++) {
                columns[f][r] = events.get(r).features().get(names.get(f));
            }
        }
        return Frame.of(names, columns, ids);
    }

    private static Map<String, Record> predictions(Lake lake) {
        Map<String, Record> byId = new HashMap<>();
        PredictionsTable table = PredictionsTable.find(lake, "credit").orElseThrow();
        try (CloseableIterable<Record> rows = table.table().read(OptionalLong.empty())) {
            for (Record r : rows) {
                byId.put((String) r.getField(PredictionsTable.EVENT_ID), r.copy());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return byId;
    }
}
