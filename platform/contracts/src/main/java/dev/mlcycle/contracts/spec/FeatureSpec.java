package dev.mlcycle.contracts.spec;

import java.util.List;
import java.util.Objects;

/**
 * One feature of a dataset.
 *
 * @param name the JSON field name and lake column name
 * @param type the value type
 * @param min smallest allowed value (numeric, integer), or {@code null} for none
 * @param max largest allowed value (numeric, integer), or {@code null} for none
 * @param values the known categories, in order (categorical only; empty otherwise)
 * @param unseenAllowed whether a category outside {@code values} is accepted (and later encoded as
 *     the "unseen" bucket) rather than rejected
 * @param nullable whether the value may be null or absent
 * @param description free text for people, may be empty
 */
public record FeatureSpec(
        String name,
        FeatureType type,
        Double min,
        Double max,
        List<String> values,
        boolean unseenAllowed,
        boolean nullable,
        String description) {

    public FeatureSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        values = List.copyOf(values == null ? List.of() : values);
        description = description == null ? "" : description;
    }

    public boolean isNumeric() {
        return type == FeatureType.NUMERIC || type == FeatureType.INTEGER;
    }

    public boolean isCategorical() {
        return type == FeatureType.CATEGORICAL;
    }

    /** The expectation in words, as used in error messages: {@code a number >= 0}. */
    public String expectation() {
        return switch (type) {
            case NUMERIC -> "a number" + SpecText.range(min, max);
            case INTEGER -> "an integer" + SpecText.range(min, max);
            case CATEGORICAL -> unseenAllowed ? "a string" : "one of " + values;
            case BOOLEAN -> "true or false";
        };
    }
}
