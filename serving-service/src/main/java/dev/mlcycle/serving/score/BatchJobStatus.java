package dev.mlcycle.serving.score;

import dev.mlcycle.features.check.ValidationReport;
import java.time.Instant;

/**
 * A batch job as its status shows it (a snapshot of a running job, or a finished one).
 *
 * @param id the job id
 * @param state where it is
 * @param model the model name
 * @param version the model version scored with, once resolved
 * @param dataset the dataset, once resolved
 * @param snapshotId the events snapshot read, once resolved
 * @param from the window's start, or null
 * @param to the window's end, or null
 * @param rowsDone rows scored so far
 * @param rowsTotal rows to score (known after the data checks), or null
 * @param rowsPerSecond scoring rate so far
 * @param etaSeconds the seconds left at that rate, or null while unknown
 * @param table the predictions table, once known
 * @param commitSnapshotId the predictions snapshot holding the job's rows, once committed (or found)
 * @param rowsWritten rows that snapshot added
 * @param added false when the job had committed before and this run added nothing
 * @param error why it failed, or null
 * @param dataChecks the data checks' report, once made
 * @param submittedAt when it was submitted
 * @param finishedAt when it ended, or null
 */
public record BatchJobStatus(
        String id,
        State state,
        String model,
        Integer version,
        String dataset,
        Long snapshotId,
        Instant from,
        Instant to,
        long rowsDone,
        Long rowsTotal,
        double rowsPerSecond,
        Double etaSeconds,
        String table,
        Long commitSnapshotId,
        Long rowsWritten,
        Boolean added,
        String error,
        ValidationReport dataChecks,
        Instant submittedAt,
        Instant finishedAt) {

    /** The life of a job. */
    public enum State {
        QUEUED,
        CHECKING,
        SCORING,
        COMMITTING,
        SUCCEEDED,
        FAILED;

        /** True once the job has ended. */
        public boolean done() {
            return this == SUCCEEDED || this == FAILED;
        }
    }
}
