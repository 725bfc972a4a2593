package dev.mlcycle.contracts.record;

import dev.mlcycle.contracts.json.Codecs;
import dev.mlcycle.contracts.json.JsonCodec;
import dev.mlcycle.contracts.record.Alert.AlertKind;
import dev.mlcycle.contracts.record.Alert.Severity;
import dev.mlcycle.contracts.record.LakeCommit.Operation;
import dev.mlcycle.contracts.record.ModelRecord.Task;
import dev.mlcycle.contracts.record.ModelVersion.VersionStatus;
import dev.mlcycle.contracts.record.TrainingRun.RunStatus;
import dev.mlcycle.contracts.record.Trigger.TriggerKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One realistic, fully populated example of every topic record, and one with every optional field
 * left out (optional lists and maps are then written empty), as kept under {@code src/test/resources/golden}. {@link GoldenRecordsTest} checks that the
 * files still decode to these values and that these values still encode to the files, so a renamed or
 * retyped field fails the build.
 *
 * <p>Regenerate after a deliberate change of the wire format, then review the diff: run {@link #main}
 * on the module's test class path (from an IDE, or {@code java -cp target/test-classes:target/classes:
 * <jackson jars> dev.mlcycle.contracts.record.GoldenExamples}) with the module or the repository root
 * as working directory, or pass the output directory as the only argument.
 */
public final class GoldenExamples {

    /** A golden file and the value it holds. */
    public record Golden<T>(String file, JsonCodec<T> codec, T example) {
        /** The example as the golden file holds it: indented, with a trailing newline. */
        public String render() {
            return codec.encodePretty(example) + "\n";
        }

        @Override
        public String toString() {
            return file;
        }
    }

    static final Instant T0 = Instant.parse("2026-03-02T09:15:00Z");

    private GoldenExamples() {}

    /** Every golden example, full and minimal, in file-name order per record. */
    public static List<Golden<?>> all() {
        return List.of(
                new Golden<>("lake-commit.json", Codecs.LAKE_COMMIT, lakeCommit()),
                new Golden<>("lake-commit-minimal.json", Codecs.LAKE_COMMIT, lakeCommitMinimal()),
                new Golden<>("model-record.json", Codecs.MODEL_RECORD, modelRecord()),
                new Golden<>("model-record-minimal.json", Codecs.MODEL_RECORD, modelRecordMinimal()),
                new Golden<>("training-run.json", Codecs.TRAINING_RUN, trainingRun()),
                new Golden<>("training-run-minimal.json", Codecs.TRAINING_RUN, trainingRunMinimal()),
                new Golden<>("training-run-failed.json", Codecs.TRAINING_RUN, trainingRunFailed()),
                new Golden<>("training-run-coalesced.json", Codecs.TRAINING_RUN, trainingRunCoalesced()),
                new Golden<>("prediction-record.json", Codecs.PREDICTION_RECORD, predictionRecord()),
                new Golden<>("prediction-record-minimal.json", Codecs.PREDICTION_RECORD, predictionRecordMinimal()),
                new Golden<>("drift-report.json", Codecs.DRIFT_REPORT, driftReport()),
                new Golden<>("drift-report-minimal.json", Codecs.DRIFT_REPORT, driftReportMinimal()),
                new Golden<>("alert.json", Codecs.ALERT, alert()),
                new Golden<>("alert-minimal.json", Codecs.ALERT, alertMinimal()),
                new Golden<>("alert-resolved.json", Codecs.ALERT, alertResolved()));
    }

    public static LakeCommit lakeCommit() {
        return new LakeCommit(
                "credit",
                "events",
                4_711_003_337_562_019_845L,
                3_882_910_274_001_552_311L,
                Operation.APPEND,
                List.of(
                        new DataFileInfo(
                                "data/credit/events/data/dt=2026-03-01/00000-7-1f3c.zstd.parquet",
                                "dt=2026-03-01",
                                1_840,
                                96_512),
                        new DataFileInfo(
                                "data/credit/events/data/dt=2026-03-02/00001-7-8a0d.zstd.parquet",
                                "dt=2026-03-02",
                                10_160,
                                498_003)),
                12_000,
                594_515,
                List.of(
                        new OffsetRange("mlcycle.events.credit", 0, 40_120, 42_120),
                        new OffsetRange("mlcycle.events.credit", 3, 39_877, 49_877)),
                Instant.parse("2026-03-01T23:58:41.250Z"),
                Instant.parse("2026-03-02T09:14:59.998Z"),
                T0);
    }

    /** A table's first commit, of no rows: no parent, no files, no offsets, no event times. */
    public static LakeCommit lakeCommitMinimal() {
        return new LakeCommit(
                "credit", "labels", 1L, null, Operation.APPEND, List.of(), 0, 0, List.of(), null, null, T0);
    }

    public static ModelRecord modelRecord() {
        ModelVersion v1 = new ModelVersion(
                1,
                "run-20260220-0001",
                Instant.parse("2026-02-20T04:02:11Z"),
                "credit-default/1",
                ordered(
                        "model.tribuo", "a74f8a66eb0d0fb18efa7bfa0a6038a3594e244e7bc4125af36fdfcc95e1dd93",
                        "encoding.json", "dee4e5ba8709524e0b4cfad2426c70c535119ee37e8cb65538aa021209c6ece6",
                        "model-card.json", "a389126632a36b9e1b05d1eb09a86fb81a6acc3ae148a79f030e083e573bddcb",
                        "reference-profile.json", "53443c5feeff55238fcb7d5ea843593da516d894f2cccd3a3cc8914c53068e7e"),
                ordered("auc", 0.8412, "accuracy", 0.7935, "log_loss", 0.4471),
                3_882_910_274_001_552_311L,
                null,
                VersionStatus.ARCHIVED);
        ModelVersion v2 = new ModelVersion(
                2,
                "run-20260302-0007",
                Instant.parse("2026-03-02T09:40:27Z"),
                "credit-default/2",
                ordered(
                        "model.tribuo", "27f95221204d89ac964212dea2de9556284ef2663c44d929e4d9ed1ecaa5c46a",
                        "encoding.json", "ea5313f5c4db4718746b7229245788b26d1da987ef0cdef8b512d25961f702c9",
                        "model-card.json", "50dfef0e2042eab655bc43c66f13f52b1e545ff6751255161e5275c6c5db2e37",
                        "reference-profile.json", "9be0483bbcff6bece50d9db502fde4f763952b0b244526d29c1f3705c0f96460"),
                ordered("auc", 0.8633, "accuracy", 0.8102, "log_loss", 0.4190),
                4_711_003_337_562_019_845L,
                2_208_431_095_118_775_410L,
                VersionStatus.REGISTERED);
        return new ModelRecord(
                "credit-default",
                "credit",
                Task.CLASSIFICATION,
                List.of(v1, v2),
                ordered(ModelRecord.CHAMPION, 2, ModelRecord.CHALLENGER, 1),
                List.of(
                        new AuditEntry(
                                Instant.parse("2026-02-20T04:02:12Z"),
                                "training-service",
                                "register",
                                null,
                                null,
                                1,
                                "first model; no champion to beat"),
                        new AuditEntry(
                                Instant.parse("2026-02-20T04:02:12Z"),
                                "training-service",
                                "promote",
                                ModelRecord.CHAMPION,
                                null,
                                1,
                                "gate passed: 2 of 2 checks"),
                        new AuditEntry(
                                Instant.parse("2026-03-02T09:40:28Z"),
                                "training-service",
                                "promote",
                                ModelRecord.CHAMPION,
                                1,
                                2,
                                "gate passed: auc 0.8633 >= champion 0.8412 - 0.005"),
                        new AuditEntry(
                                Instant.parse("2026-03-02T09:40:28Z"),
                                "training-service",
                                "promote",
                                ModelRecord.CHALLENGER,
                                null,
                                1,
                                "previous champion kept as challenger")),
                Instant.parse("2026-03-02T09:40:28Z"));
    }

    /** A model announced before its first version: no versions, aliases or audit. */
    public static ModelRecord modelRecordMinimal() {
        return new ModelRecord("house-price", "houses", Task.REGRESSION, List.of(), null, null, T0);
    }

    public static TrainingRun trainingRun() {
        return new TrainingRun(
                "run-20260302-0007",
                "credit-default",
                "credit",
                new Trigger(
                        TriggerKind.ALERT,
                        "alert-2026-03-02-0003: data drift on income, region",
                        "monitoring-service",
                        Instant.parse("2026-03-02T09:20:00Z")),
                RunStatus.SUCCEEDED,
                4_711_003_337_562_019_845L,
                2_208_431_095_118_775_410L,
                List.of(
                        new OffsetRange("mlcycle.events.credit", 0, 0, 42_120),
                        new OffsetRange("mlcycle.events.credit", 3, 0, 49_877)),
                ordered("trainer", "logistic-regression", "epochs", "10", "learning_rate", "0.05", "l2", "0.001"),
                42L,
                ordered("auc", 0.8633, "accuracy", 0.8102, "log_loss", 0.4190),
                new GateDecision(
                        true,
                        List.of(
                                new GateCheck("min-auc", "auc", 0.8633, 0.75, null, null, true, "auc 0.8633 >= 0.75"),
                                new GateCheck(
                                        "not-worse-than-champion",
                                        "auc",
                                        0.8633,
                                        null,
                                        0.8412,
                                        0.005,
                                        true,
                                        "auc 0.8633 >= champion 0.8412 - 0.005")),
                        1),
                2,
                Instant.parse("2026-03-02T09:20:01.120Z"),
                Instant.parse("2026-03-02T09:40:27.840Z"),
                1_226_720L,
                null,
                List.of("NEW_DATA: 12000 new rows since snapshot 3882910274001552311"),
                null);
    }

    /** A run that broke: the only kind with an error. */
    public static TrainingRun trainingRunFailed() {
        return new TrainingRun(
                "run-20260302-0009",
                "credit-default",
                "credit",
                new Trigger(TriggerKind.SCHEDULE, "0 3 * * *", null, Instant.parse("2026-03-03T03:00:00Z")),
                RunStatus.FAILED,
                4_711_003_337_562_019_845L,
                null,
                List.of(new OffsetRange("mlcycle.events.credit", 0, 0, 42_120)),
                ordered("trainer", "logistic-regression"),
                42L,
                null,
                null,
                null,
                Instant.parse("2026-03-03T03:00:00.210Z"),
                Instant.parse("2026-03-03T03:00:04.005Z"),
                3_795L,
                "label column \"default\" has one class only (no) in snapshot 4711003337562019845",
                null,
                null);
    }

    /** A trigger that came while another run was in flight: recorded, folded into that run, not run. */
    public static TrainingRun trainingRunCoalesced() {
        return new TrainingRun(
                "run-20260302-0010",
                "credit-default",
                "credit",
                new Trigger(
                        TriggerKind.ALERT,
                        "alert-2026-03-02-0004",
                        "monitoring",
                        Instant.parse("2026-03-02T09:21:00Z")),
                RunStatus.COALESCED,
                null,
                null,
                null,
                null,
                42L,
                null,
                null,
                null,
                null,
                Instant.parse("2026-03-02T09:21:00.004Z"),
                null,
                null,
                null,
                "run-20260302-0007");
    }

    /** A run just queued by hand: nothing known yet but the trigger and the seed. */
    public static TrainingRun trainingRunMinimal() {
        return new TrainingRun(
                "run-20260302-0008",
                "credit-default",
                "credit",
                new Trigger(TriggerKind.MANUAL, null, null, T0),
                RunStatus.QUEUED,
                null,
                null,
                null,
                null,
                7L,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
    }

    public static PredictionRecord predictionRecord() {
        Map<String, Object> features = new LinkedHashMap<>();
        features.put("income", 52_300.5);
        features.put("age", 41L);
        features.put("region", "north");
        features.put("has_mortgage", true);
        features.put("debt_ratio", null);
        return new PredictionRecord(
                "req-9f2c4e1a",
                "evt-000184223",
                "credit-default",
                2,
                ModelRecord.CHAMPION,
                features,
                Prediction.ofLabel("no", ordered("no", 0.8125, "yes", 0.1875)),
                Instant.parse("2026-03-02T10:01:17.482Z"),
                3.75,
                Instant.parse("2026-03-02T09:58:40Z"));
    }

    /** A regression answer to a request without an event id. */
    public static PredictionRecord predictionRecordMinimal() {
        return new PredictionRecord(
                "req-00000001",
                null,
                "house-price",
                1,
                ModelRecord.CHALLENGER,
                Map.of(),
                Prediction.ofValue(318_250.0),
                T0,
                0.0,
                null);
    }

    public static DriftReport driftReport() {
        Histogram income = new Histogram(
                List.of("(-inf, 30000)", "[30000, 55000)", "[55000, +inf)"),
                List.of(30_000.0, 55_000.0),
                List.of(3_333L, 3_334L, 3_333L),
                List.of(1_102L, 1_873L, 2_025L));
        Histogram region = new Histogram(
                List.of("north", "south", Histogram.UNSEEN, Histogram.MISSING),
                null,
                List.of(5_120L, 4_880L, 0L, 0L),
                List.of(2_904L, 2_051L, 31L, 14L));
        return new DriftReport(
                "drift-credit-default-2-20260302T0900",
                "credit-default",
                2,
                "credit",
                Instant.parse("2026-03-02T09:00:00Z"),
                Instant.parse("2026-03-02T10:00:00Z"),
                5_000,
                List.of(
                        new DriftTest(
                                "income",
                                "numeric",
                                DriftMethod.KS,
                                0.1844,
                                1.2e-9,
                                4.8e-9,
                                0.05,
                                0.1844,
                                0.1,
                                10_000L,
                                5_000L,
                                null,
                                income,
                                true),
                        DriftTest.describe("income", "numeric", DriftMethod.JS_DISTANCE, 0.1311, 10_000L, 5_000L, null),
                        new DriftTest(
                                "region",
                                "categorical",
                                DriftMethod.CHI_SQUARE,
                                41.73,
                                4.6e-9,
                                9.2e-9,
                                0.05,
                                0.0912,
                                0.05,
                                10_000L,
                                5_000L,
                                3,
                                region,
                                true),
                        new DriftTest(
                                "age",
                                "numeric",
                                DriftMethod.KS,
                                0.0121,
                                0.4471,
                                0.4471,
                                0.05,
                                0.0121,
                                0.1,
                                10_000L,
                                5_000L,
                                null,
                                null,
                                false),
                        DriftTest.describe("prediction", "prediction", DriftMethod.PSI, 0.081, 2_000L, 5_000L, null)),
                List.of(
                        new Performance("accuracy", 0.7412, 0.8102, 1_250, 0.7602, true),
                        Performance.of("log_loss", 0.5121, 0.4310, 1_250)),
                "benjamini-hochberg",
                true,
                7L,
                DriftReport.CLOSED_BY_ROWS,
                DriftReport.EVENT_TIME,
                List.of(AlertKind.DATA_DRIFT, AlertKind.PERFORMANCE),
                List.of(new DetectorState(
                        "ddm",
                        "errors",
                        0.31,
                        0.29,
                        1_250,
                        DetectorState.DRIFT,
                        ordered("warning_level", 2.0, "drift_level", 3.0, "min_observations", 30.0))));
    }

    /** A window with too few rows to test: no tests, no labels, no correction. */
    public static DriftReport driftReportMinimal() {
        return new DriftReport(
                "drift-house-price-1-20260302T0900",
                "house-price",
                1,
                "houses",
                Instant.parse("2026-03-02T09:00:00Z"),
                Instant.parse("2026-03-02T09:05:00Z"),
                3,
                List.of(),
                null,
                null,
                false,
                null,
                null,
                null,
                null,
                null);
    }

    public static Alert alert() {
        return new Alert(
                "alert-2026-03-02-0003",
                AlertKind.DATA_DRIFT,
                Severity.WARNING,
                "credit-default",
                2,
                "credit",
                "credit-default v2: 2 of 3 features drifted (income, region) in 09:00-10:00",
                List.of("income", "region"),
                "drift-credit-default-2-20260302T0900",
                Alert.SOURCE_MONITORING,
                Instant.parse("2026-03-02T10:00:03.017Z"),
                ordered("drifted_features", 2.0, "income.ks", 0.1844, "region.chi2", 41.73),
                Alert.Status.FIRING,
                null);
    }

    /** The resolution of {@link #alert()}: the same id, with when it cleared. */
    public static Alert alertResolved() {
        return alert().resolved(
                        Instant.parse("2026-03-02T14:00:02Z"),
                        "credit-default v2: no drift in 3 windows since 13:00",
                        "drift-credit-default-2-20260302T1300",
                        ordered("clean_windows", 3.0));
    }

    /** An alert from Alertmanager that names only the model. */
    public static Alert alertMinimal() {
        return new Alert(
                "am-5c1e0b7d",
                AlertKind.PERFORMANCE,
                Severity.CRITICAL,
                "credit-default",
                null,
                null,
                "MlcycleAccuracyLow firing for credit-default",
                null,
                null,
                Alert.SOURCE_ALERTMANAGER,
                T0,
                null,
                null,
                null);
    }

    /** A map in the order given, keys and values alternating. */
    @SuppressWarnings("unchecked")
    static <V> Map<String, V> ordered(Object... keysAndValues) {
        Map<String, V> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], (V) keysAndValues[i + 1]);
        }
        return map;
    }

    /**
     * Rewrites every golden file.
     *
     * @param args optional: the directory to write to; by default {@code src/test/resources/golden} of
     *     this module, found from the module or the repository root
     */
    public static void main(String[] args) throws IOException {
        Path dir = args.length > 0 ? Path.of(args[0]) : defaultDirectory();
        Files.createDirectories(dir);
        for (Golden<?> golden : all()) {
            Path file = dir.resolve(golden.file());
            Files.writeString(file, golden.render(), StandardCharsets.UTF_8);
            System.out.println("wrote " + file);
        }
    }

    private static Path defaultDirectory() {
        Path inModule = Path.of("src/test/resources/golden");
        return Files.isDirectory(Path.of("src/main/java/dev/mlcycle/contracts"))
                ? inModule
                : Path.of("platform/contracts").resolve(inModule);
    }
}
