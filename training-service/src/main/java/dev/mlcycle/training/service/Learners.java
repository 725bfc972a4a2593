package dev.mlcycle.training.service;

import dev.mlcycle.contracts.spec.DatasetSpec;
import dev.mlcycle.training.learn.Hyperparameters;
import dev.mlcycle.training.learn.Scorer;
import dev.mlcycle.training.learn.TrainerFactory;
import java.util.List;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.Output;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.regression.Regressor;

/**
 * The two places a run's stages switch between classification and regression: which trainer a set of
 * hyper-parameters makes, and how a model is scored. Kept in one class so every stage trains and scores alike
 * (the grid search scores its folds exactly as the gate scores the test split).
 */
final class Learners {
    private Learners() {}

    /** The seeded trainer for these hyper-parameters. */
    @SuppressWarnings("unchecked")
    static <T extends Output<T>> Trainer<T> trainer(Hyperparameters p, long seed, boolean classification) {
        return classification
                ? (Trainer<T>) TrainerFactory.classification(p, seed)
                : (Trainer<T>) TrainerFactory.regression(p, seed);
    }

    /** Scores a model on examples whose outputs are the true labels. */
    @SuppressWarnings("unchecked")
    static <T extends Output<T>> Scoring score(
            Model<T> model, List<Example<T>> examples, List<String> classes, boolean classification) {
        return classification
                ? Scoring.classification((Model<Label>) model, (List<Example<Label>>) (List<?>) examples, classes)
                : Scoring.regression((Model<Regressor>) model, (List<Example<Regressor>>) (List<?>) examples);
    }

    /** The grid search's scorer: the gate's compare metric, computed as the gate will compute it. */
    static <T extends Output<T>> Scorer<T> scorer(String metric, DatasetSpec spec) {
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
                Double v = Learners.score(model, heldOut, classes, classification)
                        .metrics()
                        .get(metric);
                return v == null ? Double.NaN : v;
            }
        };
    }
}
