package dev.mlcycle.contracts.record;

/**
 * How well the model did on the window's predictions whose labels have arrived. Nested in {@link
 * DriftReport}, on {@code mlcycle.drift.reports}; written by monitoring, read by the CLI and the
 * report page.
 *
 * @param metric the metric, e.g. {@code accuracy}, {@code auc}, {@code rmse}
 * @param value its value over the labelled predictions of the window
 * @param baseline optional: its value at training time (from the model card)
 * @param labelledRows how many predictions of the window had a label, {@code >= 0}
 */
public record Performance(String metric, double value, Double baseline, long labelledRows) {

    public Performance {
        Fields.text(metric, "metric");
        Fields.finite(value, "value");
        Fields.optionalFinite(baseline, "baseline");
        Fields.atLeast(labelledRows, 0, "labelled_rows");
    }
}
