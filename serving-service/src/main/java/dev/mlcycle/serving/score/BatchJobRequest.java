package dev.mlcycle.serving.score;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * What a batch job scores: a model (its champion, or a version), the events of one lake snapshot (the current one
 * when not named) or of an event-time window {@code [from, to)} of it. {@code jobId} names the job; when absent it is
 * derived from the rest once the snapshot is known ({@link #derivedId}), so the same request on the same snapshot is
 * the same job and rerunning it adds nothing.
 *
 * @param model the model name
 * @param version the model version, or null for the champion
 * @param snapshotId the events snapshot, or null for the current one
 * @param from the window's start (inclusive), or null
 * @param to the window's end (exclusive), or null
 * @param jobId the job id, or null to derive it
 */
public record BatchJobRequest(String model, Integer version, Long snapshotId, Instant from, Instant to, String jobId) {
    public BatchJobRequest {
        if (model == null || model.isBlank()) {
            throw new MlcycleException(Reason.INVALID_ARGUMENT, "field \"model\": expected a model name, got none");
        }
        if (version != null && version < 1) {
            throw new MlcycleException(
                    Reason.INVALID_ARGUMENT, "field \"version\": expected a version >= 1, got " + version);
        }
        if (from != null && to != null && !from.isBefore(to)) {
            throw new MlcycleException(
                    Reason.INVALID_ARGUMENT,
                    "fields \"from\" and \"to\": expected from before to (to is exclusive), got " + from + " and "
                            + to);
        }
        if (jobId != null && !jobId.matches("[A-Za-z0-9._-]{1,128}")) {
            throw new MlcycleException(
                    Reason.INVALID_ARGUMENT,
                    "field \"job_id\": expected 1 to 128 letters, digits, '.', '_' or '-', got \"" + jobId + "\"");
        }
    }

    /**
     * The id of this job once the model version and the snapshot are resolved: the given one, else {@code
     * score-<model>-v<version>-<12 hex digits of the sha256 of model, version, snapshot and window>}.
     */
    public String derivedId(int resolvedVersion, long resolvedSnapshot) {
        if (jobId != null) {
            return jobId;
        }
        String key = model + "\n" + resolvedVersion + "\n" + resolvedSnapshot + "\n" + (from == null ? "" : from) + "\n"
                + (to == null ? "" : to);
        try {
            byte[] sha = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return "score-" + model + "-v" + resolvedVersion + "-"
                    + HexFormat.of().formatHex(sha, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
