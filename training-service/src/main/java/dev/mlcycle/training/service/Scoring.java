package dev.mlcycle.training.service;

import dev.mlcycle.stats.metrics.ClassificationMetrics;
import dev.mlcycle.stats.metrics.PositiveClass;
import dev.mlcycle.stats.metrics.RegressionMetrics;
import java.util.List;
import java.util.Map;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.regression.Regressor;

/**
 * A model's outputs on a split and the metrics they earn. For classification, the probability of each declared
 * class in the spec's order (a tree's leaf class shares, which Tribuo does not flag as probabilities, are used
 * as such: they sum to one); for a binary label the positive class is {@link PositiveClass}'s. Non-finite outputs are refused by the metrics, naming the row, so a broken model fails its
 * run instead of being registered.
 *
 * @param metrics every metric by flat name
 * @param actual the true class index per row (classification), else null
 * @param probabilities rows x classes (classification), else null
 * @param actualValues the true values (regression), else null
 * @param predictions the predicted values (regression), else null
 */
public record Scoring(
        Map<String, Double> metrics,
        int[] actual,
        double[][] probabilities,
        double[] actualValues,
        double[] predictions) {

    /** Scores a classifier on examples whose outputs are the true labels. */
    public static Scoring classification(Model<Label> model, List<Example<Label>> examples, List<String> classes) {
        List<Prediction<Label>> predictions = model.predict(examples);
        int n = predictions.size();
        int[] actual = new int[n];
        double[][] probabilities = new double[n][classes.size()];
        for (int i = 0; i < n; i++) {
            actual[i] = classes.indexOf(examples.get(i).getOutput().getLabel());
            Map<String, Label> scores = predictions.get(i).getOutputScores();
            for (int c = 0; c < classes.size(); c++) {
                Label l = scores.get(classes.get(c));
                probabilities[i][c] = l == null ? 0.0 : l.getScore();
            }
        }
        Map<String, Double> metrics = ClassificationMetrics.of(
                        classes, actual, probabilities, PositiveClass.of(classes))
                .asMap();
        return new Scoring(metrics, actual, probabilities, null, null);
    }

    /** Scores a regressor on examples whose outputs are the true values. */
    public static Scoring regression(Model<Regressor> model, List<Example<Regressor>> examples) {
        List<Prediction<Regressor>> predictions = model.predict(examples);
        int n = predictions.size();
        double[] actual = new double[n];
        double[] predicted = new double[n];
        for (int i = 0; i < n; i++) {
            actual[i] = examples.get(i).getOutput().getValues()[0];
            predicted[i] = predictions.get(i).getOutput().getValues()[0];
        }
        return new Scoring(RegressionMetrics.of(actual, predicted).asMap(), null, null, actual, predicted);
    }
}
