package dev.mlcycle.stats.profile;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * The profile of one column: numeric or categorical. In JSON a {@code "type"} property tells which:
 * {@code "numeric"} or {@code "categorical"}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = NumericProfile.class, name = "numeric"),
    @JsonSubTypes.Type(value = CategoricalProfile.class, name = "categorical")
})
public sealed interface FeatureProfile permits NumericProfile, CategoricalProfile {
    /** The number of non-missing values. */
    long count();

    /** The number of missing (null or absent) values. */
    long missing();

    /** All rows profiled: {@code count() + missing()}. */
    default long total() {
        return count() + missing();
    }

    /** Whether there is at least one non-missing value. */
    default boolean hasValues() {
        return count() > 0;
    }
}
