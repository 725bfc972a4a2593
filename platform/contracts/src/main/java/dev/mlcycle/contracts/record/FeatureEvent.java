package dev.mlcycle.contracts.record;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One event of a dataset: the value of {@code mlcycle.events.<dataset>}, keyed by the entity key.
 * Written by producers and {@code mlcycle generate}, read by ingest. On the wire it is a flat JSON
 * object whose field names come from the dataset spec; {@link
 * dev.mlcycle.contracts.validation.FeatureEventCodec} reads and writes it.
 *
 * @param id the unique event id (the spec's {@code id} field)
 * @param key the entity key (the spec's {@code key} field)
 * @param timestamp the event time
 * @param features feature values by name, in spec order: {@link Double} (numeric), {@link Long}
 *     (integer), {@link String} (categorical), {@link Boolean}, or {@code null}
 * @param label the label if it came inline: a {@link String} class or a {@link Double}; else null
 */
public record FeatureEvent(String id, String key, Instant timestamp, Map<String, Object> features, Object label) {

    public FeatureEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(timestamp, "timestamp");
        // Values may be null, so no Map.copyOf; keep spec order.
        features = Collections.unmodifiableMap(new LinkedHashMap<>(features));
    }

    /** A numeric or integer feature as a double, or null. */
    public Double number(String name) {
        Object v = features.get(name);
        return v == null ? null : ((Number) v).doubleValue();
    }

    /** A categorical feature, or null. */
    public String category(String name) {
        return (String) features.get(name);
    }
}
