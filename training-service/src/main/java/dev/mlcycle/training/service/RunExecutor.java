package dev.mlcycle.training.service;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.record.GateDecision;
import dev.mlcycle.contracts.record.OffsetRange;
import dev.mlcycle.contracts.record.TrainingRun;
import dev.mlcycle.contracts.record.TrainingRun.RunStatus;
import dev.mlcycle.contracts.spec.DatasetSpec;
import dev.mlcycle.features.LabelTarget;
import dev.mlcycle.features.check.ValidationReport;
import dev.mlcycle.lake.LabelledSnapshotReader.Selection;
import dev.mlcycle.registry.Registry;
import dev.mlcycle.training.adapter.LakeSnapshotReader;
import dev.mlcycle.training.adapter.RunReports;
import dev.mlcycle.training.adapter.SnapshotData;
import dev.mlcycle.training.data.LabelledFrame;
import dev.mlcycle.training.data.TimeSplit;
import dev.mlcycle.training.learn.GridSearch;
import dev.mlcycle.training.learn.Hyperparameters;
import dev.mlcycle.training.service.EncodeStage.Encoded;
import dev.mlcycle.training.service.EvaluateStage.Evaluation;
import dev.mlcycle.training.service.RunProgress.Phase;
import dev.mlcycle.training.service.TrainStage.Fit;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.jboss.logging.Logger;
import org.tribuo.Output;

/**
 * Runs one training run from start to end as a sequence of stages, each a small class with explicit inputs and
 * outputs: {@link ReadStage read} the lake snapshot, {@link ValidateStage check} the data, split it by time
 * ({@link TimeSplit}), {@link EncodeStage encode} (the encoder fitted on the train split), optionally {@link
 * SearchStage search} the grid, {@link TrainStage train}, {@link EvaluateStage evaluate} on validation and test,
 * {@link GateStage gate} against the champion, and {@link RegisterStage register} a passing candidate with its
 * bundle. This class only sequences them, moves the run's {@link RunProgress} from phase to phase and keeps the run
 * record: every state change is handed to {@code record} (which publishes it on {@code mlcycle.training.runs});
 * the returned record is the final one. File and lake I/O happen in the adapters the stages call ({@link
 * LakeSnapshotReader}, {@link RunReports}, the registry's bundle writer); time is read from the injected clock.
 *
 * <p>Bad data fails the run with the data report (saved as {@code <runs-dir>/<run-id>/data-report.json}) and trains
 * nothing; non-finite model outputs fail it before anything is registered; any other error fails it with its
 * message. Nothing is registered unless every step before registering succeeded.
 */
public final class RunExecutor {
    private static final Logger LOG = Logger.getLogger(RunExecutor.class);
    /** The actor the registry's audit trail names for registrations by a run. */
    public static final String ACTOR = "training-service";

    private final Clock clock;
    private final RunObserver observer;
    private final RunReports reports;
    private final ReadStage reading;
    private final ValidateStage validating;
    private final TrainStage training;
    private final GateStage gating;
    private final RegisterStage registering;

    /** Told what a run read and how long it took, for metrics. */
    public interface RunObserver {
        /** Rows read from the lake by a run of the model. */
        void rowsRead(String model, long rows, Duration took);

        /** A run ended. */
        void finished(TrainingRun run);

        /** An observer that does nothing. */
        RunObserver NONE = new RunObserver() {
            @Override
            public void rowsRead(String model, long rows, Duration took) {}

            @Override
            public void finished(TrainingRun run) {}
        };
    }

    /**
     * An executor.
     *
     * @param reader reads lake snapshots
     * @param registry where passing candidates are registered, and champions come from
     * @param runsDir where run reports are kept
     * @param clock the clock
     * @param observer told about reads and finished runs
     */
    public RunExecutor(LakeSnapshotReader reader, Registry registry, Path runsDir, Clock clock, RunObserver observer) {
        this.clock = clock;
        this.observer = observer;
        this.reports = new RunReports(runsDir);
        this.reading = new ReadStage(reader, clock, observer);
        this.validating = new ValidateStage(reports);
        this.training = new TrainStage(clock);
        this.gating = new GateStage(registry);
        this.registering = new RegisterStage(registry, clock);
    }

    /** Where the data report of a run is kept. */
    public Path dataReport(String runId) {
        return reports.dataReport(runId);
    }

    /**
     * Executes a run.
     *
     * @param queued the run as admitted (status QUEUED)
     * @param settings how to train
     * @param snapshot the events and labels snapshots to read, each the current one unless named
     * @param progress updated as the run goes
     * @param record receives every state change
     * @return the final record: SUCCEEDED, REJECTED or FAILED
     */
    public TrainingRun execute(
            TrainingRun queued,
            ModelSettings settings,
            Selection snapshot,
            RunProgress progress,
            Consumer<TrainingRun> record) {
        Instant started = clock.instant();
        RunState state = new RunState(queued, started);
        state.params = new LinkedHashMap<>(settings.params());
        state.params.put("algorithm", settings.algorithm().id());
        TrainingRun running = state.build(RunStatus.RUNNING, null);
        record.accept(running);
        TrainingRun last;
        try {
            last = run(state, settings, snapshot, progress, record);
        } catch (MlcycleException | IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
            LOG.warnf("run %s of %s failed: %s", queued.runId(), queued.model(), e.getMessage());
            last = state.build(RunStatus.FAILED, message(e));
        } catch (RuntimeException | OutOfMemoryError e) {
            LOG.errorf(e, "run %s of %s broke", queued.runId(), queued.model());
            last = state.build(RunStatus.FAILED, e.getClass().getSimpleName() + ": " + message(e));
        }
        progress.enter(Phase.DONE, last.status().name().toLowerCase(Locale.ROOT));
        record.accept(last);
        observer.finished(last);
        return last;
    }

    private static String message(Throwable e) {
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    private TrainingRun run(
            RunState state, ModelSettings s, Selection snapshot, RunProgress progress, Consumer<TrainingRun> record) {
        DatasetSpec spec = s.spec();
        s.algorithm().requireFits(spec.label().isClassification(), spec.name());
        Hyperparameters base = Hyperparameters.resolve(s.algorithm(), s.params());

        progress.enter(Phase.READING, "reading " + spec.name() + " from the lake");
        SnapshotData data = reading.read(s, snapshot, progress);
        state.snapshotId = data.eventsSnapshotId();
        state.labelsSnapshotId = data.labelsSnapshotId();
        state.offsets = data.offsets();
        record.accept(state.build(RunStatus.RUNNING, null));
        LabelledFrame frame = data.frame();
        LOG.infof(
                "run %s: read %d events of snapshot %d, %d labelled rows (%d unlabelled, %d duplicate ids)",
                state.runId(),
                data.eventsRead(),
                data.eventsSnapshotId(),
                frame.size(),
                data.unlabelled(),
                data.duplicates());

        progress.enter(Phase.VALIDATING, "checking " + frame.size() + " rows");
        ValidationReport report = validating.validate(state.runId(), s, data);
        if (!report.passed()) {
            return state.build(RunStatus.FAILED, report.summary());
        }
        TimeSplit split = TimeSplit.of(frame.size(), s.trainShare(), s.validationShare());

        if (spec.label().isClassification()) {
            return fit(state, s, base, data, report, split, LabelTarget.classification(spec.label()), progress);
        }
        return fit(state, s, base, data, report, split, LabelTarget.regression(spec.label()), progress);
    }

    private <T extends Output<T>> TrainingRun fit(
            RunState state,
            ModelSettings s,
            Hyperparameters base,
            SnapshotData data,
            ValidationReport report,
            TimeSplit split,
            LabelTarget<T> target,
            RunProgress progress) {
        progress.enter(Phase.ENCODING, "fitting the encoder on " + split.trainRows() + " train rows");
        Encoded<T> encoded = EncodeStage.encode(s.spec(), data.frame(), split, target, progress);

        Hyperparameters chosen = base;
        GridSearch.Result search = null;
        if (!s.grid().isEmpty()) {
            progress.enter(
                    Phase.SEARCHING, SearchStage.fits(s) + " fits of a " + s.cvFolds() + "-fold cross-validation");
            search = SearchStage.search(s, data.frame(), split, target, progress);
            chosen = search.best();
            state.params.putAll(prefixed("search.best.", chosen.asText()));
        }
        state.params.putAll(chosen.asText());

        progress.enter(
                Phase.TRAINING, s.algorithm().id() + " on " + encoded.train().size() + " rows");
        Fit<T> fit = training.train(
                s,
                chosen,
                search,
                encoded.train(),
                target,
                s.spec().name() + ".events@" + data.eventsSnapshotId() + " train split");

        progress.enter(Phase.EVALUATING, "scoring " + encoded.test().size() + " test rows");
        Evaluation evaluation = EvaluateStage.evaluate(s, fit.model(), encoded.validation(), encoded.test());
        state.metrics = evaluation.metrics();
        Candidate<T> candidate = new Candidate<>(data, report, split, encoded, fit, evaluation);

        progress.enter(Phase.GATING, "comparing with the champion");
        GateDecision decision = gating.gate(s, candidate, target);
        state.gate = decision;
        if (!decision.passed()) {
            return state.build(RunStatus.REJECTED, null);
        }

        progress.enter(Phase.REGISTERING, "writing the bundle");
        state.registeredVersion = registering.register(s, state.queued, candidate, decision);
        LOG.infof(
                "run %s: registered %s version %d as %s",
                state.runId(), s.model(), state.registeredVersion, s.promoteTo());
        return state.build(RunStatus.SUCCEEDED, null);
    }

    private static Map<String, String> prefixed(String prefix, Map<String, ?> values) {
        Map<String, String> out = new LinkedHashMap<>();
        values.forEach((k, v) -> out.put(prefix + k, String.valueOf(v)));
        return out;
    }

    /** The fields of a run record as the run fills them in. */
    private final class RunState {
        final TrainingRun queued;
        final Instant startedAt;
        Long snapshotId;
        Long labelsSnapshotId;
        List<OffsetRange> offsets;
        Map<String, String> params = new LinkedHashMap<>();
        Map<String, Double> metrics;
        GateDecision gate;
        Integer registeredVersion;

        RunState(TrainingRun queued, Instant startedAt) {
            this.queued = queued;
            this.startedAt = startedAt;
        }

        String runId() {
            return queued.runId();
        }

        TrainingRun build(RunStatus status, String error) {
            Instant finished = status.terminal() ? clock.instant() : null;
            return new TrainingRun(
                    queued.runId(),
                    queued.model(),
                    queued.dataset(),
                    queued.trigger(),
                    status,
                    snapshotId,
                    labelsSnapshotId,
                    offsets,
                    params,
                    queued.seed(),
                    metrics,
                    gate,
                    registeredVersion,
                    startedAt,
                    finished,
                    finished == null
                            ? null
                            : Duration.between(startedAt, finished).toMillis(),
                    error,
                    queued.coalescedTriggers(),
                    null);
        }
    }
}
