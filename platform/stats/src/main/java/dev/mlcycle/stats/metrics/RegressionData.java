package dev.mlcycle.stats.metrics;

import static dev.mlcycle.stats.metrics.Probabilities.invalid;

import java.util.Arrays;
import java.util.OptionalDouble;

/**
 * Regression inputs checked and prepared once, then evaluated under any row weights.
 *
 * <p>Values are divided by a power of two {@code scale} near the largest magnitude (exact, short of
 * subnormals), so that squares and sums of finite inputs as large as 1e308 cannot overflow; RMSE and
 * MAE are multiplied back, R² needs no scale.
 */
final class RegressionData {
    final int n;
    final double scale;
    /** actual / scale. */
    final double[] y;
    /** (actual - predicted) / scale. */
    final double[] error;

    private RegressionData(double[] actual, double[] predicted) {
        this.n = actual.length;
        double largest = 0;
        for (int i = 0; i < n; i++) {
            largest = Math.max(largest, Math.max(Math.abs(actual[i]), Math.abs(predicted[i])));
        }
        this.scale = largest == 0 ? 1 : Math.scalb(1.0, Math.getExponent(largest));
        this.y = new double[n];
        this.error = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = actual[i] / scale;
            error[i] = y[i] - predicted[i] / scale;
        }
    }

    /**
     * Checks and prepares. See {@link RegressionMetrics#of} for the rules.
     *
     * @throws dev.mlcycle.contracts.MlcycleException INVALID_ARGUMENT naming what was wrong and where
     */
    static RegressionData of(double[] actual, double[] predicted) {
        if (actual == null || predicted == null) {
            throw invalid("actual and predicted: expected two arrays of numbers, got "
                    + (actual == null ? "actual null" : "predicted null"));
        }
        if (actual.length != predicted.length) {
            throw invalid("actual has " + actual.length + " rows but predicted has " + predicted.length
                    + ": expected one prediction per actual");
        }
        if (actual.length == 0) {
            throw invalid("no rows to evaluate: expected at least one actual and prediction");
        }
        for (int i = 0; i < actual.length; i++) {
            if (!Double.isFinite(actual[i])) {
                throw invalid("actual row " + i + ": expected a finite number, got " + actual[i]);
            }
            if (!Double.isFinite(predicted[i])) {
                throw invalid("predicted row " + i + ": expected a finite number, got " + predicted[i]);
            }
        }
        return new RegressionData(actual, predicted);
    }

    int[] unitWeights() {
        int[] w = new int[n];
        Arrays.fill(w, 1);
        return w;
    }

    /**
     * RMSE = sqrt(sum w e^2 / W), MAE = sum w |e| / W, R² = 1 - SS_res / SS_tot with SS_tot = sum w (y
     * - mean_w(y))^2 (two passes, so the mean is exact to rounding); R² is empty when the weighted
     * actuals are all equal (SS_tot = 0).
     */
    RegressionMetrics evaluate(int[] weights) {
        long total = 0;
        double squared = 0;
        double absolute = 0;
        double sumY = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            int w = weights[i];
            if (w == 0) {
                continue;
            }
            total += w;
            double e = error[i];
            squared += w * (e * e);
            absolute += w * Math.abs(e);
            sumY += w * y[i];
            min = Math.min(min, y[i]);
            max = Math.max(max, y[i]);
        }
        OptionalDouble r2 = OptionalDouble.empty();
        if (min < max) {
            double mean = sumY / total;
            double ssTot = 0;
            for (int i = 0; i < n; i++) {
                int w = weights[i];
                if (w != 0) {
                    double d = y[i] - mean;
                    ssTot += w * (d * d);
                }
            }
            r2 = OptionalDouble.of(1 - squared / ssTot);
        }
        double rmse = scale * Math.sqrt(squared / total);
        if (!Double.isFinite(rmse)) {
            throw invalid("errors too large: RMSE exceeds the largest double (actuals and predictions of "
                    + "opposite sign near +-1.8e308); expected errors below 1.8e308");
        }
        return new RegressionMetrics(total, rmse, scale * (absolute / total), r2);
    }
}
