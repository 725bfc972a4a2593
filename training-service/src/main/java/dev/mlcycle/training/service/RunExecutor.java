package dev.mlcycle.training.service;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.contracts.json.Json;
import dev.mlcycle.contracts.record.GateDecision;
import dev.mlcycle.contracts.record.ModelRecord;
import dev.mlcycle.contracts.record.ModelRecord.Task;
import dev.mlcycle.contracts.record.ModelVersion;
import dev.mlcycle.contracts.record.TrainingRun;
import dev.mlcycle.contracts.record.TrainingRun.RunStatus;
import dev.mlcycle.contracts.spec.DatasetSpec;
import dev.mlcycle.features.EncoderState;
import dev.mlcycle.features.FeatureEncoder;
import dev.mlcycle.features.LabelTarget;
import dev.mlcycle.lake.LabelledSnapshotReader.Selection;
import dev.mlcycle.registry.Registry;
import dev.mlcycle.registry.bundle.BundleFiles;
import dev.mlcycle.registry.bundle.VerifiedBundle;
import dev.mlcycle.registry.state.Registration;
import dev.mlcycle.stats.metrics.Bootstrap;
import dev.mlcycle.stats.metrics.BootstrapResult;
import dev.mlcycle.stats.profile.ClassificationPredictions;
import dev.mlcycle.stats.profile.PredictionProfile;
import dev.mlcycle.stats.profile.ProfileBuilder;
import dev.mlcycle.stats.profile.ProfileOptions;
import dev.mlcycle.stats.profile.ReferenceProfile;
import dev.mlcycle.stats.profile.RegressionPredictions;
import dev.mlcycle.training.adapter.LakeSnapshotReader;
import dev.mlcycle.training.adapter.SnapshotData;
import dev.mlcycle.training.data.DataValidator;
import dev.mlcycle.training.data.LabelledFrame;
import dev.mlcycle.training.data.TimeSplit;
import dev.mlcycle.training.data.ValidationReport;
import dev.mlcycle.training.learn.GridSearch;
import dev.mlcycle.training.learn.Hyperparameters;
import dev.mlcycle.training.learn.Scorer;
import dev.mlcycle.training.learn.TrainerFactory;
import dev.mlcycle.training.service.RunProgress.Phase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jboss.logging.Logger;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Output;
import org.tribuo.Tribuo;
import org.tribuo.classification.Label;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.regression.Regressor;

/**
 * Runs one training run from start to end: read the lake snapshot, check the data, split it by time, fit the
 * encoder on the train split, optionally search the grid, train, evaluate on validation and test, score the
 * champion on the same test split, gate, and register a passing candidate with its bundle (model, encoder,
 * model card, reference profile). Every state change is handed to {@code record} (which publishes it on {@code
 * mlcycle.training.runs}); the returned record is the final one.
 *
 * <p>Bad data fails the run with the data report (saved as {@code <runs-dir>/<run-id>/data-report.json}) and trains
 * nothing; non-finite model outputs fail it before anything is registered; any other error fails it with its
 * message. Nothing is registered unless every step before registering succeeded.
 */
public final class RunExecutor {
    private static final Logger LOG = Logger.getLogger(RunExecutor.class);
    /** The actor the registry's audit trail names for registrations by a run. */
    public static final String ACTOR = "training-service";

    private final LakeSnapshotReader reader;
    private final Registry registry;
    private final Path runsDir;
    private final Clock clock;
    private final RunObserver observer;

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
        this.reader = reader;
        this.registry = registry;
        this.runsDir = runsDir;
        this.clock = clock;
        this.observer = observer;
    }

    /** Where the data report of a run is kept. */
    public Path dataReport(String runId) {
        return runsDir.resolve(runId).resolve("data-report.json");
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
        progress.enter(Phase.DONE, last.status().name().toLowerCase(java.util.Locale.ROOT));
        record.accept(last);
        observer.finished(last);
        return last;
    }

    private static String message(Throwable e) {
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    private TrainingRun run(
            RunState state, ModelSettings s, Selection snapshot, RunProgress progress, Consumer<TrainingRun> record)
            throws RuntimeException {
        DatasetSpec spec = s.spec();
        s.algorithm().requireFits(spec.label().isClassification(), spec.name());
        Hyperparameters base = Hyperparameters.resolve(s.algorithm(), s.params());

        progress.enter(Phase.READING, "reading " + spec.name() + " from the lake");
        Instant readStart = clock.instant();
        SnapshotData data = reader.read(spec, snapshot, s.window(), n -> progress.advance(n, 0));
        observer.rowsRead(s.model(), data.eventsRead(), Duration.between(readStart, clock.instant()));
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
        ValidationReport report = new DataValidator(s.limits()).validate(frame, data.schemaProblems());
        writeReport(state.runId(), report);
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
        LabelledFrame frame = data.frame();
        DatasetSpec spec = s.spec();
        boolean classification = target.isClassification();

        progress.enter(Phase.ENCODING, "fitting the encoder on " + split.trainRows() + " train rows");
        EncoderState encoderState = FeatureEncoder.fit(spec, frame.rows(0, split.trainEnd()));
        FeatureEncoder encoder = FeatureEncoder.of(encoderState);
        List<Example<T>> train = examples(encoder, frame, 0, split.trainEnd(), target, progress);
        List<Example<T>> validation =
                examples(encoder, frame, split.trainEnd(), split.validationEnd(), target, progress);
        List<Example<T>> test = examples(encoder, frame, split.validationEnd(), frame.size(), target, progress);

        Hyperparameters chosen = base;
        GridSearch.Result search = null;
        if (!s.grid().isEmpty()) {
            int fits = GridSearch.expand(s.params(), s.grid()).size() * s.cvFolds();
            progress.enter(Phase.SEARCHING, fits + " fits of a " + s.cvFolds() + "-fold cross-validation");
            search = GridSearch.search(
                    s.algorithm(),
                    s.params(),
                    s.grid(),
                    train,
                    target.factory(),
                    s.cvFolds(),
                    s.seed(),
                    p -> trainer(p, s.seed(), classification),
                    scorer(s.gate().compareMetric(), spec),
                    e -> classification ? e.getOutput().toString() : "all",
                    progress::advance);
            chosen = search.best();
            state.params.putAll(prefixed("search.best.", chosen.asText()));
        }
        state.params.putAll(chosen.asText());

        progress.enter(Phase.TRAINING, s.algorithm().id() + " on " + train.size() + " rows");
        MutableDataset<T> trainSet = new MutableDataset<>(
                new SimpleDataSourceProvenance(
                        spec.name() + ".events@" + data.eventsSnapshotId() + " train split", target.factory()),
                target.factory());
        trainSet.addAll(train);
        Instant fitStart = clock.instant();
        Model<T> model = this.<T>trainer(chosen, s.seed(), classification).train(trainSet);
        double trainingSeconds = Duration.between(fitStart, clock.instant()).toNanos() / 1e9;

        progress.enter(Phase.EVALUATING, "scoring " + test.size() + " test rows");
        List<String> classes = spec.label().values();
        Scoring testScore = score(model, test, classes, classification);
        Scoring validationScore = validation.isEmpty() ? null : score(model, validation, classes, classification);
        Bootstrap bootstrap = Bootstrap.withSeed(s.seed()).withResamples(s.bootstrapResamples());
        BootstrapResult intervals = classification
                ? bootstrap.classification(
                        classes, testScore.actual(), testScore.probabilities(), Scoring.positiveClass(classes))
                : bootstrap.regression(testScore.actualValues(), testScore.predictions());
        Map<String, Double> metrics = new LinkedHashMap<>(testScore.metrics());
        intervals.intervals().forEach((name, ci) -> {
            metrics.put(name + ".ci_low", ci.lower());
            metrics.put(name + ".ci_high", ci.upper());
        });
        if (validationScore != null) {
            validationScore.metrics().forEach((name, v) -> metrics.put("validation." + name, v));
        }
        state.metrics = metrics;

        progress.enter(Phase.GATING, "comparing with the champion");
        Gate.Champion champion = championOn(s, frame, split, target, classes, classification);
        GateDecision decision = s.gate().decide(testScore.metrics(), champion);
        state.gate = decision;
        if (!decision.passed()) {
            return state.build(RunStatus.REJECTED, null);
        }

        progress.enter(Phase.REGISTERING, "writing the bundle");
        ModelCard card = new ModelCard(
                s.model(),
                spec.name(),
                classification ? "classification" : "regression",
                state.runId(),
                state.queued.trigger(),
                s.algorithm().id(),
                chosen.asText(),
                s.seed(),
                search,
                new ModelCard.DataLineage(
                        data.eventsSnapshotId(),
                        data.labelsSnapshotId(),
                        data.offsets(),
                        data.windowFromMicros() == null
                                ? null
                                : Instant.ofEpochSecond(0, data.windowFromMicros() * 1000),
                        frame.size(),
                        split.trainRows(),
                        split.validationRows(),
                        split.testRows(),
                        split.validationFrom(frame),
                        split.testFrom(frame),
                        frame.eventTime(frame.size() - 1),
                        data.unlabelled(),
                        data.duplicates()),
                testScore.metrics(),
                validationScore == null ? Map.of() : validationScore.metrics(),
                intervals.intervals(),
                decision,
                report,
                encoder.featureNames(),
                Tribuo.VERSION,
                model.getProvenance().toString(),
                trainingSeconds,
                clock.instant());
        ProfileOptions profileOptions = ProfileOptions.defaults().withSeed(s.seed());
        PredictionProfile predictions = classification
                ? ClassificationPredictions.of(
                        classes, testScore.probabilities(), Scoring.positiveClass(classes), profileOptions)
                : RegressionPredictions.of(testScore.predictions(), profileOptions);
        ReferenceProfile profile = new ProfileBuilder(spec, profileOptions)
                .addAll(frame.rows(0, split.trainEnd()))
                .build(clock.instant(), predictions);

        Registration registration = Registration.of(
                        s.model(),
                        spec.name(),
                        classification ? Task.CLASSIFICATION : Task.REGRESSION,
                        state.runId(),
                        ACTOR)
                .withMetrics(testScore.metrics())
                .withSnapshotIds(data.eventsSnapshotId(), data.labelsSnapshotId())
                .withAlias(s.promoteTo())
                .withReason(gateReason(decision));
        ModelRecord registered = registry.register(registration, dir -> {
            model.serializeToFile(dir.resolve(BundleFiles.MODEL));
            Files.writeString(dir.resolve(BundleFiles.ENCODER), encoderState.toJson());
            Files.write(
                    dir.resolve(BundleFiles.MODEL_CARD),
                    Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(card));
            Files.write(dir.resolve(BundleFiles.REFERENCE_PROFILE), profile.toJsonBytes());
        });
        state.registeredVersion = registered.latestVersion().getAsInt();
        LOG.infof(
                "run %s: registered %s version %d as %s",
                state.runId(), s.model(), state.registeredVersion, s.promoteTo());
        return state.build(RunStatus.SUCCEEDED, null);
    }

    private static String gateReason(GateDecision decision) {
        if (decision.checks().isEmpty()) {
            return "passed the gate (no checks configured)";
        }
        List<String> details = new ArrayList<>();
        decision.checks().forEach(c -> details.add(c.detail()));
        return "passed the gate: " + String.join("; ", details);
    }

    private <T extends Output<T>> List<Example<T>> examples(
            FeatureEncoder encoder,
            LabelledFrame frame,
            int from,
            int to,
            LabelTarget<T> target,
            RunProgress progress) {
        List<Example<T>> out = new ArrayList<>(to - from);
        for (int row = from; row < to; row++) {
            out.add(encoder.example(frame.row(row), target.output(frame.label(row))));
            if ((row & 0xFFFF) == 0) {
                progress.advance(row, frame.size());
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private <T extends Output<T>> org.tribuo.Trainer<T> trainer(Hyperparameters p, long seed, boolean classification) {
        return classification
                ? (org.tribuo.Trainer<T>) TrainerFactory.classification(p, seed)
                : (org.tribuo.Trainer<T>) TrainerFactory.regression(p, seed);
    }

    @SuppressWarnings("unchecked")
    private static <T extends Output<T>> Scoring score(
            Model<T> model, List<Example<T>> examples, List<String> classes, boolean classification) {
        return classification
                ? Scoring.classification((Model<Label>) model, (List<Example<Label>>) (List<?>) examples, classes)
                : Scoring.regression((Model<Regressor>) model, (List<Example<Regressor>>) (List<?>) examples);
    }

    /** The grid search's scorer: the gate's compare metric, computed as the gate will compute it. */
    private static <T extends Output<T>> Scorer<T> scorer(String metric, DatasetSpec spec) {
        List<String> classes = spec.label().values();
        boolean classification = spec.label().isClassification();
        return new Scorer<>() {
            @Override
            public String metric() {
                return metric;
            }

            @Override
            public boolean higherIsBetter() {
                return !Gate.lowerIsBetter(metric);
            }

            @Override
            public double score(Model<T> model, List<Example<T>> heldOut) {
                Double v = RunExecutor.score(model, heldOut, classes, classification)
                        .metrics()
                        .get(metric);
                return v == null ? Double.NaN : v;
            }
        };
    }

    /**
     * The champion scored on the candidate's test split, through its own bundle's encoder; null when the model has
     * no champion yet.
     */
    private <T extends Output<T>> Gate.Champion championOn(
            ModelSettings s,
            LabelledFrame frame,
            TimeSplit split,
            LabelTarget<T> target,
            List<String> classes,
            boolean classification) {
        ModelRecord record = registry.get(s.model()).orElse(null);
        if (record == null || record.champion().isEmpty()) {
            return null;
        }
        ModelVersion champion = record.champion().get();
        VerifiedBundle bundle = registry.openBundle(s.model(), champion.version());
        try {
            FeatureEncoder encoder =
                    FeatureEncoder.of(EncoderState.fromJson(Files.readString(bundle.file(BundleFiles.ENCODER))));
            encoder.state().requireCompatible(s.spec());
            @SuppressWarnings("unchecked")
            Model<T> model = (Model<T>) Model.deserializeFromFile(bundle.file(BundleFiles.MODEL));
            List<Example<T>> test = new ArrayList<>(split.testRows());
            for (int row = split.validationEnd(); row < frame.size(); row++) {
                test.add(encoder.example(frame.row(row), target.output(frame.label(row))));
            }
            return new Gate.Champion(
                    champion.version(),
                    score(model, test, classes, classification).metrics());
        } catch (IOException e) {
            throw new MlcycleException(
                    Reason.UNAVAILABLE,
                    "could not load champion " + s.model() + " v" + champion.version() + " to score it: "
                            + e.getMessage(),
                    e);
        }
    }

    private static Map<String, String> prefixed(String prefix, Map<String, ?> values) {
        Map<String, String> out = new LinkedHashMap<>();
        values.forEach((k, v) -> out.put(prefix + k, String.valueOf(v)));
        return out;
    }

    private void writeReport(String runId, ValidationReport report) {
        Path file = dataReport(runId);
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(report));
        } catch (IOException e) {
            throw new UncheckedIOException("writing the data report " + file, e);
        }
    }

    /** The fields of a run record as the run fills them in. */
    private final class RunState {
        final TrainingRun queued;
        final Instant startedAt;
        Long snapshotId;
        Long labelsSnapshotId;
        List<dev.mlcycle.contracts.record.OffsetRange> offsets;
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
