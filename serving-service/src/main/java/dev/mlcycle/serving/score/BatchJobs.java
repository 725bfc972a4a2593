package dev.mlcycle.serving.score;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.contracts.record.PredictionRecord;
import dev.mlcycle.features.check.DataLimits;
import dev.mlcycle.lake.LabelledSnapshotReader;
import dev.mlcycle.lake.Lake;
import dev.mlcycle.lake.LakeTable;
import dev.mlcycle.lake.PredictionsTable;
import dev.mlcycle.lake.TableKind;
import dev.mlcycle.serving.model.ServedModel;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * The batch jobs of this process: {@link #submit} resolves the model version (loaded through a {@link ModelSource})
 * and the events snapshot at once, so a bad request fails there, then queues the job on one thread: jobs run one at
 * a time. Status is kept in memory; the predictions table's commit summary is the durable truth, so a finished job
 * is found again after a restart ({@link #get}). Submitting a job that is queued or running returns it; one that
 * committed before runs, finds its commit and adds nothing.
 */
public final class BatchJobs implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(BatchJobs.class);

    private final Lake lake;
    private final ModelSource models;
    private final BatchScorer scorer;
    private final Clock clock;
    private final Map<String, BatchJob> jobs = new ConcurrentHashMap<>();
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "mlcycle-batch-scoring");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param lake the lake to read events from and write predictions to
     * @param models where the scoring model comes from
     * @param limits the data checks' limits
     * @param batchRows rows scored per batch
     * @param predictions where every batch prediction also goes (the prediction log), or empty
     * @param clock for progress and times
     */
    public BatchJobs(
            Lake lake,
            ModelSource models,
            DataLimits limits,
            int batchRows,
            Optional<Consumer<PredictionRecord>> predictions,
            Clock clock) {
        if (batchRows < 1) {
            throw new IllegalArgumentException("batchRows must be >= 1, got " + batchRows);
        }
        this.lake = lake;
        this.models = models;
        this.scorer = new BatchScorer(lake, limits, batchRows, predictions, clock);
        this.clock = clock;
    }

    /**
     * Resolves and queues a job.
     *
     * @return the job's status (queued, or the one already in memory under the same id)
     * @throws MlcycleException {@link Reason#MODEL_NOT_FOUND} for an unknown model or version, {@link
     *     Reason#NOT_FOUND} for an unknown snapshot or a dataset without events
     */
    public BatchJobStatus submit(BatchJobRequest request) {
        ServedModel model = models.load(
                request.model(), request.version() == null ? OptionalInt.empty() : OptionalInt.of(request.version()));
        long snapshot = new LabelledSnapshotReader(lake)
                .eventsSnapshot(
                        model.spec(),
                        request.snapshotId() == null ? OptionalLong.empty() : OptionalLong.of(request.snapshotId()));
        String id = request.derivedId(model.version(), snapshot);
        BatchJob fresh = new BatchJob(id, request, model.version(), model.spec().name(), snapshot, clock);
        BatchJob job =
                jobs.compute(id, (k, old) -> old == null || old.state() == BatchJobStatus.State.FAILED ? fresh : old);
        if (job == fresh) {
            executor.execute(() -> run(job, model));
        }
        return job.status();
    }

    private void run(BatchJob job, ServedModel model) {
        try {
            scorer.run(job, model);
            LOG.infof("batch job %s: %s", job.id(), job.status().state());
        } catch (RuntimeException | Error e) {
            LOG.errorf(e, "batch job %s failed", job.id());
            job.failed(e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    /**
     * A job by id: from memory, else from the predictions tables' commits (a job finished before a restart).
     *
     * @throws MlcycleException {@link Reason#NOT_FOUND} when neither knows it
     */
    public BatchJobStatus get(String id) {
        BatchJob job = jobs.get(id);
        if (job != null) {
            return job.status();
        }
        for (LakeTable t : lake.tables()) {
            if (t.kind() != TableKind.PREDICTIONS) {
                continue;
            }
            Optional<PredictionsTable.JobCommit> commit =
                    PredictionsTable.find(lake, t.dataset()).flatMap(p -> p.findJob(id));
            if (commit.isPresent()) {
                return BatchJob.found(commit.get(), t.dataset(), clock).status();
            }
        }
        throw new MlcycleException(
                Reason.NOT_FOUND, "no batch job \"" + id + "\": not in this process, not committed in the lake");
    }

    /** The jobs in memory, newest first. */
    public List<BatchJobStatus> list() {
        List<BatchJobStatus> out = new ArrayList<>();
        jobs.values().forEach(j -> out.add(j.status()));
        out.sort(Comparator.comparing(BatchJobStatus::submittedAt).reversed());
        return out;
    }

    /** Stops taking jobs and waits (bounded) for the running one. */
    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
