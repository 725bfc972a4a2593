package dev.mlcycle.stats.metrics;

import static dev.mlcycle.stats.metrics.Probabilities.invalid;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Classification inputs checked and prepared once, then evaluated under any row weights: 1 per row
 * for the point estimate, the multiplicities of a resample for the bootstrap.
 *
 * <p>Preparation sorts the rows once per scored class (the positive class, or every class in macro
 * mode) by that class's probability and groups equal scores, and stores the rows in the order of the
 * first one. An evaluation is then one sequential pass over the rows (confusion matrix, log loss,
 * Brier) and, per scored class, one pass over its sorted rows totalling positive and negative weight
 * per score group, then one pass over the groups: ROC-AUC and average precision of a weighted sample
 * in O(rows) per class, with no sort per resample.
 */
final class ClassificationData {
    /** Probabilities are clipped to [CLIP, 1 - CLIP] for the log loss. */
    static final double CLIP = 1e-15;

    final List<String> classes;
    final int k;
    final int n;
    /** The positive class, or -1 for macro one-vs-rest. */
    final int positive;
    /** The classes whose scores are ranked: {positive}, or every class for macro. */
    final int[] scored;
    /**
     * Row j of the arrays below (and of the weights) is input row order[j]: rows are in ascending
     * order of the first scored class's score.
     */
    final int[] order;

    final int[] actual;
    final int[] predicted;
    /** -log(clip(p[i][actual[i]])). */
    final double[] logLoss;
    /** Brier contribution of each row (binary or multiclass form). */
    final double[] brier;
    /** One ranking per scored class. */
    final Ranking[] rankings;

    /**
     * The rows of one scored class in ascending order of its score, grouped by equal scores.
     *
     * @param rows rows[j] is the row (in {@link #order}) with the j-th smallest score; null for the
     *     first scored class, whose order is the row order itself
     * @param positive -1 (all bits set) when the j-th row belongs to the class, else 0: a mask, so
     *     that totalling needs no branch
     * @param groupStart the j of group g run from groupStart[g] to groupStart[g + 1] - 1
     */
    record Ranking(int[] rows, int[] positive, int[] groupStart) {
        int groups() {
            return groupStart.length - 1;
        }
    }

    private ClassificationData(List<String> classes, int[] actual, double[][] probabilities, int positive) {
        this.classes = List.copyOf(classes);
        this.k = classes.size();
        this.n = actual.length;
        this.positive = positive;
        this.scored = positive >= 0 ? new int[] {positive} : range(k);
        // Input rows in ascending score order per scored class, with their group starts.
        int[][] sortedRows = new int[scored.length][];
        int[][] starts = new int[scored.length][];
        for (int s = 0; s < scored.length; s++) {
            double[] column = new double[n];
            for (int i = 0; i < n; i++) {
                column[i] = probabilities[i][scored[s]] + 0.0; // -0.0 -> 0.0: one rank for both zeros
            }
            double[] values = column.clone();
            Arrays.sort(values);
            int g = 0;
            for (int i = 0; i < n; i++) {
                if (g == 0 || values[i] != values[g - 1]) {
                    values[g++] = values[i];
                }
            }
            int[] rank = new int[n];
            int[] start = new int[g + 1];
            for (int i = 0; i < n; i++) {
                rank[i] = Arrays.binarySearch(values, 0, g, column[i]);
                start[rank[i] + 1]++;
            }
            for (int r = 0; r < g; r++) {
                start[r + 1] += start[r];
            }
            starts[s] = start.clone();
            int[] rows = new int[n];
            for (int i = 0; i < n; i++) { // a stable counting sort by rank
                rows[start[rank[i]]++] = i;
            }
            sortedRows[s] = rows;
        }
        this.order = sortedRows[0];
        int[] position = new int[n];
        for (int j = 0; j < n; j++) {
            position[order[j]] = j;
        }
        this.actual = new int[n];
        this.predicted = new int[n];
        this.logLoss = new double[n];
        this.brier = new double[n];
        for (int j = 0; j < n; j++) {
            int i = order[j];
            double[] row = probabilities[i];
            int y = actual[i];
            this.actual[j] = y;
            predicted[j] = Probabilities.argmax(row);
            double p = Math.min(Math.max(row[y], CLIP), 1 - CLIP);
            logLoss[j] = -Math.log(p);
            if (positive >= 0) {
                double d = row[positive] - (y == positive ? 1 : 0);
                brier[j] = d * d;
            } else {
                double sum = 0;
                for (int c = 0; c < k; c++) {
                    double d = row[c] - (y == c ? 1 : 0);
                    sum += d * d;
                }
                brier[j] = sum;
            }
        }
        this.rankings = new Ranking[scored.length];
        for (int s = 0; s < scored.length; s++) {
            int[] rows = s == 0 ? null : new int[n];
            int[] isPositive = new int[n];
            for (int j = 0; j < n; j++) {
                int i = sortedRows[s][j];
                if (rows != null) {
                    rows[j] = position[i];
                }
                isPositive[j] = actual[i] == scored[s] ? -1 : 0;
            }
            rankings[s] = new Ranking(rows, isPositive, starts[s]);
        }
    }

    /**
     * Checks and prepares. See {@link ClassificationMetrics#of} for the rules.
     *
     * @throws dev.mlcycle.contracts.MlcycleException INVALID_ARGUMENT naming what was wrong and where
     */
    static ClassificationData of(List<String> classes, int[] actual, double[][] probabilities, int positiveClass) {
        Probabilities.checkClasses(classes);
        if (actual == null) {
            throw invalid("actual: expected one class index per row, got null");
        }
        if (probabilities == null) {
            throw invalid("probabilities: expected a rows x classes matrix, got null");
        }
        if (actual.length != probabilities.length) {
            throw invalid("actual has " + actual.length + " rows but probabilities has " + probabilities.length
                    + ": expected one probability row per actual");
        }
        if (actual.length == 0) {
            throw invalid("no rows to evaluate: expected at least one actual and probability row");
        }
        int k = classes.size();
        if (positiveClass < -1 || positiveClass >= k) {
            throw invalid("positiveClass: expected -1 (macro one-vs-rest) or a class index in [0, " + k + "), got "
                    + positiveClass);
        }
        for (int i = 0; i < actual.length; i++) {
            if (actual[i] < 0 || actual[i] >= k) {
                throw invalid("actual row " + i + ": expected a class index in [0, " + k + ") for classes " + classes
                        + ", got " + actual[i]);
            }
        }
        Probabilities.check(classes, probabilities);
        return new ClassificationData(classes, actual, probabilities, positiveClass);
    }

    /** Weights of 1 for every row. */
    int[] unitWeights() {
        int[] w = new int[n];
        Arrays.fill(w, 1);
        return w;
    }

    /** Buffers for one evaluating thread. */
    Workspace workspace() {
        return new Workspace();
    }

    /**
     * The metrics of the rows under integer weights (a weight of w counts the row w times), weights
     * indexed in {@link #order}. Rows of weight 0 add nothing.
     */
    ClassificationMetrics evaluate(int[] weights, Workspace ws) {
        long[] confusion = ws.confusion;
        Arrays.fill(confusion, 0);
        long total = 0;
        double logLossSum = 0;
        double brierSum = 0;
        for (int i = 0; i < n; i++) {
            int w = weights[i];
            total += w;
            confusion[actual[i] * k + predicted[i]] += w;
            logLossSum += w * logLoss[i];
            brierSum += w * brier[i];
        }
        for (int s = 0; s < scored.length; s++) {
            groupTotals(rankings[s], weights, ws.pos[s], ws.neg[s]);
        }

        long correct = 0;
        List<ClassStats> perClass = new ArrayList<>(k);
        double f1Sum = 0;
        int f1Classes = 0;
        for (int c = 0; c < k; c++) {
            long tp = confusion[c * k + c];
            long support = 0;
            long predictedAs = 0;
            for (int o = 0; o < k; o++) {
                support += confusion[c * k + o];
                predictedAs += confusion[o * k + c];
            }
            correct += tp;
            OptionalDouble precision = ratio(tp, predictedAs);
            OptionalDouble recall = ratio(tp, support);
            OptionalDouble f1 = ratio(2 * tp, support + predictedAs);
            if (f1.isPresent()) {
                f1Sum += f1.getAsDouble();
                f1Classes++;
            }
            perClass.add(new ClassStats(classes.get(c), support, predictedAs, precision, recall, f1));
        }

        Map<String, Double> rocByClass = new LinkedHashMap<>();
        Map<String, Double> prByClass = new LinkedHashMap<>();
        for (int s = 0; s < scored.length; s++) {
            String name = classes.get(scored[s]);
            int groups = rankings[s].groups();
            rocAuc(ws.pos[s], ws.neg[s], groups).ifPresent(v -> rocByClass.put(name, v));
            averagePrecision(ws.pos[s], ws.neg[s], groups).ifPresent(v -> prByClass.put(name, v));
        }
        return new ClassificationMetrics(
                classes,
                positive,
                total,
                (double) correct / total,
                perClass,
                f1Sum / f1Classes,
                mean(rocByClass),
                mean(prByClass),
                positive >= 0 ? Map.of() : rocByClass,
                positive >= 0 ? Map.of() : prByClass,
                logLossSum / total,
                brierSum / total);
    }

    /**
     * Positive and negative weight per score group, walking the rows in score order: sequential
     * reads, and for all but the first scored class one gather of each row's weight.
     */
    private static void groupTotals(Ranking ranking, int[] weights, long[] pos, long[] neg) {
        int[] start = ranking.groupStart();
        int[] mask = ranking.positive();
        int[] rows = ranking.rows();
        for (int g = 0, groups = ranking.groups(); g < groups; g++) {
            long wp = 0;
            long wt = 0;
            int end = start[g + 1];
            if (rows == null) {
                for (int j = start[g]; j < end; j++) {
                    int w = weights[j];
                    wp += w & mask[j];
                    wt += w;
                }
            } else {
                for (int j = start[g]; j < end; j++) {
                    int w = weights[rows[j]];
                    wp += w & mask[j];
                    wt += w;
                }
            }
            pos[g] = wp;
            neg[g] = wt - wp;
        }
    }

    /**
     * ROC-AUC as the Mann-Whitney statistic: the probability that a random positive scores above a
     * random negative, ties counting one half (Mann and Whitney 1947; Hanley and McNeil 1982). With
     * positives and negatives grouped by score rank r ascending, U = sum_r pos[r] (negBelow(r) +
     * neg[r] / 2) and AUC = U / (P N). Computed as 2U in integers, so it is exact up to the final
     * division. Empty when there are no positives or no negatives.
     */
    static OptionalDouble rocAuc(long[] pos, long[] neg, int groups) {
        long p = 0;
        long negBelow = 0;
        long twiceU = 0;
        for (int r = 0; r < groups; r++) {
            long wp = pos[r];
            long wn = neg[r];
            twiceU += wp * (2 * negBelow + wn);
            negBelow += wn;
            p += wp;
        }
        if (p == 0 || negBelow == 0) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(twiceU / (2.0 * p * negBelow));
    }

    /**
     * Average precision as scikit-learn defines it: AP = sum_n (R_n - R_{n-1}) P_n over the distinct
     * score thresholds in descending order, where P_n and R_n are the precision and recall of
     * predicting positive at scores >= the n-th threshold (no interpolation). Tied scores form one
     * threshold. Empty when there are no positives.
     */
    static OptionalDouble averagePrecision(long[] pos, long[] neg, int groups) {
        long tp = 0;
        long fp = 0;
        double sum = 0;
        for (int r = groups - 1; r >= 0; r--) {
            long wp = pos[r];
            tp += wp;
            fp += neg[r];
            if (wp > 0) {
                sum += wp * ((double) tp / (tp + fp));
            }
        }
        return tp == 0 ? OptionalDouble.empty() : OptionalDouble.of(sum / tp);
    }

    private static OptionalDouble ratio(long numerator, long denominator) {
        return denominator == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) numerator / denominator);
    }

    private static OptionalDouble mean(Map<String, Double> values) {
        if (values.isEmpty()) {
            return OptionalDouble.empty();
        }
        double sum = 0;
        for (double v : values.values()) {
            sum += v;
        }
        return OptionalDouble.of(sum / values.size());
    }

    private static int[] range(int k) {
        int[] r = new int[k];
        for (int c = 0; c < k; c++) {
            r[c] = c;
        }
        return r;
    }

    /** Per-thread buffers: the confusion matrix and per-group weight totals of each scored class. */
    final class Workspace {
        final long[] confusion = new long[k * k];
        final long[][] pos = new long[scored.length][];
        final long[][] neg = new long[scored.length][];

        Workspace() {
            for (int s = 0; s < scored.length; s++) {
                pos[s] = new long[rankings[s].groups()];
                neg[s] = new long[rankings[s].groups()];
            }
        }
    }
}
