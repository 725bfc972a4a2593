package dev.mlcycle.contracts.record;

import static dev.mlcycle.contracts.record.GoldenExamples.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlcycle.contracts.record.Alert.AlertKind;
import dev.mlcycle.contracts.record.Alert.Severity;
import dev.mlcycle.contracts.record.LakeCommit.Operation;
import dev.mlcycle.contracts.record.ModelRecord.Task;
import dev.mlcycle.contracts.record.ModelVersion.VersionStatus;
import dev.mlcycle.contracts.record.TrainingRun.RunStatus;
import dev.mlcycle.contracts.record.Trigger.TriggerKind;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The rules the records' constructors hold, whether a value comes from JSON or from code. */
class RecordRulesTest {
    private static final String SHA = "a74f8a66eb0d0fb18efa7bfa0a6038a3594e244e7bc4125af36fdfcc95e1dd93";

    // OffsetRange

    @Test
    void acceptsAnEmptyOffsetRange() {
        OffsetRange range = new OffsetRange("mlcycle.events.credit", 0, 5, 5);

        assertThat(range.count()).isZero();
    }

    @Test
    void rejectsOffsetRangeEndingBeforeItStarts() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new OffsetRange("mlcycle.events.credit", 0, 10, 9))
                .withMessage("field \"until_offset\": expected >= 10, got 9");
    }

    @Test
    void rejectsNegativePartition() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new OffsetRange("mlcycle.events.credit", -1, 0, 1))
                .withMessage("field \"partition\": expected >= 0, got -1");
    }

    // LakeCommit

    @Test
    void rejectsLakeCommitWhoseMaxEventTimeIsBeforeItsMin() {
        Instant min = Instant.parse("2026-03-02T00:00:00Z");
        Instant max = Instant.parse("2026-03-01T00:00:00Z");

        assertThatIllegalArgumentException()
                .isThrownBy(() -> new LakeCommit(
                        "credit", "events", 1, null, Operation.APPEND, List.of(), 0, 0, List.of(), min, max, T0))
                .withMessageStartingWith("field \"max_event_time\": expected at or after min_event_time");
    }

    @Test
    void keepsLakeCommitRowsAsGivenForAReplace() {
        LakeCommit commit = new LakeCommit(
                "credit",
                "events",
                2,
                1L,
                Operation.REPLACE,
                List.of(new DataFileInfo("f.parquet", "dt=2026-03-01", 10, 100)),
                0,
                0,
                List.of(),
                null,
                null,
                T0);

        assertThat(commit.rows()).isZero();
        assertThat(commit.files()).hasSize(1);
    }

    @Test
    void rejectsDatasetNameThatCannotBeATopicName() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new LakeCommit(
                        "Credit Data", "events", 1, null, Operation.APPEND, List.of(), 0, 0, List.of(), null, null, T0))
                .withMessage("field \"dataset\": expected [a-z][a-z0-9_]{0,62}, got \"Credit Data\"");
    }

    @Test
    void rejectsNullElementInAList() {
        List<DataFileInfo> files = new ArrayList<>();
        files.add(null);

        assertThatIllegalArgumentException()
                .isThrownBy(() -> new LakeCommit(
                        "credit", "events", 1, null, Operation.APPEND, files, 0, 0, List.of(), null, null, T0))
                .withMessage("missing field \"files[0]\"");
    }

    @Test
    void copiesListsSoALaterChangeToTheInputDoesNotLeakIn() {
        List<OffsetRange> offsets = new ArrayList<>(List.of(new OffsetRange("mlcycle.events.credit", 0, 0, 1)));
        LakeCommit commit =
                new LakeCommit("credit", "events", 1, null, Operation.APPEND, List.of(), 1, 1, offsets, null, null, T0);

        offsets.clear();

        assertThat(commit.offsets()).hasSize(1);
        assertThatThrownBy(() -> commit.offsets().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    // ModelRecord, ModelVersion

    @Test
    void rejectsAliasPointingAtMissingVersionInCode() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new ModelRecord(
                        "credit-default",
                        "credit",
                        Task.CLASSIFICATION,
                        List.of(version(1)),
                        Map.of(ModelRecord.CHAMPION, 2),
                        List.of(),
                        T0))
                .withMessage("field \"aliases.champion\": expected one of the versions [1], got 2");
    }

    @Test
    void rejectsAnyAliasWhenThereIsNoVersion() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new ModelRecord(
                        "credit-default", "credit", Task.CLASSIFICATION, List.of(), Map.of("champion", 1), null, T0))
                .withMessage("field \"aliases.champion\": expected one of the versions [], got 1");
    }

    @Test
    void rejectsDuplicateVersionNumbers() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new ModelRecord(
                        "credit-default",
                        "credit",
                        Task.CLASSIFICATION,
                        List.of(version(3), version(3)),
                        null,
                        null,
                        T0))
                .withMessage(
                        "field \"versions[1].version\": expected unique, ascending version numbers, got 3 after 3");
    }

    @Test
    void rejectsModelNameWithUpperCase() {
        assertThatIllegalArgumentException()
                .isThrownBy(
                        () -> new ModelRecord("CreditDefault", "credit", Task.REGRESSION, List.of(), null, null, T0))
                .withMessage("field \"name\": expected [a-z][a-z0-9_-]{0,62}, got \"CreditDefault\"");
    }

    @Test
    void findsVersionsAliasesAndTheChampion() {
        ModelRecord record = GoldenExamples.modelRecord();

        assertThat(record.version(1)).map(ModelVersion::runId).contains("run-20260220-0001");
        assertThat(record.version(9)).isEmpty();
        assertThat(record.alias(ModelRecord.CHALLENGER)).isEqualTo(OptionalInt.of(1));
        assertThat(record.alias("canary")).isEmpty();
        assertThat(record.champion()).map(ModelVersion::version).contains(2);
        assertThat(record.latestVersion()).isEqualTo(OptionalInt.of(2));
    }

    @Test
    void hasNoChampionBeforeOneIsPromoted() {
        ModelRecord record = GoldenExamples.modelRecordMinimal();

        assertThat(record.champion()).isEqualTo(Optional.empty());
        assertThat(record.alias(ModelRecord.CHAMPION)).isEmpty();
        assertThat(record.latestVersion()).isEmpty();
        assertThat(record.aliases()).isEmpty();
        assertThat(record.audit()).isEmpty();
    }

    @Test
    void rejectsSha256WithSixtyThreeDigits() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> version(1, Map.of("model.tribuo", SHA.substring(1))))
                .withMessageStartingWith("field \"files.model.tribuo\": expected a sha256 as 64 lower-case hex digits");
    }

    @Test
    void rejectsSha256WithUpperCaseDigits() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> version(1, Map.of("model.tribuo", SHA.toUpperCase())))
                .withMessageStartingWith("field \"files.model.tribuo\": expected a sha256");
    }

    @Test
    void rejectsVersionWithoutFiles() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> version(1, Map.of()))
                .withMessage("field \"files\": expected at least one file, got none");
    }

    @Test
    void rejectsBundlePathThatLeavesTheRegistryRoot() {
        for (String bundle : List.of("/data/registry/credit-default/1", "../credit-default/1", "a/../../b", "C:/x")) {
            assertThatIllegalArgumentException()
                    .as(bundle)
                    .isThrownBy(() -> new ModelVersion(
                            1,
                            "run-1",
                            T0,
                            bundle,
                            Map.of("model.tribuo", SHA),
                            null,
                            null,
                            null,
                            VersionStatus.REGISTERED))
                    .withMessageStartingWith("field \"bundle\": expected a relative path");
        }
    }

    @Test
    void rejectsBundleFileNameThatLeavesTheBundle() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> version(1, Map.of("../../etc/passwd", SHA)))
                .withMessageStartingWith("field \"files\": expected a relative path");
    }

    @Test
    void rejectsNonFiniteMetric() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new ModelVersion(
                        1,
                        "run-1",
                        T0,
                        "m/1",
                        Map.of("model.tribuo", SHA),
                        Map.of("auc", Double.NaN),
                        null,
                        null,
                        VersionStatus.REGISTERED))
                .withMessage("field \"metrics.auc\": expected a finite number, got NaN");
    }

    @Test
    void keepsMapOrderAndRefusesChanges() {
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("rmse", 1.0);
        metrics.put("mae", 0.5);
        metrics.put("r2", 0.9);
        ModelVersion v = new ModelVersion(
                1, "run-1", T0, "m/1", Map.of("model.tribuo", SHA), metrics, null, null, VersionStatus.REGISTERED);

        metrics.put("extra", 2.0);

        assertThat(v.metrics().keySet()).containsExactly("rmse", "mae", "r2");
        assertThatThrownBy(() -> v.metrics().put("x", 1.0)).isInstanceOf(UnsupportedOperationException.class);
    }

    // TrainingRun

    @Test
    void rejectsFailedRunWithoutError() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> run(RunStatus.FAILED, null))
                .withMessageStartingWith("missing field \"error\"");
    }

    @Test
    void acceptsFailedRunWithError() {
        assertThat(run(RunStatus.FAILED, "lake snapshot 12 not found").error()).isEqualTo("lake snapshot 12 not found");
    }

    @Test
    void rejectsRunThatFinishedBeforeItStarted() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new TrainingRun(
                        "run-1",
                        "credit-default",
                        "credit",
                        new Trigger(TriggerKind.SCHEDULE, "0 3 * * *", null, T0),
                        RunStatus.SUCCEEDED,
                        1L,
                        null,
                        null,
                        null,
                        1,
                        null,
                        null,
                        null,
                        T0,
                        T0.minusSeconds(1),
                        null,
                        null,
                        null,
                        null))
                .withMessageStartingWith("field \"finished_at\": expected at or after started_at");
    }

    @Test
    void knowsWhichRunStatusesAreTerminal() {
        assertThat(RunStatus.QUEUED.terminal()).isFalse();
        assertThat(RunStatus.RUNNING.terminal()).isFalse();
        assertThat(RunStatus.SUCCEEDED.terminal()).isTrue();
        assertThat(RunStatus.COALESCED.terminal()).isTrue();
    }

    @Test
    void aFailedCopyEndsNoEarlierThanItStartedAndKeepsWhatTheRunKnew() {
        TrainingRun queued = run(RunStatus.QUEUED, null).withCoalescedTriggers(List.of("ALERT: a-1"));

        TrainingRun failed = queued.failed("interrupted", T0.minusSeconds(5));

        assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
        assertThat(failed.error()).isEqualTo("interrupted");
        assertThat(failed.startedAt()).isEqualTo(T0);
        assertThat(failed.finishedAt()).isEqualTo(T0);
        assertThat(failed.durationMs()).isZero();
        assertThat(failed.coalescedTriggers()).containsExactly("ALERT: a-1");
        assertThat(queued.failed("late", T0.plusSeconds(3)).durationMs()).isEqualTo(3000);
    }

    @Test
    void queuedAndCoalescedRunsCarryOnlyWhatIsKnownWhenTheyAreMade() {
        Trigger t = new Trigger(TriggerKind.MANUAL, null, "alice", T0);

        TrainingRun queued = TrainingRun.queued("run-1", "credit-default", "credit", t, 7);
        TrainingRun folded = TrainingRun.coalesced("run-2", "credit-default", "credit", t, 7, "run-1");

        assertThat(queued.status()).isEqualTo(RunStatus.QUEUED);
        assertThat(queued.seed()).isEqualTo(7);
        assertThat(queued.startedAt()).isNull();
        assertThat(queued.coalescedInto()).isNull();
        assertThat(folded.status()).isEqualTo(RunStatus.COALESCED);
        assertThat(folded.coalescedInto()).isEqualTo("run-1");
    }

    @Test
    void refusesACoalescedRunThatDoesNotSayWhereItWent() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> run(RunStatus.COALESCED, null))
                .withMessageContaining("coalesced_into");
    }

    @Test
    void listsTheGateChecksThatFailed() {
        GateCheck passed = new GateCheck("min-auc", "auc", 0.8, 0.75, null, null, true, null);
        GateCheck failed = new GateCheck("champion", "auc", 0.8, null, 0.9, 0.005, false, "auc 0.8 < 0.9 - 0.005");

        assertThat(new GateDecision(false, List.of(passed, failed), 3).failures())
                .containsExactly(failed);
    }

    @Test
    void rejectsNegativeGateTolerance() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new GateCheck("champion", "auc", 0.8, null, 0.9, -0.01, false, null))
                .withMessage("field \"tolerance\": expected >= 0, got -0.01");
    }

    // PredictionRecord, Prediction

    @Test
    void isKeyedByEventIdElseRequestId() {
        assertThat(GoldenExamples.predictionRecord().key()).isEqualTo("evt-000184223");
        assertThat(GoldenExamples.predictionRecordMinimal().key()).isEqualTo("req-00000001");
    }

    @Test
    void rejectsPredictionWithNeitherLabelNorValue() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new Prediction(null, Map.of("yes", 0.5, "no", 0.5), null))
                .withMessageStartingWith("missing field \"label\"");
    }

    @Test
    void rejectsProbabilityAboveOne() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Prediction.ofLabel("yes", Map.of("yes", 1.2)))
                .withMessage("field \"probabilities.yes\": expected a number in [0, 1], got 1.2");
    }

    @Test
    void normalizesFeatureNumbersToLongAndDouble() {
        Map<String, Object> features = new LinkedHashMap<>();
        features.put("i", 3);
        features.put("s", (short) 4);
        features.put("f", 1.5f);
        features.put("big", BigInteger.valueOf(7));
        features.put("dec", new BigDecimal("2.25"));

        PredictionRecord record = prediction(features);

        assertThat(record.features())
                .containsExactly(
                        Map.entry("i", 3L),
                        Map.entry("s", 4L),
                        Map.entry("f", 1.5),
                        Map.entry("big", 7L),
                        Map.entry("dec", 2.25));
    }

    @Test
    void rejectsListAsFeatureValue() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> prediction(Map.of("tags", List.of("a", "b"))))
                .withMessage("field \"features.tags\": expected a number, string, boolean or null, got an array");
    }

    @Test
    void rejectsInfiniteFeatureValue() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> prediction(Map.of("income", Double.POSITIVE_INFINITY)))
                .withMessage("field \"features.income\": expected a finite number, got Infinity");
    }

    @Test
    void acceptsNullFeatureValue() {
        Map<String, Object> features = new HashMap<>();
        features.put("income", null);

        assertThat(prediction(features).features()).containsEntry("income", null);
    }

    @Test
    void rejectsNegativeLatency() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new PredictionRecord(
                        "r", null, "m", 1, "champion", Map.of(), Prediction.ofValue(1), T0, -0.5, null))
                .withMessage("field \"latency_ms\": expected >= 0, got -0.5");
    }

    // DriftReport

    @Test
    void rejectsEmptyDriftWindow() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new DriftReport(
                        "r", "m", 1, "d", T0, T0, 0, List.of(), null, null, false, null, null, null, null, null))
                .withMessageStartingWith("field \"window_end\": expected after window_start");
    }

    @Test
    void rejectsPValueOutsideZeroToOne() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new DriftTest(
                        "income",
                        "numeric",
                        DriftMethod.KS,
                        0.2,
                        1.5,
                        null,
                        0.05,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        false))
                .withMessage("field \"p_value\": expected a number in [0, 1], got 1.5");
    }

    @Test
    void refusesAResolvedAlertWithoutItsTimeAndAFiringOneWithIt() {
        Alert firing = GoldenExamples.alert();
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new Alert(
                        firing.alertId(),
                        firing.kind(),
                        firing.severity(),
                        firing.model(),
                        null,
                        null,
                        "cleared",
                        null,
                        null,
                        "monitoring",
                        T0,
                        null,
                        Alert.Status.RESOLVED,
                        null))
                .withMessage("missing field \"resolved_at\": a resolved alert says when it cleared");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new Alert(
                        firing.alertId(),
                        firing.kind(),
                        firing.severity(),
                        firing.model(),
                        null,
                        null,
                        "open",
                        null,
                        null,
                        "monitoring",
                        T0,
                        null,
                        Alert.Status.FIRING,
                        T0))
                .withMessageStartingWith("field \"resolved_at\": expected absent on a firing alert");
    }

    @Test
    void refusesAHistogramWhoseCountsDoNotMatchItsBins() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new Histogram(List.of("a", "b"), null, List.of(1L, 2L), List.of(1L)))
                .withMessage("field \"current\": expected 2 counts (one per bin), got 1");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new Histogram(List.of("a", "b"), List.of(1.0, 2.0), List.of(1L, 2L), List.of(1L, 0L)))
                .withMessage("field \"edges\": expected 1 edges for 2 bins, got 2");
    }

    @Test
    void readsTheMethodsOfOldRecordsAndRefusesUnknownOnes() {
        assertThat(DriftMethod.of("js")).isEqualTo(DriftMethod.JS_DISTANCE);
        assertThat(DriftMethod.of("js_distance_base2")).isEqualTo(DriftMethod.JS_DISTANCE);
        assertThatIllegalArgumentException()
                .isThrownBy(() -> DriftMethod.of("wasserstein"))
                .withMessageContaining("got \"wasserstein\"");
    }

    @Test
    void listsTheTestsThatDrifted() {
        assertThat(GoldenExamples.driftReport().drifted())
                .extracting(DriftTest::target)
                .containsExactly("income", "region");
    }

    // Alert

    @Test
    void rejectsAlertWithoutModel() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new Alert(
                        "a-1",
                        AlertKind.CONCEPT_DRIFT,
                        Severity.INFO,
                        null,
                        null,
                        null,
                        "errors grew",
                        null,
                        null,
                        "monitoring",
                        T0,
                        null,
                        null,
                        null))
                .withMessage("missing field \"model\"");
    }

    @Test
    void rejectsBlankFeatureNameInAlert() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new Alert(
                        "a-1",
                        AlertKind.DATA_DRIFT,
                        Severity.WARNING,
                        "credit-default",
                        null,
                        null,
                        "drift",
                        List.of("income", " "),
                        null,
                        "monitoring",
                        T0,
                        null,
                        null,
                        null))
                .withMessage("field \"features[1]\": expected a non-empty string, got \" \"");
    }

    private static ModelVersion version(int number) {
        return version(number, Map.of("model.tribuo", SHA));
    }

    private static ModelVersion version(int number, Map<String, String> files) {
        return new ModelVersion(
                number,
                "run-" + number,
                T0,
                "credit-default/" + number,
                files,
                null,
                null,
                null,
                VersionStatus.REGISTERED);
    }

    private static TrainingRun run(RunStatus status, String error) {
        return new TrainingRun(
                "run-1",
                "credit-default",
                "credit",
                new Trigger(TriggerKind.MANUAL, null, "alice", T0),
                status,
                null,
                null,
                null,
                null,
                1,
                null,
                null,
                null,
                null,
                null,
                null,
                error,
                null,
                null);
    }

    private static PredictionRecord prediction(Map<String, Object> features) {
        return new PredictionRecord(
                "req-1",
                null,
                "credit-default",
                1,
                "champion",
                features,
                Prediction.ofLabel("no", null),
                T0,
                1.0,
                null);
    }
}
