package dev.mlcycle.serving.model;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import java.util.Arrays;
import java.util.List;

/**
 * What a model answered for the rows of a {@link Frame}, in the same order. Classification fills {@code labels}
 * and {@code probabilities} ({@code rows x classes}, in the order of {@code classes}); regression fills {@code
 * values}. The arrays are not copied: treat them as read-only.
 *
 * @param classes the class names in the model's order (classification), else an empty list
 * @param labels the predicted class per row (classification), else null
 * @param probabilities the probability of each class per row (classification), else null
 * @param values the predicted value per row (regression), else null
 */
public record Outputs(List<String> classes, String[] labels, double[][] probabilities, double[] values) {
    public Outputs {
        classes = List.copyOf(classes);
        if ((labels == null) == (values == null)) {
            throw new MlcycleException(Reason.INTERNAL, "outputs hold labels or values, exactly one of them");
        }
        if (labels != null && (probabilities == null || probabilities.length != labels.length)) {
            throw new MlcycleException(Reason.INTERNAL, "outputs need one probability row per label");
        }
    }

    /** How many rows. */
    public int rows() {
        return labels != null ? labels.length : values.length;
    }

    /** True for a classifier's outputs. */
    public boolean isClassification() {
        return labels != null;
    }

    /** Rows {@code [from, to)}, copied. */
    public Outputs slice(int from, int to) {
        if (from < 0 || to > rows() || from > to) {
            throw new MlcycleException(
                    Reason.INVALID_ARGUMENT, "slice [" + from + ", " + to + ") is outside [0, " + rows() + ")");
        }
        return isClassification()
                ? new Outputs(
                        classes,
                        Arrays.copyOfRange(labels, from, to),
                        Arrays.copyOfRange(probabilities, from, to),
                        null)
                : new Outputs(classes, null, null, Arrays.copyOfRange(values, from, to));
    }

    /** The rows of several outputs of one model, in order. */
    public static Outputs concat(List<Outputs> parts) {
        if (parts.isEmpty()) {
            throw new MlcycleException(Reason.INVALID_ARGUMENT, "concat: no outputs");
        }
        if (parts.size() == 1) {
            return parts.get(0);
        }
        Outputs first = parts.get(0);
        int total = parts.stream().mapToInt(Outputs::rows).sum();
        if (first.isClassification()) {
            String[] labels = new String[total];
            double[][] probabilities = new double[total][];
            int at = 0;
            for (Outputs o : parts) {
                System.arraycopy(o.labels, 0, labels, at, o.rows());
                System.arraycopy(o.probabilities, 0, probabilities, at, o.rows());
                at += o.rows();
            }
            return new Outputs(first.classes, labels, probabilities, null);
        }
        double[] values = new double[total];
        int at = 0;
        for (Outputs o : parts) {
            System.arraycopy(o.values, 0, values, at, o.rows());
            at += o.rows();
        }
        return new Outputs(first.classes, null, null, values);
    }
}
