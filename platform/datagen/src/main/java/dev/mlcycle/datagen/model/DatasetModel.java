package dev.mlcycle.datagen.model;

import dev.mlcycle.contracts.spec.DatasetSpec;
import java.util.List;

/**
 * The data-generating process of one dataset: how features are drawn (the base population P(x)) and the
 * known label function P(y | x), before and after concept drift. The generator adds time, keys,
 * scenarios and faults around it; a model knows nothing of them.
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

    /** The logistic function. */
    static double sigmoid(double logit) {
        return 1.0 / (1.0 + StrictMath.exp(-logit));
    }
}
