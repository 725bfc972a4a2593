package dev.mlcycle.stats.metrics;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Bootstrap percentile intervals of every metric.
 *
 * @param resamples the number of resamples drawn
 * @param level the confidence level, e.g. 0.95
 * @param seed the seed the resamples were drawn with
 * @param intervals by flat metric name ({@link MetricNames}), in the order of the metrics' {@code
 *     asMap()}; a metric defined on the original rows but in no resample is left out
 */
public record BootstrapResult(int resamples, double level, long seed, Map<String, MetricInterval> intervals) {
    public BootstrapResult {
        intervals = Collections.unmodifiableMap(new LinkedHashMap<>(intervals));
    }

    /** The interval of one metric, or empty when the metric is undefined. */
    public Optional<MetricInterval> interval(String metric) {
        return Optional.ofNullable(intervals.get(metric));
    }
}
