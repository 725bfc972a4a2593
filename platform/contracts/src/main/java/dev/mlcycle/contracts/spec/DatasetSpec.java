package dev.mlcycle.contracts.spec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A dataset: the one source for validation, sorting, partitioning, feature encoding and drift tests.
 * Load one with {@link DatasetSpecs}; the loader checks everything a record below assumes.
 *
 * @param name the dataset name, used in topic and table names
 * @param description free text, may be empty
 * @param key the field holding the entity key (also the Kafka key of events)
 * @param id the field holding the unique event id (joins labels and predictions)
 * @param timestamp the field holding the event time (UTC)
 * @param label the label
 * @param features the features, in the order they are written and encoded
 * @param sort the lake sort key, lowest cardinality first
 * @param partition how the lake partitions by event time
 * @param validation limits for records
 */
public record DatasetSpec(
        String name,
        String description,
        String key,
        String id,
        String timestamp,
        LabelSpec label,
        List<FeatureSpec> features,
        List<String> sort,
        Partitioning partition,
        ValidationRules validation) {

    public DatasetSpec {
        Objects.requireNonNull(name, "name");
        description = description == null ? "" : description;
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(label, "label");
        features = List.copyOf(features);
        sort = List.copyOf(sort);
        Objects.requireNonNull(partition, "partition");
        Objects.requireNonNull(validation, "validation");
    }

    public Optional<FeatureSpec> feature(String featureName) {
        for (FeatureSpec f : features) {
            if (f.name().equals(featureName)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /** Features by name, in spec order. */
    public Map<String, FeatureSpec> featuresByName() {
        Map<String, FeatureSpec> byName = new LinkedHashMap<>();
        for (FeatureSpec f : features) {
            byName.put(f.name(), f);
        }
        return byName;
    }

    public List<String> featureNames() {
        return features.stream().map(FeatureSpec::name).toList();
    }
}
