package dev.mlcycle.contracts.record;

import dev.mlcycle.contracts.Topics;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One training run at one point of its life: the value of {@code mlcycle.training.runs} ({@link
 * Topics#TRAINING_RUNS}), keyed by {@link #runId()}. Training writes a record at every state change,
 * so the latest record per run id is its current state; the CLI and dashboards read them.
 *
 * <p>A run records its provenance: the trigger, the lake snapshot and Kafka offsets it read, the
 * parameters and seed, so the same inputs reproduce the same model.
 *
 * @param runId the run's unique id
 * @param model the model trained, as in {@link Topics#MODEL_NAME}
 * @param dataset the dataset it reads, as in {@link Topics#DATASET_NAME}
 * @param trigger why the run was asked for
 * @param status where the run is
 * @param snapshotId optional: the events snapshot of the lake read; absent until the run has picked one
 * @param labelsSnapshotId optional: the labels snapshot of the lake read (the dataset's labels table); absent until
 *     the run has picked one, and for a dataset whose lake has no labels table (labels inline in the events)
 * @param offsets optional: the Kafka offsets that snapshot covers; absent means none known yet
 * @param params optional: the trainer's hyper-parameters by name, as strings; absent means none
 * @param seed the random seed
 * @param metrics optional: evaluation metrics of the candidate by name; absent means none yet
 * @param gate optional: the promotion gate's decision; absent until evaluated
 * @param registeredVersion optional: the registry version the candidate became; absent unless
 *     registered
 * @param startedAt optional: when training started; absent while queued
 * @param finishedAt optional: when the run ended, not before {@code started_at}
 * @param durationMs optional: how long training took in milliseconds, {@code >= 0}
 * @param error optional: why it failed; present when {@code status} is {@link RunStatus#FAILED}
 * @param coalescedTriggers optional: the triggers folded into this run while it was queued or running,
 *     each as {@code KIND: detail}; absent means none
 * @param coalescedInto optional: for a {@link RunStatus#COALESCED} record, the run it was folded into (the run in
 *     flight, or the last run when the trigger came within the model's cooldown)
 */
public record TrainingRun(
        String runId,
        String model,
        String dataset,
        Trigger trigger,
        RunStatus status,
        Long snapshotId,
        Long labelsSnapshotId,
        List<OffsetRange> offsets,
        Map<String, String> params,
        long seed,
        Map<String, Double> metrics,
        GateDecision gate,
        Integer registeredVersion,
        Instant startedAt,
        Instant finishedAt,
        Long durationMs,
        String error,
        List<String> coalescedTriggers,
        String coalescedInto) {

    /** Where a run is in its life. */
    public enum RunStatus {
        /** Accepted, waiting for a trainer. */
        QUEUED,
        /** Training or evaluating. */
        RUNNING,
        /** Trained, evaluated and passed the gate; see {@code registered_version}. */
        SUCCEEDED,
        /** Broke: see {@code error}. */
        FAILED,
        /** Trained and evaluated, but the gate refused the candidate; see {@code gate}. */
        REJECTED,
        /** Not run: folded into another run that was already queued or running. */
        COALESCED;

        /** True once the run will not change any more. */
        public boolean terminal() {
            return this != QUEUED && this != RUNNING;
        }
    }

    public TrainingRun {
        Fields.text(runId, "run_id");
        Fields.matching(model, Topics.MODEL_NAME, "model");
        Fields.matching(dataset, Topics.DATASET_NAME, "dataset");
        Fields.required(trigger, "trigger");
        Fields.required(status, "status");
        offsets = Fields.optionalList(offsets, "offsets");
        params = Fields.optionalMap(params, "params");
        metrics = Fields.optionalNumbers(metrics, "metrics");
        Fields.optionalAtLeast(registeredVersion, 1, "registered_version");
        Fields.optionalAtLeast(snapshotId, 0L, "snapshot_id");
        Fields.optionalAtLeast(labelsSnapshotId, 0L, "labels_snapshot_id");
        Fields.ordered(startedAt, "started_at", finishedAt, "finished_at");
        Fields.optionalAtLeast(durationMs, 0L, "duration_ms");
        if (status == RunStatus.FAILED && (error == null || error.isBlank())) {
            throw new IllegalArgumentException("missing field \"error\": a FAILED run says why");
        }
        coalescedTriggers = Fields.optionalList(coalescedTriggers, "coalesced_triggers");
        Fields.optionalText(coalescedInto, "coalesced_into");
        if (status == RunStatus.COALESCED && coalescedInto == null) {
            throw new IllegalArgumentException(
                    "missing field \"coalesced_into\": a COALESCED run names the run it" + " was folded into");
        }
    }

    /** A run just admitted: nothing known yet but the trigger and the seed. */
    public static TrainingRun queued(String runId, String model, String dataset, Trigger trigger, long seed) {
        return notRun(runId, model, dataset, trigger, RunStatus.QUEUED, seed, null);
    }

    /** A trigger recorded but not run: folded into the run {@code into}. */
    public static TrainingRun coalesced(
            String runId, String model, String dataset, Trigger trigger, long seed, String into) {
        return notRun(runId, model, dataset, trigger, RunStatus.COALESCED, seed, into);
    }

    /** A run that has not started: its trigger, status and seed, and the run it was folded into, if any. */
    private static TrainingRun notRun(
            String runId, String model, String dataset, Trigger trigger, RunStatus status, long seed, String into) {
        return new TrainingRun(
                runId, model, dataset, trigger, status, null, null, null, null, seed, null, null, null, null, null,
                null, null, null, into);
    }

    /** This run, listing these triggers as folded into it. */
    public TrainingRun withCoalescedTriggers(List<String> triggers) {
        return new TrainingRun(
                runId,
                model,
                dataset,
                trigger,
                status,
                snapshotId,
                labelsSnapshotId,
                offsets,
                params,
                seed,
                metrics,
                gate,
                registeredVersion,
                startedAt,
                finishedAt,
                durationMs,
                error,
                triggers,
                coalescedInto);
    }

    /**
     * This run ended as {@link RunStatus#FAILED} with this error at {@code at} (or at its start, if {@code at} is
     * earlier); nothing registered.
     */
    public TrainingRun failed(String why, Instant at) {
        Instant started = startedAt != null ? startedAt : trigger.requestedAt();
        Instant finished = at.isBefore(started) ? started : at;
        return new TrainingRun(
                runId,
                model,
                dataset,
                trigger,
                RunStatus.FAILED,
                snapshotId,
                labelsSnapshotId,
                offsets,
                params,
                seed,
                metrics,
                gate,
                null,
                started,
                finished,
                java.time.Duration.between(started, finished).toMillis(),
                why,
                coalescedTriggers,
                null);
    }
}
