package dev.mlcycle.stats.profile;

import java.util.Objects;

/**
 * A regressor's outputs on its test split: the profile of its predictions.
 *
 * @param values the profile of the predicted values; nothing is missing
 */
public record RegressionPredictions(NumericProfile values) implements PredictionProfile {

    public RegressionPredictions {
        if (values == null) {
            throw new IllegalArgumentException("missing field \"values\"");
        }
        if (values.missing() != 0) {
            throw new IllegalArgumentException(
                    "field \"values.missing\": expected 0 (every row has a prediction), got " + values.missing());
        }
    }

    /**
     * Profiles a regressor's predictions on its test split.
     *
     * @param predictions the predictions, each finite
     * @throws dev.mlcycle.contracts.MlcycleException INVALID_ARGUMENT for a NaN or infinite prediction,
     *     naming its index
     */
    public static RegressionPredictions of(double[] predictions, ProfileOptions options) {
        Objects.requireNonNull(predictions, "predictions");
        return new RegressionPredictions(NumericProfile.of(predictions, 0, options));
    }

    @Override
    public long predictions() {
        return values.count();
    }
}
