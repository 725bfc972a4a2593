package dev.mlcycle.serving.score;

import dev.mlcycle.features.check.ValidationReport;
import dev.mlcycle.lake.PredictionsTable.JobCommit;
import dev.mlcycle.serving.score.BatchJobStatus.State;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** One batch job's progress, updated by the scoring thread and read by status calls. */
final class BatchJob {
    private final String id;
    private final BatchJobRequest request;
    private final String model;
    private final int version;
    private final String dataset;
    private final long snapshotId;
    private final Clock clock;
    private final Instant submittedAt;

    private State state = State.QUEUED;
    private long rowsDone;
    private Long rowsTotal;
    private Instant scoringSince;
    private String table;
    private JobCommit commit;
    private String error;
    private ValidationReport report;
    private Instant finishedAt;

    BatchJob(String id, BatchJobRequest request, int version, String dataset, long snapshotId, Clock clock) {
        this.id = id;
        this.request = request;
        this.model = request.model();
        this.version = version;
        this.dataset = dataset;
        this.snapshotId = snapshotId;
        this.clock = clock;
        this.submittedAt = clock.instant();
    }

    /** A job found finished in the lake (its commit), e.g. after a restart. */
    static BatchJob found(JobCommit commit, String dataset, Clock clock) {
        BatchJob job = new BatchJob(
                commit.jobId(),
                new BatchJobRequest(
                        commit.model(), commit.version(), commit.inputSnapshotId(), null, null, commit.jobId()),
                commit.version(),
                dataset,
                commit.inputSnapshotId(),
                clock);
        job.table = commit.table();
        job.commit = commit;
        job.rowsDone = commit.rows();
        job.rowsTotal = commit.rows();
        job.state = State.SUCCEEDED;
        job.finishedAt = commit.committedAt();
        return job;
    }

    String id() {
        return id;
    }

    BatchJobRequest request() {
        return request;
    }

    int version() {
        return version;
    }

    long snapshotId() {
        return snapshotId;
    }

    synchronized State state() {
        return state;
    }

    synchronized void table(String name) {
        this.table = name;
    }

    synchronized void checking() {
        state = State.CHECKING;
    }

    synchronized void checked(ValidationReport report) {
        this.report = report;
        this.rowsTotal = report.rows();
    }

    synchronized void scoring() {
        state = State.SCORING;
        scoringSince = clock.instant();
    }

    synchronized void scored(int rows) {
        rowsDone += rows;
    }

    synchronized void committing() {
        state = State.COMMITTING;
    }

    synchronized void succeeded(JobCommit commit) {
        this.commit = commit;
        if (!commit.added()) {
            rowsDone = 0;
        }
        state = State.SUCCEEDED;
        finishedAt = clock.instant();
    }

    synchronized void failed(String why) {
        error = why;
        state = State.FAILED;
        finishedAt = clock.instant();
    }

    synchronized BatchJobStatus status() {
        double rate = 0;
        Double eta = null;
        if (scoringSince != null) {
            Instant end = finishedAt != null ? finishedAt : clock.instant();
            double seconds = Duration.between(scoringSince, end).toNanos() / 1e9;
            rate = seconds > 0 ? rowsDone / seconds : 0;
            if (rowsTotal != null && rate > 0) {
                eta = state.done() ? 0.0 : (rowsTotal - rowsDone) / rate;
            }
        }
        return new BatchJobStatus(
                id,
                state,
                model,
                version,
                dataset,
                snapshotId,
                request.from(),
                request.to(),
                rowsDone,
                rowsTotal,
                rate,
                eta,
                table,
                commit == null ? null : commit.snapshotId(),
                commit == null ? null : commit.rows(),
                commit == null ? null : commit.added(),
                error,
                report,
                submittedAt,
                finishedAt);
    }
}
