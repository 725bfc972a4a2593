package dev.mlcycle.datagen;

/**
 * The ground truth behind one valid event, whether or not the label travels with it.
 *
 * @param label the drawn label: a {@link String} class, or a {@link Double} value for a dataset with a numeric label
 * @param probability for a class label, P(positive | x) that the label was drawn with: the concept in force at this
 *     event (blended during concept drift) and, under a prior shift, the posterior after rejection sampling; for a
 *     numeric label NaN
 * @param mean for a numeric label, E[y | x] the value was drawn around (the concept in force, blended during concept
 *     drift); for a class label NaN
 * @param labelArrives whether the label reaches the stream (inline, or a delayed label that is not lost)
 */
public record Truth(Object label, double probability, double mean, boolean labelArrives) {

    /** The truth of an event with a class label. */
    public static Truth ofClass(String label, double probability, boolean labelArrives) {
        return new Truth(label, probability, Double.NaN, labelArrives);
    }

    /** The truth of an event with a numeric label. */
    public static Truth ofValue(Double value, double mean, boolean labelArrives) {
        return new Truth(value, Double.NaN, mean, labelArrives);
    }
}
