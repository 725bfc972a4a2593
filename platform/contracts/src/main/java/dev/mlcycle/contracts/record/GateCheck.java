package dev.mlcycle.contracts.record;

/**
 * One check of the promotion gate: a candidate's metric against a fixed threshold, against the
 * champion within a tolerance, or both. Nested in {@link GateDecision}, within a {@link TrainingRun} on
 * {@code mlcycle.training.runs}; written by training, read by the CLI and dashboards.
 *
 * @param name the check's name, e.g. {@code min-auc}, {@code no-worse-than-champion}
 * @param metric the metric checked, e.g. {@code auc}
 * @param value the candidate's value of the metric
 * @param threshold optional: the fixed bound the value had to meet
 * @param championValue optional: the champion's value on the same evaluation data; absent when there
 *     is no champion
 * @param tolerance optional: how much worse than the champion the candidate may be, {@code >= 0}
 * @param passed whether the candidate passed this check
 * @param detail optional: the outcome in a sentence
 */
public record GateCheck(
        String name,
        String metric,
        double value,
        Double threshold,
        Double championValue,
        Double tolerance,
        boolean passed,
        String detail) {

    public GateCheck {
        Fields.text(name, "name");
        Fields.text(metric, "metric");
        Fields.finite(value, "value");
        Fields.optionalFinite(threshold, "threshold");
        Fields.optionalFinite(championValue, "champion_value");
        Fields.optionalNonNegative(tolerance, "tolerance");
    }
}
