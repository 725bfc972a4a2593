package dev.mlcycle.monitoring.topology;

import dev.mlcycle.monitoring.drift.AlertPolicy;
import dev.mlcycle.monitoring.drift.DetectorSettings;
import dev.mlcycle.monitoring.drift.DriftRules;
import dev.mlcycle.monitoring.drift.PerformanceRules;
import java.time.Duration;
import java.util.Objects;

/**
 * How the topology windows, joins and decides.
 *
 * @param windowRows a window closes when it holds this many predictions, {@code >= 1}
 * @param windowDuration or when this much time passed since its first prediction (event time when the caller gave
 *     one), or since it opened on the wall clock, whichever comes first
 * @param checkInterval how often the wall clock is checked for windows to close and joins to expire
 * @param labelMaxDelay how long a prediction waits for its label (and a label for its prediction)
 * @param maxOutcomes the most labelled predictions a window keeps for its metrics; the detectors see all of them
 * @param partitions the partitions of the topology's repartition topics
 * @param includeBatch whether batch-scored predictions are windowed too (online ones always are)
 * @param drift when a window drifts
 * @param performance when performance is judged and breached
 * @param alerts when drift becomes an alert and when it clears
 * @param detectors the streaming detectors' parameters
 */
public record TopologySettings(
        int windowRows,
        Duration windowDuration,
        Duration checkInterval,
        Duration labelMaxDelay,
        int maxOutcomes,
        int partitions,
        boolean includeBatch,
        DriftRules drift,
        PerformanceRules performance,
        AlertPolicy alerts,
        DetectorSettings detectors) {
    public TopologySettings {
        if (windowRows < 1) {
            throw new IllegalArgumentException("window rows: expected 1 or more, got " + windowRows);
        }
        positive(windowDuration, "window duration");
        positive(checkInterval, "check interval");
        positive(labelMaxDelay, "label max delay");
        if (maxOutcomes < 1 || partitions < 1) {
            throw new IllegalArgumentException(
                    "max outcomes and partitions: expected 1 or more, got " + maxOutcomes + " and " + partitions);
        }
        Objects.requireNonNull(drift, "drift");
        Objects.requireNonNull(performance, "performance");
        Objects.requireNonNull(alerts, "alerts");
        Objects.requireNonNull(detectors, "detectors");
    }

    private static void positive(Duration d, String what) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + ": expected a positive duration, got " + d);
        }
    }

    /** The defaults the service starts with. */
    public static TopologySettings defaults() {
        return new TopologySettings(
                2_000,
                Duration.ofHours(1),
                Duration.ofSeconds(1),
                Duration.ofDays(7),
                20_000,
                6,
                false,
                DriftRules.defaults(),
                PerformanceRules.defaults(),
                AlertPolicy.defaults(),
                DetectorSettings.defaults());
    }
}
