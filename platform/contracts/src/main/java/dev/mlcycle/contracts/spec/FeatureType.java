package dev.mlcycle.contracts.spec;

/** The value type of a feature, as it appears in JSON and in the lake. */
public enum FeatureType {
    /** A finite JSON number, stored as a double. */
    NUMERIC,
    /** A JSON number with no fractional part, stored as a long. */
    INTEGER,
    /** A JSON string from a known set of values. */
    CATEGORICAL,
    /** JSON {@code true} or {@code false}. */
    BOOLEAN;

    public String yamlName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
