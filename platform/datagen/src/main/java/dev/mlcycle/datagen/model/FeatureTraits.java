package dev.mlcycle.datagen.model;

import java.util.Objects;

/**
 * What the generator needs to know of one feature beyond its spec.
 *
 * @param name the feature name
 * @param mean the mean in the base population (numeric and integer features; 0 otherwise)
 * @param sd the standard deviation in the base population (numeric and integer features; 0 otherwise);
 *     a covariate shift of size s moves a numeric feature by {@code s * sd}
 * @param decimals digits after the point numeric values are rounded to; 0 for integer features
 * @param outlierLow the low end of the tail range outlier faults draw from (inside the spec's range)
 * @param outlierHigh the high end of that range
 */
public record FeatureTraits(String name, double mean, double sd, int decimals, double outlierLow, double outlierHigh) {
    public FeatureTraits {
        Objects.requireNonNull(name, "name");
    }

    /** Rounds {@code v} to this feature's precision. */
    public double round(double v) {
        return roundTo(v, decimals);
    }

    /** Rounds half away from zero to {@code decimals} digits (0 to 6). */
    public static double roundTo(double v, int decimals) {
        double scale = POW10[decimals];
        return Math.round(v * scale) / scale;
    }

    private static final double[] POW10 = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000};
}
