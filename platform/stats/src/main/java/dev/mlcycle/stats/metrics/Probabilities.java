package dev.mlcycle.stats.metrics;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks on a matrix of class probabilities (rows x classes) and the predicted class of a row. Used
 * by evaluation, by prediction profiles, and by serving, so that every part of the loop picks the same
 * class for the same row.
 */
public final class Probabilities {
    /** How far a row's sum may be from 1. Loose enough for float models, tight enough to catch logits. */
    public static final double SUM_TOLERANCE = 1e-6;

    private Probabilities() {}

    /**
     * The predicted class of a row: the index of the largest probability, ties to the lowest index.
     *
     * @param row one row of probabilities, at least one column, no NaN (see {@link #check})
     */
    public static int argmax(double[] row) {
        int best = 0;
        for (int c = 1; c < row.length; c++) {
            if (row[c] > row[best]) {
                best = c;
            }
        }
        return best;
    }

    /**
     * Checks class names: at least two, none null or blank, no duplicates.
     *
     * @throws MlcycleException {@link Reason#INVALID_ARGUMENT} naming the offending class
     */
    public static void checkClasses(List<String> classes) {
        if (classes == null) {
            throw invalid("classes: expected a list of class names, got null");
        }
        if (classes.size() < 2) {
            throw invalid("classes: expected at least 2 class names, got " + classes.size() + " " + classes);
        }
        Set<String> seen = new HashSet<>();
        for (int c = 0; c < classes.size(); c++) {
            String name = classes.get(c);
            if (name == null || name.isBlank()) {
                throw invalid("classes[" + c + "]: expected a non-blank class name, got "
                        + (name == null ? "null" : "\"" + name + "\""));
            }
            if (!seen.add(name)) {
                throw invalid("classes[" + c + "]: duplicate class name \"" + name + "\"");
            }
        }
    }

    /**
     * Checks a probability matrix against its classes: one row per example (zero rows is allowed
     * here), one column per class, every value finite and in [0, 1], every row summing to 1 within
     * {@link #SUM_TOLERANCE}.
     *
     * @throws MlcycleException {@link Reason#INVALID_ARGUMENT} naming the row and column, e.g. {@code
     *     probabilities row 3, column 1 ("yes"): expected a finite probability in [0, 1], got NaN}
     */
    public static void check(List<String> classes, double[][] probabilities) {
        checkClasses(classes);
        if (probabilities == null) {
            throw invalid("probabilities: expected a rows x classes matrix, got null");
        }
        int k = classes.size();
        for (int i = 0; i < probabilities.length; i++) {
            double[] row = probabilities[i];
            if (row == null || row.length != k) {
                throw invalid("probabilities row " + i + ": expected " + k + " columns (one per class " + classes
                        + "), got " + (row == null ? "null" : row.length));
            }
            double sum = 0;
            for (int c = 0; c < k; c++) {
                double p = row[c];
                if (!(p >= 0 && p <= 1)) {
                    throw invalid("probabilities row " + i + ", column " + c + " (\"" + classes.get(c)
                            + "\"): expected a finite probability in [0, 1], got " + p);
                }
                sum += p;
            }
            if (Math.abs(sum - 1) > SUM_TOLERANCE) {
                throw invalid("probabilities row " + i + ": expected the row to sum to 1 (within " + SUM_TOLERANCE
                        + "), got " + sum);
            }
        }
    }

    static MlcycleException invalid(String message) {
        return new MlcycleException(Reason.INVALID_ARGUMENT, message);
    }
}
