package dev.mlcycle.contracts.spec;

import java.util.List;
import java.util.Objects;

/**
 * The label (target) of a dataset.
 *
 * @param name JSON field name of the label in events (inline) and label events
 * @param type {@link FeatureType#CATEGORICAL} for classification, {@link FeatureType#NUMERIC} for
 *     regression
 * @param values the classes, in order (categorical only)
 * @param min smallest allowed value (numeric only), or {@code null}
 * @param max largest allowed value (numeric only), or {@code null}
 * @param arrives whether labels come inside the events or later on the labels topic
 */
public record LabelSpec(String name, FeatureType type, List<String> values, Double min, Double max, Arrival arrives) {

    /** How labels reach mlcycle. */
    public enum Arrival {
        /** The event itself carries the label. */
        INLINE,
        /** Labels arrive later as label events on {@code mlcycle.labels.<dataset>}, keyed by event id. */
        DELAYED
    }

    public LabelSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(arrives, "arrives");
        values = List.copyOf(values == null ? List.of() : values);
    }

    public boolean isClassification() {
        return type == FeatureType.CATEGORICAL;
    }

    public String expectation() {
        return isClassification() ? "one of " + values : "a number" + SpecText.range(min, max);
    }
}
