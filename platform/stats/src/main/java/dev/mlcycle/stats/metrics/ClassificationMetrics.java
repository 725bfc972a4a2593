package dev.mlcycle.stats.metrics;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * Evaluation of a classifier from its class probabilities on labelled rows.
 *
 * <p>Definitions (n rows, probabilities p[i][c], actual class y[i]):
 *
 * <ul>
 *   <li>predicted class: argmax_c p[i][c], ties to the lowest index ({@link Probabilities#argmax});
 *   <li>accuracy: the fraction of rows whose predicted class is the actual class;
 *   <li>precision, recall, F1 and support per class: see {@link ClassStats};
 *   <li>macro F1: the unweighted mean of F1 over the classes that occur in the actuals or the
 *       predictions (scikit-learn's {@code f1_score(average="macro")} with its default labels);
 *   <li>ROC-AUC: the Mann-Whitney U statistic divided by (positives x negatives), ties counting one
 *       half. Binary (a positive class given): the positive class's probability against "is the
 *       positive class". Macro (positive class -1): the same one-vs-rest AUC for every class, then
 *       their unweighted mean over the classes whose AUC is defined;
 *   <li>PR-AUC: average precision, sum_n (R_n - R_{n-1}) P_n over the distinct thresholds
 *       (scikit-learn's {@code average_precision_score}); binary or macro as for ROC-AUC;
 *   <li>log loss: mean of -ln(clip(p[i][y[i]])), clipped to [1e-15, 1 - 1e-15];
 *   <li>Brier score: binary, mean of (p[i][pos] - [y[i] = pos])^2; macro, mean over rows of sum_c
 *       (p[i][c] - [y[i] = c])^2 (Brier 1950).
 * </ul>
 *
 * <p>A class absent from the actuals has no AUC: binary ROC-AUC and PR-AUC are empty when the
 * positive class is absent (ROC-AUC also when every row is positive), and such a class is left out of
 * the macro mean and of {@link #rocAucByClass()}. Undefined values are empty, never NaN.
 */
public final class ClassificationMetrics {
    private final List<String> classes;
    private final int positiveClass;
    private final long rows;
    private final double accuracy;
    private final List<ClassStats> perClass;
    private final double f1Macro;
    private final OptionalDouble rocAuc;
    private final OptionalDouble prAuc;
    private final Map<String, Double> rocAucByClass;
    private final Map<String, Double> prAucByClass;
    private final double logLoss;
    private final double brier;
    private final Map<String, Double> asMap;

    ClassificationMetrics(
            List<String> classes,
            int positiveClass,
            long rows,
            double accuracy,
            List<ClassStats> perClass,
            double f1Macro,
            OptionalDouble rocAuc,
            OptionalDouble prAuc,
            Map<String, Double> rocAucByClass,
            Map<String, Double> prAucByClass,
            double logLoss,
            double brier) {
        this.classes = List.copyOf(classes);
        this.positiveClass = positiveClass;
        this.rows = rows;
        this.accuracy = accuracy;
        this.perClass = List.copyOf(perClass);
        this.f1Macro = f1Macro;
        this.rocAuc = rocAuc;
        this.prAuc = prAuc;
        this.rocAucByClass = Collections.unmodifiableMap(new LinkedHashMap<>(rocAucByClass));
        this.prAucByClass = Collections.unmodifiableMap(new LinkedHashMap<>(prAucByClass));
        this.logLoss = logLoss;
        this.brier = brier;
        this.asMap = flatten();
    }

    /**
     * Evaluates a classifier.
     *
     * @param classes the class names, in column order; at least two, unique, non-blank
     * @param actual the actual class index of each row, in [0, classes.size())
     * @param probabilities rows x classes; each value finite in [0, 1], each row summing to 1 within
     *     {@link Probabilities#SUM_TOLERANCE}
     * @param positiveClass the positive class index for binary AUCs and Brier score, or -1 for macro
     *     one-vs-rest over every class (and the multiclass Brier score)
     * @throws dev.mlcycle.contracts.MlcycleException INVALID_ARGUMENT when there are no rows, the
     *     lengths differ, a class index is out of range, or a probability is not finite, outside [0,
     *     1], or its row does not sum to 1; the message names the row and column
     */
    public static ClassificationMetrics of(
            List<String> classes, int[] actual, double[][] probabilities, int positiveClass) {
        ClassificationData data = ClassificationData.of(classes, actual, probabilities, positiveClass);
        return data.evaluate(data.unitWeights(), data.workspace());
    }

    /** The class names, in column order. */
    public List<String> classes() {
        return classes;
    }

    /** The positive class index, or empty for macro one-vs-rest. */
    public OptionalInt positiveClass() {
        return positiveClass >= 0 ? OptionalInt.of(positiveClass) : OptionalInt.empty();
    }

    /** The number of rows evaluated (with bootstrap weights: their sum). */
    public long rows() {
        return rows;
    }

    /** The fraction of rows whose predicted class is the actual class. */
    public double accuracy() {
        return accuracy;
    }

    /** Precision, recall, F1 and support of every class, in class order. */
    public List<ClassStats> perClass() {
        return perClass;
    }

    /** The stats of one class by name, or empty when there is no such class. */
    public Optional<ClassStats> classStats(String className) {
        return perClass.stream().filter(s -> s.name().equals(className)).findFirst();
    }

    /** The unweighted mean F1 over the classes that occur in the actuals or the predictions. */
    public double f1Macro() {
        return f1Macro;
    }

    /** ROC-AUC: binary for the positive class, or the macro one-vs-rest mean; empty when undefined. */
    public OptionalDouble rocAuc() {
        return rocAuc;
    }

    /** Average precision: binary for the positive class, or the macro mean; empty when undefined. */
    public OptionalDouble prAuc() {
        return prAuc;
    }

    /**
     * Macro mode only: the one-vs-rest ROC-AUC of every class whose AUC is defined (present in the
     * actuals and not every row), by class name in class order. Empty in binary mode.
     */
    public Map<String, Double> rocAucByClass() {
        return rocAucByClass;
    }

    /** Macro mode only: the average precision of every class present in the actuals. */
    public Map<String, Double> prAucByClass() {
        return prAucByClass;
    }

    /** Mean negative log-likelihood of the actual class, probabilities clipped to [1e-15, 1 - 1e-15]. */
    public double logLoss() {
        return logLoss;
    }

    /** The Brier score: binary form with a positive class, multiclass form in macro mode. */
    public double brier() {
        return brier;
    }

    /**
     * Every defined metric by its flat name ({@link MetricNames}), in a stable order: {@code accuracy,
     * roc_auc, pr_auc, log_loss, brier, f1_macro}, then per class in class order {@code
     * precision.<class>, recall.<class>, f1.<class>}, then in macro mode {@code roc_auc.<class>,
     * pr_auc.<class>}. Undefined metrics have no entry; every value is finite.
     */
    public Map<String, Double> asMap() {
        return asMap;
    }

    private Map<String, Double> flatten() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put(MetricNames.ACCURACY, accuracy);
        rocAuc.ifPresent(v -> m.put(MetricNames.ROC_AUC, v));
        prAuc.ifPresent(v -> m.put(MetricNames.PR_AUC, v));
        m.put(MetricNames.LOG_LOSS, logLoss);
        m.put(MetricNames.BRIER, brier);
        m.put(MetricNames.F1_MACRO, f1Macro);
        for (ClassStats s : perClass) {
            s.precision().ifPresent(v -> m.put(MetricNames.perClass(MetricNames.PRECISION, s.name()), v));
            s.recall().ifPresent(v -> m.put(MetricNames.perClass(MetricNames.RECALL, s.name()), v));
            s.f1().ifPresent(v -> m.put(MetricNames.perClass(MetricNames.F1, s.name()), v));
        }
        rocAucByClass.forEach((c, v) -> m.put(MetricNames.perClass(MetricNames.ROC_AUC, c), v));
        prAucByClass.forEach((c, v) -> m.put(MetricNames.perClass(MetricNames.PR_AUC, c), v));
        return Collections.unmodifiableMap(m);
    }

    @Override
    public String toString() {
        return "ClassificationMetrics" + asMap;
    }
}
