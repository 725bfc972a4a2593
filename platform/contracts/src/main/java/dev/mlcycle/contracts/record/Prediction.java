package dev.mlcycle.contracts.record;

import java.util.Map;

/**
 * What a model answered for one input: a class (with probabilities) for classification, a value for
 * regression. Nested in {@link PredictionRecord}, on {@code mlcycle.predictions.<model>}; written by
 * serving, read by monitoring.
 *
 * @param label optional: the predicted class; present for classification
 * @param probabilities optional: probability per class, each in [0, 1]; absent when the model gives
 *     none
 * @param value optional: the predicted number; present for regression
 */
public record Prediction(String label, Map<String, Double> probabilities, Double value) {

    public Prediction {
        if (label == null && value == null) {
            throw new IllegalArgumentException("missing field \"label\": a prediction has a label or a value");
        }
        if (probabilities != null) {
            probabilities = Fields.map(probabilities, "probabilities");
            probabilities.forEach((k, p) -> Fields.optionalProbability(p, "probabilities." + k));
        }
        Fields.optionalFinite(value, "value");
    }

    /** A classification answer. */
    public static Prediction ofLabel(String label, Map<String, Double> probabilities) {
        return new Prediction(label, probabilities, null);
    }

    /** A regression answer. */
    public static Prediction ofValue(double value) {
        return new Prediction(null, null, value);
    }
}
