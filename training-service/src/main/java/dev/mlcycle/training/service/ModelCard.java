package dev.mlcycle.training.service;

import dev.mlcycle.contracts.record.GateDecision;
import dev.mlcycle.contracts.record.OffsetRange;
import dev.mlcycle.contracts.record.Trigger;
import dev.mlcycle.features.check.ValidationReport;
import dev.mlcycle.stats.metrics.MetricInterval;
import dev.mlcycle.training.learn.GridSearch;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The model card in every bundle ({@code model-card.json}): what the model is, how it was trained, on exactly
 * which data, and how well it did. With the snapshot ids, offsets, parameters and seed, the same run can be
 * repeated and gives the same model.
 *
 * @param model the model name
 * @param dataset the dataset
 * @param task classification or regression
 * @param runId the training run
 * @param trigger why it was trained
 * @param algorithm the learning algorithm
 * @param params every parameter, defaults included
 * @param seed the seed
 * @param search the grid search, or null when none was made
 * @param data where the rows came from and how they were split
 * @param metrics the test split's metrics
 * @param validationMetrics the validation split's metrics
 * @param intervals bootstrap confidence intervals of the test metrics
 * @param gate the gate's decision
 * @param dataChecks the data checks it passed
 * @param features the encoded feature names, in the model's order
 * @param tribuoVersion the Tribuo version that trained it
 * @param tribuoProvenance Tribuo's own provenance of the model, as text
 * @param trainingSeconds how long fitting took
 * @param createdAt when the card was written
 */
public record ModelCard(
        String model,
        String dataset,
        String task,
        String runId,
        Trigger trigger,
        String algorithm,
        Map<String, String> params,
        long seed,
        GridSearch.Result search,
        DataLineage data,
        Map<String, Double> metrics,
        Map<String, Double> validationMetrics,
        Map<String, MetricInterval> intervals,
        GateDecision gate,
        ValidationReport dataChecks,
        List<String> features,
        String tribuoVersion,
        String tribuoProvenance,
        double trainingSeconds,
        Instant createdAt) {

    /**
     * Where a model's rows came from.
     *
     * @param eventsSnapshotId the events snapshot read
     * @param labelsSnapshotId the labels snapshot joined (as of the events snapshot), or null
     * @param offsets the Kafka offsets the snapshots cover
     * @param windowFrom the first event time read, or null for the whole snapshot
     * @param rows labelled rows
     * @param trainRows rows fitted on
     * @param validationRows rows evaluated for the record
     * @param testRows rows the gate decided on
     * @param validationFrom first event time of the validation split
     * @param testFrom first event time of the test split
     * @param lastEventTime the newest event time
     * @param unlabelled events left out for want of a label
     * @param duplicates event ids seen more than once
     */
    public record DataLineage(
            long eventsSnapshotId,
            Long labelsSnapshotId,
            List<OffsetRange> offsets,
            Instant windowFrom,
            long rows,
            long trainRows,
            long validationRows,
            long testRows,
            Instant validationFrom,
            Instant testFrom,
            Instant lastEventTime,
            long unlabelled,
            long duplicates) {}
}
