package dev.mlcycle.stats.profile;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * The distribution of a model's own outputs on its test split, for prediction-drift checks. In JSON a
 * {@code "kind"} property tells which: {@code "classification"} or {@code "regression"}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "kind")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ClassificationPredictions.class, name = "classification"),
    @JsonSubTypes.Type(value = RegressionPredictions.class, name = "regression")
})
public sealed interface PredictionProfile permits ClassificationPredictions, RegressionPredictions {
    /** The number of predictions profiled. */
    long predictions();
}
