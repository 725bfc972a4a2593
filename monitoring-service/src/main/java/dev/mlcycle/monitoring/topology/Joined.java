package dev.mlcycle.monitoring.topology;

import dev.mlcycle.contracts.record.PredictionRecord;

/**
 * A prediction and the label that arrived for it, as the label join hands it to the window of its model version.
 *
 * @param prediction the prediction as served
 * @param label the label's value as text (a class name, or a number for regression)
 */
public record Joined(PredictionRecord prediction, String label) {}
