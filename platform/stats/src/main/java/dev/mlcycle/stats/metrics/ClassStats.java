package dev.mlcycle.stats.metrics;

import java.util.Objects;
import java.util.OptionalDouble;

/**
 * Precision, recall, F1 and support of one class (one-vs-rest counts from the confusion matrix).
 *
 * <p>With {@code tp} the rows of this class predicted as it, {@code fp} the other rows predicted as
 * it and {@code fn} the rows of this class predicted as another: precision = tp / (tp + fp), recall =
 * tp / (tp + fn), F1 = 2 tp / (2 tp + fp + fn). A ratio whose denominator is 0 is undefined and
 * empty, never NaN (scikit-learn reports 0 there, with a warning).
 *
 * @param name the class name
 * @param support rows whose actual class is this one (tp + fn)
 * @param predicted rows predicted as this class (tp + fp)
 * @param precision empty when the class was never predicted
 * @param recall empty when the class never occurs in the actuals
 * @param f1 empty when the class occurs neither in the actuals nor in the predictions
 */
public record ClassStats(
        String name, long support, long predicted, OptionalDouble precision, OptionalDouble recall, OptionalDouble f1) {

    public ClassStats {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(precision, "precision");
        Objects.requireNonNull(recall, "recall");
        Objects.requireNonNull(f1, "f1");
    }
}
