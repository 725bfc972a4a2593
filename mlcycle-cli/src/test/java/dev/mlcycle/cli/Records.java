package dev.mlcycle.cli;

import dev.mlcycle.contracts.record.AuditEntry;
import dev.mlcycle.contracts.record.GateCheck;
import dev.mlcycle.contracts.record.GateDecision;
import dev.mlcycle.contracts.record.ModelRecord;
import dev.mlcycle.contracts.record.ModelVersion;
import dev.mlcycle.contracts.record.OffsetRange;
import dev.mlcycle.contracts.record.TrainingRun;
import dev.mlcycle.contracts.record.TrainingRun.RunStatus;
import dev.mlcycle.contracts.record.Trigger;
import dev.mlcycle.contracts.record.Trigger.TriggerKind;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Real contract records, built the way training-service writes them, for the CLI's tests. */
final class Records {
    static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
    static final String SHA = "ab".repeat(32);

    private Records() {}

    /** Classification metrics with bootstrap intervals, as a run records them. */
    static Map<String, Double> classificationMetrics() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("roc_auc", 0.8123);
        m.put("roc_auc.ci_low", 0.8011);
        m.put("roc_auc.ci_high", 0.8234);
        m.put("pr_auc", 0.6012);
        m.put("pr_auc.ci_low", 0.58);
        m.put("pr_auc.ci_high", 0.62);
        m.put("log_loss", 0.4321);
        m.put("log_loss.ci_low", 0.42);
        m.put("log_loss.ci_high", 0.44);
        m.put("accuracy", 0.801);
        m.put("brier", 0.14);
        m.put("validation.roc_auc", 0.815);
        return m;
    }

    static Trigger manual(String by, Instant at, String detail) {
        return new Trigger(TriggerKind.MANUAL, detail, by, at);
    }

    static TrainingRun queued(String id, String model, Instant at) {
        return new TrainingRun(
                id,
                model,
                "credit",
                manual("alice", at, "after the income fix"),
                RunStatus.QUEUED,
                null,
                null,
                null,
                null,
                42,
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

    static TrainingRun running(String id, String model, Instant at) {
        return new TrainingRun(
                id,
                model,
                "credit",
                manual("alice", at, "after the income fix"),
                RunStatus.RUNNING,
                4711L,
                null,
                List.of(
                        new OffsetRange("mlcycle.events.credit", 0, 0, 1000),
                        new OffsetRange("mlcycle.events.credit", 1, 5, 905)),
                Map.of("algorithm", "xgboost", "max-depth", "3"),
                42,
                null,
                null,
                null,
                at.plusSeconds(1),
                null,
                null,
                null,
                null,
                null);
    }

    static GateDecision passingGate() {
        return new GateDecision(
                true,
                List.of(
                        new GateCheck(
                                "min-roc_auc",
                                "roc_auc",
                                0.8123,
                                0.70,
                                null,
                                null,
                                true,
                                "roc_auc 0.8123 meets >= 0.7000"),
                        new GateCheck(
                                "not-worse-than-champion",
                                "roc_auc",
                                0.8123,
                                null,
                                0.8050,
                                0.01,
                                true,
                                "roc_auc 0.8123 vs champion v1 0.8050 on the same test split (tolerance 0.0100): not worse")),
                1);
    }

    static GateDecision refusingGate() {
        return new GateDecision(
                false,
                List.of(
                        new GateCheck(
                                "min-roc_auc",
                                "roc_auc",
                                0.6512,
                                0.70,
                                null,
                                null,
                                false,
                                "roc_auc 0.6512 fails >= 0.7000"),
                        new GateCheck(
                                "not-worse-than-champion",
                                "roc_auc",
                                0.6512,
                                null,
                                0.8123,
                                0.01,
                                false,
                                "roc_auc 0.6512 vs champion v2 0.8123 on the same test split (tolerance 0.0100): worse")),
                2);
    }

    static TrainingRun succeeded(String id, String model, Instant at, int version) {
        return new TrainingRun(
                id,
                model,
                "credit",
                manual("alice", at, "after the income fix"),
                RunStatus.SUCCEEDED,
                4711L,
                null,
                List.of(
                        new OffsetRange("mlcycle.events.credit", 0, 0, 1000),
                        new OffsetRange("mlcycle.events.credit", 1, 5, 905)),
                Map.of("algorithm", "xgboost", "max-depth", "3"),
                42,
                classificationMetrics(),
                passingGate(),
                version,
                at.plusSeconds(1),
                at.plusSeconds(43),
                42_100L,
                null,
                List.of("NEW_DATA: 12000 new rows since snapshot 4700"),
                null);
    }

    static TrainingRun rejected(String id, String model, Instant at) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("roc_auc", 0.6512);
        metrics.put("roc_auc.ci_low", 0.63);
        metrics.put("roc_auc.ci_high", 0.67);
        return new TrainingRun(
                id,
                model,
                "credit",
                new Trigger(TriggerKind.ALERT, "alert a-17: data drift on income", null, at),
                RunStatus.REJECTED,
                4712L,
                null,
                null,
                Map.of("algorithm", "logistic-regression"),
                42,
                metrics,
                refusingGate(),
                null,
                at.plusSeconds(1),
                at.plusSeconds(41),
                40_200L,
                null,
                null,
                null);
    }

    static TrainingRun failed(String id, String model, Instant at) {
        return new TrainingRun(
                id,
                model,
                "credit",
                new Trigger(TriggerKind.SCHEDULE, "0 3 * * *", null, at),
                RunStatus.FAILED,
                4713L,
                null,
                null,
                Map.of("algorithm", "logistic-regression"),
                42,
                null,
                null,
                null,
                at.plusSeconds(1),
                at.plusMillis(4200),
                3_200L,
                "data failed 1 of 6 checks: income: 40.0 % null, over the limit of 20.0 %",
                null,
                null);
    }

    static TrainingRun coalesced(String id, String model, Instant at, String into) {
        return new TrainingRun(
                id,
                model,
                "credit",
                new Trigger(TriggerKind.NEW_DATA, "12000 new rows", null, at),
                RunStatus.COALESCED,
                null,
                null,
                null,
                null,
                42,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                into);
    }

    static ModelVersion version(int v, String runId, Map<String, Double> metrics, Instant at) {
        return new ModelVersion(
                v,
                runId,
                at,
                "m/" + v,
                Map.of("model.tribuo", SHA),
                metrics,
                4700L + v,
                4800L + v,
                ModelVersion.VersionStatus.REGISTERED);
    }

    /** A classifier with versions 1 to 3: champion v2, challenger v3, with the audit of how it got there. */
    static ModelRecord classifier(String name) {
        List<ModelVersion> versions = List.of(
                version(1, "run-1", Map.of("roc_auc", 0.79, "pr_auc", 0.55, "log_loss", 0.47, "accuracy", 0.78), T0),
                version(
                        2,
                        "run-2",
                        Map.of("roc_auc", 0.8123, "pr_auc", 0.6012, "log_loss", 0.4321),
                        T0.plusSeconds(3600)),
                new ModelVersion(
                        3,
                        "run-3",
                        T0.plusSeconds(7200),
                        "m/3",
                        Map.of("model.tribuo", SHA),
                        Map.of(),
                        null,
                        null,
                        ModelVersion.VersionStatus.ARCHIVED));
        List<AuditEntry> audit = List.of(
                new AuditEntry(T0, "training-service", "register", "champion", null, 1, "passed the gate"),
                new AuditEntry(T0.plusSeconds(3600), "training-service", "register", null, null, 2, null),
                new AuditEntry(T0.plusSeconds(3700), "alice", "promote", "champion", 1, 2, "better recall"),
                new AuditEntry(T0.plusSeconds(7200), "bob", "promote", "challenger", null, 3, "shadow it"));
        return new ModelRecord(
                name,
                "credit",
                ModelRecord.Task.CLASSIFICATION,
                versions,
                Map.of("champion", 2, "challenger", 3),
                audit,
                T0.plusSeconds(7200));
    }

    /** A regressor with one version and no aliases or audit. */
    static ModelRecord regressor(String name) {
        return new ModelRecord(
                name,
                "housing",
                ModelRecord.Task.REGRESSION,
                List.of(version(1, "run-h1", Map.of("rmse", 1.25e9, "mae", 0.00001234, "r2", -0.5), T0)),
                null,
                null,
                T0);
    }
}
