package dev.mlcycle.monitoring.drift;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One served prediction as a window keeps it: its inputs and what the model answered.
 *
 * @param time the event's own time when the caller gave one, else when it was predicted
 * @param features the inputs by name: Long or Double for numbers, String, Boolean, or null for missing
 * @param label the predicted class (classification), else null
 * @param positiveProbability the probability of the positive class when the model has one, else null
 * @param value the predicted value (regression), else null
 */
public record Observation(
        Instant time, Map<String, Object> features, String label, Double positiveProbability, Double value) {
    public Observation {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(features, "features");
    }
}
