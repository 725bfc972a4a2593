package dev.mlcycle.monitoring.drift;

/**
 * When the performance of a window's labelled predictions counts, and how far it may fall from the model card's.
 *
 * @param minLabelled the fewest labelled predictions a window needs before its metrics are judged, {@code >= 1}
 * @param scoreDrop how far a score where higher is better (accuracy, ROC-AUC, R²) may fall below its test value,
 *     absolute, {@code >= 0}
 * @param lossRise how far a loss (log loss, Brier, RMSE, MAE) may rise above its test value, relative ({@code 0.25}
 *     = 25 % worse), {@code >= 0}
 */
public record PerformanceRules(int minLabelled, double scoreDrop, double lossRise) {
    public PerformanceRules {
        if (minLabelled < 1) {
            throw new IllegalArgumentException("min labelled: expected 1 or more, got " + minLabelled);
        }
        if (!(scoreDrop >= 0) || !(lossRise >= 0)) {
            throw new IllegalArgumentException(
                    "performance tolerances: expected >= 0, got score drop " + scoreDrop + ", loss rise " + lossRise);
        }
    }

    public static PerformanceRules defaults() {
        return new PerformanceRules(200, 0.05, 0.25);
    }
}
