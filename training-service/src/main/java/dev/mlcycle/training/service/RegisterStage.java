package dev.mlcycle.training.service;

import dev.mlcycle.contracts.record.GateDecision;
import dev.mlcycle.contracts.record.ModelRecord;
import dev.mlcycle.contracts.record.ModelRecord.Task;
import dev.mlcycle.contracts.record.TrainingRun;
import dev.mlcycle.contracts.spec.DatasetSpec;
import dev.mlcycle.registry.Registry;
import dev.mlcycle.registry.bundle.ModelBundles;
import dev.mlcycle.registry.state.Registration;
import dev.mlcycle.stats.metrics.PositiveClass;
import dev.mlcycle.stats.profile.ClassificationPredictions;
import dev.mlcycle.stats.profile.PredictionProfile;
import dev.mlcycle.stats.profile.ProfileBuilder;
import dev.mlcycle.stats.profile.ProfileOptions;
import dev.mlcycle.stats.profile.ReferenceProfile;
import dev.mlcycle.stats.profile.RegressionPredictions;
import dev.mlcycle.training.adapter.SnapshotData;
import dev.mlcycle.training.data.LabelledFrame;
import dev.mlcycle.training.data.TimeSplit;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tribuo.Output;
import org.tribuo.Tribuo;

/**
 * Stage 9 of a run: registers a candidate that passed the gate. Builds its model card (what, how, on which data,
 * how well) and reference profile (the train split's features, the test split's predictions), then hands the
 * bundle's files to the registry, which stages, hashes and publishes them with the configured alias. Input: the
 * settings, the run, the candidate and the gate's decision; output: the registered version.
 */
final class RegisterStage {
    private final Registry registry;
    private final Clock clock;

    RegisterStage(Registry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    <T extends Output<T>> int register(ModelSettings s, TrainingRun run, Candidate<T> c, GateDecision decision) {
        DatasetSpec spec = s.spec();
        boolean classification = spec.label().isClassification();
        ModelCard card = card(s, run, c, decision);
        ReferenceProfile profile = profile(s, c);
        Registration registration = Registration.of(
                        s.model(),
                        spec.name(),
                        classification ? Task.CLASSIFICATION : Task.REGRESSION,
                        run.runId(),
                        RunExecutor.ACTOR)
                .withMetrics(c.evaluation().test().metrics())
                .withSnapshotIds(c.data().eventsSnapshotId(), c.data().labelsSnapshotId())
                .withAlias(s.promoteTo())
                .withReason(reason(decision));
        ModelRecord registered = registry.register(
                registration,
                dir -> ModelBundles.write(dir, c.fit().model(), c.encoded().state(), card, profile));
        return registered.latestVersion().getAsInt();
    }

    private <T extends Output<T>> ModelCard card(
            ModelSettings s, TrainingRun run, Candidate<T> c, GateDecision decision) {
        SnapshotData data = c.data();
        LabelledFrame frame = data.frame();
        TimeSplit split = c.split();
        EvaluateStage.Evaluation evaluation = c.evaluation();
        return new ModelCard(
                s.model(),
                s.spec().name(),
                s.spec().label().isClassification() ? "classification" : "regression",
                run.runId(),
                run.trigger(),
                s.algorithm().id(),
                c.fit().chosen().asText(),
                s.seed(),
                c.fit().search(),
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
                evaluation.test().metrics(),
                evaluation.validation() == null
                        ? Map.of()
                        : evaluation.validation().metrics(),
                evaluation.intervals().intervals(),
                decision,
                c.report(),
                c.encoded().encoder().featureNames(),
                Tribuo.VERSION,
                c.fit().model().getProvenance().toString(),
                c.fit().trainingSeconds(),
                clock.instant());
    }

    private <T extends Output<T>> ReferenceProfile profile(ModelSettings s, Candidate<T> c) {
        List<String> classes = s.spec().label().values();
        Scoring test = c.evaluation().test();
        ProfileOptions options = ProfileOptions.defaults().withSeed(s.seed());
        PredictionProfile predictions = s.spec().label().isClassification()
                ? ClassificationPredictions.of(classes, test.probabilities(), PositiveClass.of(classes), options)
                : RegressionPredictions.of(test.predictions(), options);
        return new ProfileBuilder(s.spec(), options)
                .addAll(c.data().frame().rows(0, c.split().trainEnd()))
                .build(clock.instant(), predictions);
    }

    private static String reason(GateDecision decision) {
        if (decision.checks().isEmpty()) {
            return "passed the gate (no checks configured)";
        }
        List<String> details = new ArrayList<>();
        decision.checks().forEach(check -> details.add(check.detail()));
        return "passed the gate: " + String.join("; ", details);
    }
}
