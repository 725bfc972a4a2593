package dev.mlcycle.stats.profile;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.stats.metrics.Probabilities;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A classifier's outputs on its test split: how often it predicted each class (the argmax, ties to
 * the lowest index, as {@link Probabilities#argmax}), and, for a binary model with a positive class,
 * the profile of the positive-class probability.
 *
 * @param predictedClasses the predicted-class counts; the categories are the model's classes in order
 *     and nothing is missing
 * @param positiveClass the positive class, or null when the model has none (multiclass)
 * @param positiveProbability the profile of the positive class's probability, or null when there is no
 *     positive class
 */
public record ClassificationPredictions(
        CategoricalProfile predictedClasses, String positiveClass, NumericProfile positiveProbability)
        implements PredictionProfile {

    public ClassificationPredictions {
        if (predictedClasses == null) {
            throw new IllegalArgumentException("missing field \"predicted_classes\"");
        }
        if (predictedClasses.missing() != 0) {
            throw new IllegalArgumentException("field \"predicted_classes.missing\": expected 0 (every row has a "
                    + "predicted class), got " + predictedClasses.missing());
        }
        if ((positiveClass == null) != (positiveProbability == null)) {
            throw new IllegalArgumentException("field \"positive_class\": expected positive_class and "
                    + "positive_probability both present or both absent");
        }
        if (positiveClass != null) {
            if (predictedClasses.indexOf(positiveClass) < 0) {
                throw new IllegalArgumentException("field \"positive_class\": expected one of "
                        + predictedClasses.categories() + ", got \"" + positiveClass + "\"");
            }
            if (positiveProbability.count() != predictedClasses.count() || positiveProbability.missing() != 0) {
                throw new IllegalArgumentException("field \"positive_probability.count\": expected "
                        + predictedClasses.count() + " probabilities, one per prediction, and none missing, got "
                        + positiveProbability.count() + " and " + positiveProbability.missing() + " missing");
            }
        }
    }

    /**
     * Profiles a classifier's probabilities on its test split.
     *
     * @param classes the class names in column order
     * @param probabilities rows x classes, checked as {@link Probabilities#check} does (zero rows gives
     *     an empty profile)
     * @param positiveClass the positive class index, or -1 for none (multiclass)
     * @param options how the positive-class probability is profiled
     * @throws MlcycleException INVALID_ARGUMENT for a bad probability (naming row and column) or a
     *     positive class out of range
     */
    public static ClassificationPredictions of(
            List<String> classes, double[][] probabilities, int positiveClass, ProfileOptions options) {
        Probabilities.check(classes, probabilities);
        Objects.requireNonNull(options, "options");
        int k = classes.size();
        if (positiveClass < -1 || positiveClass >= k) {
            throw new MlcycleException(
                    MlcycleException.Reason.INVALID_ARGUMENT,
                    "positiveClass: expected -1 (none) or a class index in [0, " + k + "), got " + positiveClass);
        }
        long[] counts = new long[k];
        double[] positive = positiveClass >= 0 ? new double[probabilities.length] : null;
        for (int i = 0; i < probabilities.length; i++) {
            counts[Probabilities.argmax(probabilities[i])]++;
            if (positive != null) {
                positive[i] = probabilities[i][positiveClass];
            }
        }
        Map<String, Long> byClass = new LinkedHashMap<>();
        for (int c = 0; c < k; c++) {
            byClass.put(classes.get(c), counts[c]);
        }
        return new ClassificationPredictions(
                CategoricalProfile.of(byClass, 0, classes),
                positiveClass >= 0 ? classes.get(positiveClass) : null,
                positive == null ? null : NumericProfile.of(positive, 0, options));
    }

    @Override
    public long predictions() {
        return predictedClasses.count();
    }
}
