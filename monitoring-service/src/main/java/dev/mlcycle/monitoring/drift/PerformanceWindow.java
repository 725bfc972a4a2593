package dev.mlcycle.monitoring.drift;

import dev.mlcycle.contracts.record.Performance;
import dev.mlcycle.stats.metrics.ClassificationMetrics;
import dev.mlcycle.stats.metrics.MetricNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The performance of a window's labelled predictions against the model card's test metrics: accuracy, ROC-AUC (binary
 * with a positive class, else macro one-vs-rest), log loss and Brier score for a classifier (platform/stats'
 * {@link ClassificationMetrics}, as training evaluates), RMSE and MAE for a regressor. A metric is breached when it
 * is past its bound ({@link PerformanceRules}); no metric is judged below {@link PerformanceRules#minLabelled()}
 * labelled predictions.
 */
public final class PerformanceWindow {
    private PerformanceWindow() {}

    /** The metrics of the outcomes; empty when there are none. */
    public static List<Performance> evaluate(Reference reference, List<Outcome> outcomes, PerformanceRules rules) {
        if (outcomes.isEmpty()) {
            return List.of();
        }
        boolean judged = outcomes.size() >= rules.minLabelled();
        List<Performance> out = new ArrayList<>();
        Map<String, Double> base = reference.testMetrics();
        if (reference.classification()) {
            List<String> classes = reference.classes();
            int[] actual = new int[outcomes.size()];
            double[][] probabilities = new double[outcomes.size()][];
            for (int i = 0; i < actual.length; i++) {
                actual[i] = outcomes.get(i).actual();
                probabilities[i] = outcomes.get(i).probabilities();
            }
            String positive = reference.positiveClass();
            ClassificationMetrics m = ClassificationMetrics.of(
                    classes, actual, probabilities, positive == null ? -1 : classes.indexOf(positive));
            out.add(score(MetricNames.ACCURACY, m.accuracy(), base, outcomes.size(), judged, rules));
            if (m.rocAuc().isPresent()) {
                out.add(score(MetricNames.ROC_AUC, m.rocAuc().getAsDouble(), base, outcomes.size(), judged, rules));
            }
            out.add(loss(MetricNames.LOG_LOSS, m.logLoss(), base, outcomes.size(), judged, rules));
            out.add(loss(MetricNames.BRIER, m.brier(), base, outcomes.size(), judged, rules));
        } else {
            double se = 0;
            double ae = 0;
            for (Outcome o : outcomes) {
                double e = o.value() - o.actualValue();
                se += e * e;
                ae += Math.abs(e);
            }
            out.add(loss(MetricNames.RMSE, Math.sqrt(se / outcomes.size()), base, outcomes.size(), judged, rules));
            out.add(loss(MetricNames.MAE, ae / outcomes.size(), base, outcomes.size(), judged, rules));
        }
        return List.copyOf(out);
    }

    private static Performance score(
            String metric, double value, Map<String, Double> base, long rows, boolean judged, PerformanceRules rules) {
        Double baseline = base.get(metric);
        Double bound = baseline == null ? null : baseline - rules.scoreDrop();
        return new Performance(metric, value, baseline, rows, bound, judged && bound != null && value < bound);
    }

    private static Performance loss(
            String metric, double value, Map<String, Double> base, long rows, boolean judged, PerformanceRules rules) {
        Double baseline = base.get(metric);
        Double bound = baseline == null ? null : baseline * (1 + rules.lossRise());
        return new Performance(metric, value, baseline, rows, bound, judged && bound != null && value > bound);
    }
}
