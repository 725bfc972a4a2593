package dev.mlcycle.serving.testing;

import dev.mlcycle.contracts.record.ModelRecord;
import dev.mlcycle.contracts.record.ModelRecord.Task;
import dev.mlcycle.contracts.spec.DatasetSpec;
import dev.mlcycle.contracts.spec.DatasetSpecs;
import dev.mlcycle.datagen.DataGenerator;
import dev.mlcycle.datagen.GeneratedRecord;
import dev.mlcycle.datagen.GeneratorOptions;
import dev.mlcycle.datagen.RecordKind;
import dev.mlcycle.datagen.fault.FaultKind;
import dev.mlcycle.features.EncoderState;
import dev.mlcycle.features.FeatureEncoder;
import dev.mlcycle.registry.Registry;
import dev.mlcycle.registry.bundle.ModelBundles;
import dev.mlcycle.registry.state.Registration;
import dev.mlcycle.serving.model.Frame;
import dev.mlcycle.serving.model.Outputs;
import dev.mlcycle.serving.model.ServedModel;
import dev.mlcycle.stats.metrics.PositiveClass;
import dev.mlcycle.stats.profile.ClassificationPredictions;
import dev.mlcycle.stats.profile.ProfileBuilder;
import dev.mlcycle.stats.profile.ProfileOptions;
import dev.mlcycle.stats.profile.ReferenceProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * Trains small real models and registers them through a real {@link Registry}, as training-service does: credit
 * rows from platform/datagen's generator, {@link FeatureEncoder#fit}, Tribuo's logistic regression ({@code
 * LinearSGDTrainer} with {@code LogMulticlass} and AdaGrad, as training's {@code logistic-regression}), a reference
 * profile of the train rows and the model's predictions, and the bundle written by {@link ModelBundles#write}.
 * Seeded: the same arguments give the same model.
 *
 * <pre>{@code
 * TrainedModels.Rows rows = TrainedModels.credit(1, 2_000);
 * ModelRecord r = TrainedModels.register(registry, "credit-default", rows, new Params(2, 0.5, 1), CHAMPION);
 * ServedModel offline = TrainedModels.offline(registry, "credit-default", 1);
 * Outputs expected = offline.predict(TrainedModels.frame(rows.features()));
 * }</pre>
 */
public final class TrainedModels {
    /** The shipped credit spec. */
    public static final DatasetSpec CREDIT =
            DatasetSpecs.loadResource(TrainedModels.class.getClassLoader(), "datasets/credit.yaml");

    private TrainedModels() {}

    /**
     * Generated credit rows with their labels.
     *
     * @param features the feature values per row, as {@code FeatureEvent#features()} holds them
     * @param labels the generator's label per row ({@code "no"} or {@code "yes"})
     * @param eventIds the event id per row
     */
    public record Rows(List<Map<String, Object>> features, List<String> labels, List<String> eventIds) {
        /** Rows {@code [from, to)}. */
        public Rows slice(int from, int to) {
            return new Rows(features.subList(from, to), labels.subList(from, to), eventIds.subList(from, to));
        }

        public int size() {
            return features.size();
        }
    }

    /**
     * How a logistic regression is trained: {@code epochs} passes of AdaGrad SGD at {@code learningRate}, with
     * {@code seed}.
     */
    public record Params(int epochs, double learningRate, long seed) {}

    /** {@code n} generated credit events (seeded; with 2 % nulls so the nullable paths are exercised). */
    public static Rows credit(long seed, int n) {
        DataGenerator gen = DataGenerator.create(GeneratorOptions.builder()
                .seed(seed)
                .events(n)
                .fault(FaultKind.NULLS, 0.02)
                .build());
        List<Map<String, Object>> features = new ArrayList<>(n);
        List<String> labels = new ArrayList<>(n);
        List<String> ids = new ArrayList<>(n);
        while (gen.hasNext()) {
            GeneratedRecord r = gen.next();
            if (r.kind() == RecordKind.EVENT) {
                features.add(new LinkedHashMap<>(r.event().features()));
                labels.add(String.valueOf(r.truth().label()));
                ids.add(r.eventId());
            }
        }
        return new Rows(List.copyOf(features), List.copyOf(labels), List.copyOf(ids));
    }

    /** A trained model with its encoder state and reference profile, not yet registered. */
    public record Trained(Model<Label> model, EncoderState encoder, ReferenceProfile profile, Params params) {}

    /** Trains a credit logistic regression on {@code train}. */
    public static Trained train(Rows train, Params params) {
        EncoderState state = FeatureEncoder.fit(CREDIT, train.features());
        FeatureEncoder encoder = FeatureEncoder.of(state);
        LabelFactory factory = new LabelFactory();
        MutableDataset<Label> dataset =
                new MutableDataset<>(new SimpleDataSourceProvenance("serving-test", factory), factory);
        for (int i = 0; i < train.size(); i++) {
            dataset.add(encoder.example(
                    train.features().get(i), new Label(train.labels().get(i))));
        }
        LinearSGDTrainer trainer = new LinearSGDTrainer(
                new LogMulticlass(),
                new AdaGrad(params.learningRate(), 0.1),
                params.epochs(),
                Integer.MAX_VALUE,
                1,
                params.seed());
        Model<Label> model = trainer.train(dataset);
        List<String> classes = CREDIT.label().values();
        Outputs scored = ServedModel.of("profile", 1, CREDIT, new ModelBundles.Loaded(model, state, null))
                .predict(frame(train.features()));
        ProfileOptions options = ProfileOptions.defaults().withSeed(params.seed());
        ReferenceProfile profile = new ProfileBuilder(CREDIT, options)
                .addAll(train.features())
                .build(
                        Instant.parse("2026-01-01T00:00:00Z"),
                        ClassificationPredictions.of(
                                classes, scored.probabilities(), PositiveClass.of(classes), options));
        return new Trained(model, state, profile, params);
    }

    /**
     * Trains a credit logistic regression on {@code train} and registers it as the next version of {@code model}.
     *
     * @param alias the alias the new version gets ({@code champion}, {@code challenger}), or null for none
     * @return the model's new record; the new version is its latest
     */
    public static ModelRecord register(Registry registry, String model, Rows train, Params params, String alias) {
        return register(registry, model, train(train, params), alias);
    }

    /** Registers a trained model as the next version of {@code model}. */
    public static ModelRecord register(Registry registry, String model, Trained trained, String alias) {
        Registration registration = Registration.of(
                        model, CREDIT.name(), Task.CLASSIFICATION, "run-" + UUID.randomUUID(), "serving-test")
                .withMetrics(Map.of("epochs", (double) trained.params().epochs()));
        if (alias != null) {
            registration = registration.withAlias(alias);
        }
        Map<String, Object> card = new LinkedHashMap<>();
        card.put("model", model);
        card.put("algorithm", "logistic-regression");
        card.put("epochs", trained.params().epochs());
        card.put("learning_rate", trained.params().learningRate());
        card.put("seed", trained.params().seed());
        return registry.register(
                registration,
                dir -> ModelBundles.write(dir, trained.model(), trained.encoder(), card, trained.profile()));
    }

    /** The served model of a registered version, built straight from its verified bundle (no host involved). */
    public static ServedModel offline(Registry registry, String model, int version) {
        try {
            return ServedModel.of(model, version, CREDIT, ModelBundles.load(registry.openBundle(model, version)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Rows as a frame with the credit spec's feature columns, in spec order. */
    public static Frame frame(List<Map<String, Object>> rows) {
        List<String> names = CREDIT.features().stream().map(f -> f.name()).toList();
        Object[][] columns = new Object[names.size()][rows.size()];
        for (int r = 0; r < rows.size(); r++) {
            for (int c = 0; c < names.size(); c++) {
                columns[c][r] = rows.get(r).get(names.get(c));
            }
        }
        return Frame.of(names, columns, null);
    }
}
