package dev.mlcycle.stats.metrics;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Evaluation of a regressor: RMSE = sqrt(mean (y - ŷ)^2), MAE = mean |y - ŷ| and R² = 1 - sum (y -
 * ŷ)^2 / sum (y - mean(y))^2 (the coefficient of determination as scikit-learn's {@code r2_score}
 * computes it; it may be negative). R² is undefined, and empty, when the actuals are all equal.
 */
public final class RegressionMetrics {
    private final long rows;
    private final double rmse;
    private final double mae;
    private final OptionalDouble r2;
    private final Map<String, Double> asMap;

    RegressionMetrics(long rows, double rmse, double mae, OptionalDouble r2) {
        this.rows = rows;
        this.rmse = rmse;
        this.mae = mae;
        this.r2 = r2;
        Map<String, Double> m = new LinkedHashMap<>();
        m.put(MetricNames.RMSE, rmse);
        m.put(MetricNames.MAE, mae);
        r2.ifPresent(v -> m.put(MetricNames.R2, v));
        this.asMap = Collections.unmodifiableMap(m);
    }

    /**
     * Evaluates a regressor.
     *
     * @param actual the actual values, finite
     * @param predicted the predictions, finite, one per actual
     * @throws dev.mlcycle.contracts.MlcycleException INVALID_ARGUMENT when there are no rows, the
     *     lengths differ, or a value is NaN or infinite (the message names the row)
     */
    public static RegressionMetrics of(double[] actual, double[] predicted) {
        RegressionData data = RegressionData.of(actual, predicted);
        return data.evaluate(data.unitWeights());
    }

    /** The number of rows evaluated (with bootstrap weights: their sum). */
    public long rows() {
        return rows;
    }

    /** Root mean squared error. */
    public double rmse() {
        return rmse;
    }

    /** Mean absolute error. */
    public double mae() {
        return mae;
    }

    /** R², empty when the actuals are constant. */
    public OptionalDouble r2() {
        return r2;
    }

    /** {@code rmse, mae, r2} by flat name ({@link MetricNames}); {@code r2} only when defined. */
    public Map<String, Double> asMap() {
        return asMap;
    }

    @Override
    public String toString() {
        return "RegressionMetrics" + asMap;
    }
}
