package dev.mlcycle.stats.metrics;

/**
 * A metric's value on all rows and its bootstrap percentile interval.
 *
 * @param value the metric on the original rows
 * @param lower the lower percentile of the resampled values, (1 - level) / 2
 * @param upper the upper percentile, 1 - (1 - level) / 2
 * @param resamples how many resamples had the metric defined (fewer than requested when, say, a
 *     resample drew no positive row and its AUC was undefined); the percentiles are over these
 */
public record MetricInterval(double value, double lower, double upper, int resamples) {
    public MetricInterval {
        if (!Double.isFinite(value) || !Double.isFinite(lower) || !Double.isFinite(upper)) {
            throw new IllegalArgumentException(
                    "expected finite value and bounds, got " + value + " [" + lower + ", " + upper + "]");
        }
        if (lower > upper) {
            throw new IllegalArgumentException("expected lower <= upper, got [" + lower + ", " + upper + "]");
        }
        if (resamples < 1) {
            throw new IllegalArgumentException("expected at least one resample, got " + resamples);
        }
    }

    /** Whether {@code x} lies in [lower, upper]. */
    public boolean contains(double x) {
        return x >= lower && x <= upper;
    }
}
