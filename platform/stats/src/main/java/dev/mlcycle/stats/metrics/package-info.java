/**
 * Model evaluation: the metrics a training run reports and the registry keeps.
 *
 * <ul>
 *   <li>{@link dev.mlcycle.stats.metrics.ClassificationMetrics}: accuracy, per-class precision, recall,
 *       F1 and support, macro F1, ROC-AUC (the Mann-Whitney statistic), PR-AUC (average precision),
 *       log loss and Brier score, from class probabilities.
 *   <li>{@link dev.mlcycle.stats.metrics.RegressionMetrics}: RMSE, MAE and R².
 *   <li>{@link dev.mlcycle.stats.metrics.Bootstrap}: percentile confidence intervals for every metric,
 *       by resampling rows with replacement, seeded.
 *   <li>{@link dev.mlcycle.stats.metrics.MetricNames}: the flat names of {@code asMap()}, as stored in
 *       {@code TrainingRun} and {@code ModelVersion} metrics maps.
 * </ul>
 *
 * <p>A metric that is undefined on the data (an AUC with only one class in the actuals, R² of
 * constant actuals, the precision of a class never predicted) is absent: an empty {@link
 * java.util.OptionalDouble} and no entry in {@code asMap()}, never NaN. Inputs that are not finite,
 * or probability rows that do not sum to 1, fail with {@link
 * dev.mlcycle.contracts.MlcycleException.Reason#INVALID_ARGUMENT} naming the row and column, so that a
 * training run fails instead of registering a model evaluated on garbage.
 *
 * <p>All metrics are computed over integer row weights (1 for every row, or the multiplicities of a
 * bootstrap resample), which is how the bootstrap reuses one sort for all its resamples.
 */
package dev.mlcycle.stats.metrics;
