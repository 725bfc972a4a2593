package dev.mlcycle.contracts.record;

import java.time.Instant;
import java.util.Map;

/**
 * One registered version of a model: an immutable bundle in the artifact store and what is known
 * about it. Nested in {@link ModelRecord}, on {@code mlcycle.registry}; written by training, read by
 * serving (which verifies each file's sha256 before loading), monitoring and the CLI.
 *
 * @param version the version number, {@code >= 1}, unique within the model
 * @param runId the training run that produced it (a {@link TrainingRun#runId()})
 * @param createdAt when the bundle was written
 * @param bundle the bundle's directory, relative to the registry root, e.g. {@code credit-default/3}
 * @param files every file of the bundle by name (relative to the bundle) with its sha256 as 64
 *     lower-case hex digits; at least one
 * @param metrics optional: evaluation metrics by name ({@code auc}, {@code rmse}, ...); absent means
 *     none
 * @param snapshotId optional: the lake events snapshot it was trained on
 * @param labelsSnapshotId optional: the lake labels snapshot it was trained on (absent when the dataset's labels
 *     come inline with its events, or for versions registered before labels snapshots were recorded)
 * @param status whether the version may still be served
 */
public record ModelVersion(
        int version,
        String runId,
        Instant createdAt,
        String bundle,
        Map<String, String> files,
        Map<String, Double> metrics,
        Long snapshotId,
        Long labelsSnapshotId,
        VersionStatus status) {

    /** The life of a version. Bundles are never deleted by a status change. */
    public enum VersionStatus {
        /** Registered and servable; an alias may point at it. */
        REGISTERED,
        /** Retired: kept for audit and rollback, not offered by default. */
        ARCHIVED
    }

    public ModelVersion {
        Fields.atLeast(version, 1, "version");
        Fields.text(runId, "run_id");
        Fields.required(createdAt, "created_at");
        Fields.relativePath(bundle, "bundle");
        files = Fields.map(files, "files");
        if (files.isEmpty()) {
            throw new IllegalArgumentException("field \"files\": expected at least one file, got none");
        }
        files.forEach((name, sha) -> {
            Fields.relativePath(name, "files");
            Fields.sha256(sha, "files." + name);
        });
        metrics = Fields.optionalNumbers(metrics, "metrics");
        Fields.optionalAtLeast(snapshotId, 0L, "snapshot_id");
        Fields.optionalAtLeast(labelsSnapshotId, 0L, "labels_snapshot_id");
        Fields.required(status, "status");
    }
}
