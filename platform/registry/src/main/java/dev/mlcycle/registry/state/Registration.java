package dev.mlcycle.registry.state;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.contracts.Topics;
import dev.mlcycle.contracts.record.ModelRecord;
import dev.mlcycle.contracts.record.ModelRecord.Task;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What training knows about a new model version before the registry numbers it: the model, what it
 * was trained on, its evaluation metrics and who asks. The registry adds the version number, the
 * bundle and the time.
 *
 * @param model the model name ({@link ModelNames})
 * @param dataset the dataset it was trained on ({@link Topics#DATASET_NAME}); must stay the same for
 *     every version of a model
 * @param task what it predicts; must stay the same for every version of a model
 * @param runId the training run that produced it
 * @param metrics evaluation metrics by name, finite; empty if none
 * @param snapshotId the lake events snapshot it was trained on, or null if unknown
 * @param labelsSnapshotId the lake labels snapshot it was trained on, or null if none (labels inline) or unknown
 * @param alias an alias to point at the new version at once ({@value ModelRecord#CHAMPION} or {@value
 *     ModelRecord#CHALLENGER}), or null for none
 * @param actor who registers it, e.g. {@code training-service}
 * @param reason why, in a sentence, or null
 */
public record Registration(
        String model,
        String dataset,
        Task task,
        String runId,
        Map<String, Double> metrics,
        Long snapshotId,
        Long labelsSnapshotId,
        String alias,
        String actor,
        String reason) {

    /**
     * @throws MlcycleException {@link Reason#INVALID_ARGUMENT} naming the bad field and what it should be
     */
    public Registration {
        ModelNames.require(model);
        try {
            Topics.requireDatasetName(dataset);
            if (task == null) {
                throw invalid("task: expected one of " + java.util.Arrays.toString(Task.values()) + ", got nothing");
            }
            runId = RegistryState.requireText(runId, "run id");
            Map<String, Double> copy = new TreeMap<>();
            if (metrics != null) {
                for (Map.Entry<String, Double> m : metrics.entrySet()) {
                    if (m.getKey() == null || m.getKey().isBlank()) {
                        throw invalid("metrics: expected non-empty metric names, got " + metrics.keySet());
                    }
                    if (m.getValue() == null || !Double.isFinite(m.getValue())) {
                        throw invalid("metric \"" + m.getKey() + "\": expected a finite number, got " + m.getValue());
                    }
                    copy.put(m.getKey(), m.getValue());
                }
            }
            metrics = Collections.unmodifiableMap(new LinkedHashMap<>(copy));
            if (snapshotId != null && snapshotId < 0) {
                throw invalid("snapshot id: expected a lake snapshot id >= 0, got " + snapshotId);
            }
            if (labelsSnapshotId != null && labelsSnapshotId < 0) {
                throw invalid("labels snapshot id: expected a lake snapshot id >= 0, got " + labelsSnapshotId);
            }
            if (alias != null) {
                RegistryState.requireAlias(alias);
            }
            actor = RegistryState.requireText(actor, "actor");
        } catch (MlcycleException e) {
            throw new MlcycleException(e.reason(), "registration of model " + model + ", " + e.getMessage(), e);
        }
        reason = RegistryState.optionalText(reason);
    }

    /** A registration with no metrics, snapshot, alias or reason; add them with the {@code with} methods. */
    public static Registration of(String model, String dataset, Task task, String runId, String actor) {
        return new Registration(model, dataset, task, runId, Map.of(), null, null, null, actor, null);
    }

    /** This registration with these evaluation metrics. */
    public Registration withMetrics(Map<String, Double> metrics) {
        return new Registration(
                model, dataset, task, runId, metrics, snapshotId, labelsSnapshotId, alias, actor, reason);
    }

    /** This registration with the lake events snapshot it was trained on. */
    public Registration withSnapshotId(Long snapshotId) {
        return new Registration(
                model, dataset, task, runId, metrics, snapshotId, labelsSnapshotId, alias, actor, reason);
    }

    /** This registration with the lake events and labels snapshots it was trained on (either may be null). */
    public Registration withSnapshotIds(Long eventsSnapshotId, Long labelsSnapshotId) {
        return new Registration(
                model, dataset, task, runId, metrics, eventsSnapshotId, labelsSnapshotId, alias, actor, reason);
    }

    /** This registration setting an alias ({@code champion} or {@code challenger}) to the new version. */
    public Registration withAlias(String alias) {
        return new Registration(
                model, dataset, task, runId, metrics, snapshotId, labelsSnapshotId, alias, actor, reason);
    }

    /** This registration with a reason for the audit trail. */
    public Registration withReason(String reason) {
        return new Registration(
                model, dataset, task, runId, metrics, snapshotId, labelsSnapshotId, alias, actor, reason);
    }

    private static MlcycleException invalid(String message) {
        return new MlcycleException(Reason.INVALID_ARGUMENT, message);
    }
}
