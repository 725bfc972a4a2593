package dev.mlcycle.monitoring.drift;

import java.time.Instant;
import java.util.Objects;

/**
 * A prediction joined to the label that arrived for it.
 *
 * @param time when the prediction was made (or its event's time)
 * @param probabilities the predicted probability of each class, in the model's class order (classification), else
 *     null
 * @param predicted the predicted class index (classification), else -1
 * @param actual the actual class index (classification), else -1; a label the model does not know is not an outcome
 * @param value the predicted value (regression)
 * @param actualValue the actual value (regression)
 */
public record Outcome(
        Instant time, double[] probabilities, int predicted, int actual, double value, double actualValue) {
    public Outcome {
        Objects.requireNonNull(time, "time");
    }

    /** Whether the model got a classification wrong. */
    public boolean error() {
        return predicted != actual;
    }

    /**
     * The loss of this prediction: the log loss of the actual class (clipped at 1e-15, as scikit-learn does) for
     * classification, the squared error for regression.
     */
    public double loss() {
        if (probabilities == null) {
            double e = value - actualValue;
            return e * e;
        }
        double p = Math.min(1 - 1e-15, Math.max(1e-15, probabilities[actual]));
        return -Math.log(p);
    }
}
