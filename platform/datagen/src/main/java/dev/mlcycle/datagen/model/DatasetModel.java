package dev.mlcycle.datagen.model;

import dev.mlcycle.contracts.spec.DatasetSpec;
import java.util.List;

/**
 * The data-generating process of one dataset: how features are drawn (the base population P(x)) and the
 * known label function P(y | x), before and after concept drift. The generator adds time, keys,
 * scenarios and faults around it; a model knows nothing of them.
 *
 * <p>Two kinds of label: a class (classification; {@link #numericLabel()} false), drawn as the positive class
 * with probability {@code sigmoid(logit)}, or a number (regression; {@link #numericLabel()} true), drawn by
 * {@link #drawValue} around the conditional mean {@link #mean}. A model implements the methods of its kind; the
 * others are never called (the class methods of a numeric model throw or answer null / NaN).
 *
 * <p>A row is an {@code Object[]} in the spec's feature order holding {@link Double} (numeric), {@link
 * Long} (integer), {@link String} (categorical), {@link Boolean} or {@code null}, the types {@link
 * dev.mlcycle.contracts.record.FeatureEvent} carries.
 */
public interface DatasetModel {

    /** The dataset spec the rows conform to. */
    DatasetSpec spec();

    /** Draws one row of the base population into {@code row} (length = number of features). */
    void sample(Rng rng, Object[] row);

    /** The logit of P(positive | x) under the base concept. */
    double logit(Object[] row);

    /** The logit of P(positive | x) under the drifted concept that concept drift moves towards. */
    double driftedLogit(Object[] row);

    /** The label class with probability {@code sigmoid(logit)}. */
    String positiveLabel();

    /** The other label class. */
    String negativeLabel();

    /** P(positive) in the base population under the base concept (a calibrated constant). */
    double baseRate();

    /** Per feature, in spec order: moments, precision and tail range. */
    List<FeatureTraits> traits();

    /** Whether the label is a number (regression) rather than a class. */
    default boolean numericLabel() {
        return false;
    }

    /** Numeric label: E[y | x] under the base concept. */
    default double mean(Object[] row) {
        throw new UnsupportedOperationException("dataset " + spec().name() + " has a categorical label");
    }

    /** Numeric label: E[y | x] under the drifted concept that concept drift moves towards. */
    default double driftedMean(Object[] row) {
        throw new UnsupportedOperationException("dataset " + spec().name() + " has a categorical label");
    }

    /** Numeric label: draws y given its conditional mean (noise, then the spec's range and precision). */
    default double drawValue(double mean, Rng rng) {
        throw new UnsupportedOperationException("dataset " + spec().name() + " has a categorical label");
    }

    /** Numeric label: the label's mean in the base population under the base concept (a calibrated constant). */
    default double labelMean() {
        return Double.NaN;
    }

    /** Numeric label: the label's standard deviation in the base population (a calibrated constant). */
    default double labelSd() {
        return Double.NaN;
    }

    /** The logistic function. */
    static double sigmoid(double logit) {
        return 1.0 / (1.0 + StrictMath.exp(-logit));
    }
}
