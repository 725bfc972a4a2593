package dev.mlcycle.serving.model;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.contracts.spec.DatasetSpec;
import dev.mlcycle.features.FeatureEncoder;
import dev.mlcycle.features.LabelTarget;
import dev.mlcycle.registry.bundle.ModelBundles;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.Output;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.regression.Regressor;

/**
 * One loaded model version, ready to score: its Tribuo model and the feature encoder it was trained with, built from
 * a verified bundle. {@link #predict} scores a {@link Frame} as one batch through the same encoder and {@code
 * Model.predict} that training evaluated with, so online, batch and offline answers agree. Thread-safe: Tribuo
 * models predict concurrently, and the encoder only counts unseen categories.
 */
public final class ServedModel {
    private final String model;
    private final int version;
    private final DatasetSpec spec;
    private final FeatureEncoder encoder;
    private final Model<?> tribuo;
    private final LabelTarget<?> target;
    private final List<String> classes;

    private ServedModel(String model, int version, DatasetSpec spec, ModelBundles.Loaded loaded) {
        this.model = Objects.requireNonNull(model, "model");
        this.version = version;
        this.spec = Objects.requireNonNull(spec, "spec");
        loaded.encoder().requireCompatible(spec);
        this.encoder = FeatureEncoder.of(loaded.encoder());
        this.tribuo = loaded.model();
        this.target = LabelTarget.of(spec.label());
        this.classes = target.isClassification() ? List.copyOf(spec.label().values()) : List.of();
    }

    /**
     * A served model of a loaded bundle.
     *
     * @throws MlcycleException {@link Reason#SCHEMA_MISMATCH} if the bundle's encoder was fitted for another spec
     */
    public static ServedModel of(String model, int version, DatasetSpec spec, ModelBundles.Loaded loaded) {
        return new ServedModel(model, version, spec, loaded);
    }

    public String model() {
        return model;
    }

    public int version() {
        return version;
    }

    /** The dataset spec its inputs follow. */
    public DatasetSpec spec() {
        return spec;
    }

    /** True for a classifier. */
    public boolean isClassification() {
        return target.isClassification();
    }

    /** The class names in the order of {@link Outputs#probabilities()} (classification), else empty. */
    public List<String> classes() {
        return classes;
    }

    /** The feature encoder, e.g. for its unseen-category counts. */
    public FeatureEncoder encoder() {
        return encoder;
    }

    /**
     * Scores every row of {@code frame} as one batch.
     *
     * @throws MlcycleException {@link Reason#SCHEMA_MISMATCH} naming the feature if a value has the wrong type
     */
    public Outputs predict(Frame frame) {
        return isClassification() ? classify(frame) : regress(frame);
    }

    @SuppressWarnings("unchecked")
    private Outputs classify(Frame frame) {
        List<Prediction<Label>> predictions =
                ((Model<Label>) tribuo).predict(examples(frame, (Label) target.unknown()));
        int n = predictions.size();
        String[] labels = new String[n];
        double[][] probabilities = new double[n][classes.size()];
        for (int i = 0; i < n; i++) {
            Prediction<Label> p = predictions.get(i);
            labels[i] = p.getOutput().getLabel();
            Map<String, Label> scores = p.getOutputScores();
            for (int c = 0; c < classes.size(); c++) {
                Label l = scores.get(classes.get(c));
                probabilities[i][c] = l == null ? 0.0 : l.getScore();
            }
        }
        return new Outputs(classes, labels, probabilities, null);
    }

    @SuppressWarnings("unchecked")
    private Outputs regress(Frame frame) {
        List<Prediction<Regressor>> predictions =
                ((Model<Regressor>) tribuo).predict(examples(frame, (Regressor) target.unknown()));
        double[] values = new double[predictions.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = predictions.get(i).getOutput().getValues()[0];
        }
        return new Outputs(classes, null, null, values);
    }

    private <T extends Output<T>> List<Example<T>> examples(Frame frame, T unknown) {
        List<Example<T>> examples = new ArrayList<>(frame.rows());
        for (int r = 0; r < frame.rows(); r++) {
            examples.add(encoder.example(frame.row(r), unknown));
        }
        return examples;
    }

    @Override
    public String toString() {
        return model + " v" + version;
    }
}
