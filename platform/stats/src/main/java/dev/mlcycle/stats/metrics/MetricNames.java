package dev.mlcycle.stats.metrics;

/**
 * The flat metric names of {@link ClassificationMetrics#asMap()} and {@link
 * RegressionMetrics#asMap()}, as stored in {@code TrainingRun} and {@code ModelVersion} metrics maps
 * and gated on by training. Per-class names append the class name after a dot: {@code
 * precision.yes}.
 */
public final class MetricNames {
    /** Fraction of rows whose predicted class (the argmax) is the actual class. */
    public static final String ACCURACY = "accuracy";
    /** ROC-AUC: binary for the positive class, or the macro one-vs-rest mean. */
    public static final String ROC_AUC = "roc_auc";
    /** PR-AUC as average precision: binary for the positive class, or the macro mean. */
    public static final String PR_AUC = "pr_auc";
    /** Mean negative log-likelihood of the actual class, probabilities clipped. */
    public static final String LOG_LOSS = "log_loss";
    /** Brier score. */
    public static final String BRIER = "brier";
    /** Unweighted mean of per-class F1 over the classes that occur. */
    public static final String F1_MACRO = "f1_macro";
    /** Prefix of per-class precision. */
    public static final String PRECISION = "precision";
    /** Prefix of per-class recall. */
    public static final String RECALL = "recall";
    /** Prefix of per-class F1. */
    public static final String F1 = "f1";
    /** Root mean squared error. */
    public static final String RMSE = "rmse";
    /** Mean absolute error. */
    public static final String MAE = "mae";
    /** Coefficient of determination. */
    public static final String R2 = "r2";

    private MetricNames() {}

    /** {@code <metric>.<class>}, e.g. {@code precision.yes} or {@code roc_auc.north}. */
    public static String perClass(String metric, String className) {
        return metric + "." + className;
    }
}
