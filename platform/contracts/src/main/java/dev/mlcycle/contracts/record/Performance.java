package dev.mlcycle.contracts.record;

/**
 * How well the model did on the window's predictions whose labels have arrived. Nested in {@link
 * DriftReport}, on {@code mlcycle.drift.reports}; written by monitoring, read by the CLI and the
 * report page.
 *
 * @param metric the metric, e.g. {@code accuracy}, {@code roc_auc}, {@code log_loss}, {@code brier}, {@code rmse}
 * @param value its value over the labelled predictions of the window
 * @param baseline optional: its value at training time (from the model card)
 * @param labelledRows how many predictions of the window had a label, {@code >= 0}
 * @param bound optional: the worst value allowed before a {@code PERFORMANCE} alert (below it when higher is
 *     better, above it when lower is better)
 * @param breached whether the value is past the bound; absent (records written before bounds) means not
 */
public record Performance(
        String metric, double value, Double baseline, long labelledRows, Double bound, Boolean breached) {

    public Performance {
        Fields.text(metric, "metric");
        Fields.finite(value, "value");
        Fields.optionalFinite(baseline, "baseline");
        Fields.atLeast(labelledRows, 0, "labelled_rows");
        Fields.optionalFinite(bound, "bound");
        breached = Boolean.TRUE.equals(breached);
    }

    /** A metric without a bound. */
    public static Performance of(String metric, double value, Double baseline, long labelledRows) {
        return new Performance(metric, value, baseline, labelledRows, null, false);
    }
}
