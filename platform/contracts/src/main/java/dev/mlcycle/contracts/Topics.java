package dev.mlcycle.contracts;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Every topic name mlcycle uses, and how each is created. Names are built here and nowhere else.
 *
 * <p>Per-dataset topics carry the dataset name as a suffix ({@code mlcycle.events.credit}); per-model
 * topics carry the model name ({@code mlcycle.predictions.credit-default}).
 */
public final class Topics {
    /** Prefix shared by every mlcycle topic. */
    public static final String PREFIX = "mlcycle.";

    public static final String EVENTS_PREFIX = PREFIX + "events.";
    public static final String LABELS_PREFIX = PREFIX + "labels.";
    public static final String DLQ_PREFIX = PREFIX + "dlq.";
    public static final String PREDICTIONS_PREFIX = PREFIX + "predictions.";

    /** {@link dev.mlcycle.contracts.record.LakeCommit} per lake commit, keyed by dataset. */
    public static final String LAKE_COMMITS = PREFIX + "lake.commits";
    /** {@link dev.mlcycle.contracts.record.ModelRecord} per model, compacted, keyed by model name. */
    public static final String REGISTRY = PREFIX + "registry";
    /** {@link dev.mlcycle.contracts.record.TrainingRun} per run state change, keyed by run id. */
    public static final String TRAINING_RUNS = PREFIX + "training.runs";
    /** {@link dev.mlcycle.contracts.record.DriftReport} per window, keyed by model name. */
    public static final String DRIFT_REPORTS = PREFIX + "drift.reports";
    /** {@link dev.mlcycle.contracts.record.Alert}, keyed by alert id. */
    public static final String ALERTS = PREFIX + "alerts";
    /**
     * monitoring's record of each settled webhook delivery, keyed by receiver and delivery key; created by the
     * webhook dispatcher when webhooks are configured (not by {@link #platformTopics()}).
     */
    public static final String WEBHOOK_DELIVERIES = PREFIX + "webhooks.deliveries";

    /** Default partitions of a per-dataset data topic: enough for a few ingest consumers. */
    public static final int DATA_PARTITIONS = 6;
    /** Default retention of event, label, prediction and DLQ topics. */
    public static final Duration DATA_RETENTION = Duration.ofDays(7);
    /** Retention of the metadata topics (commits, runs, reports, alerts): the history people look back on. */
    public static final Duration METADATA_RETENTION = Duration.ofDays(90);

    /** Dataset names become topic and table names, so they stay within {@code [a-z][a-z0-9_]*}. */
    public static final Pattern DATASET_NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");
    /** Model names become topic names and directory names: lower case, digits, {@code -} and {@code _}. */
    public static final Pattern MODEL_NAME = Pattern.compile("[a-z][a-z0-9_-]{0,62}");

    private static final Pattern TOPIC_NAME = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    private Topics() {}

    public static String events(String dataset) {
        return EVENTS_PREFIX + requireDatasetName(dataset);
    }

    public static String labels(String dataset) {
        return LABELS_PREFIX + requireDatasetName(dataset);
    }

    public static String dlq(String dataset) {
        return DLQ_PREFIX + requireDatasetName(dataset);
    }

    public static String predictions(String model) {
        return PREDICTIONS_PREFIX + requireModelName(model);
    }

    /**
     * The largest record the dataset topics (events, labels, dead letters) accept: 16 MiB, above
     * Kafka's 1 MiB default, so that an oversized value reaches ingest and lands whole on the
     * dead-letter topic. A producer or consumer of these topics should allow as much.
     */
    public static final int MAX_DATA_MESSAGE_BYTES = 16 << 20;

    /** True for an events, labels or dead-letter topic of some dataset. */
    public static boolean isDatasetTopic(String topic) {
        return topic != null
                && (topic.startsWith(EVENTS_PREFIX) || topic.startsWith(LABELS_PREFIX) || topic.startsWith(DLQ_PREFIX));
    }

    /** The topics shared by every dataset and model: commits, registry, runs, reports, alerts. */
    public static List<TopicSpec> platformTopics() {
        return List.of(
                new TopicSpec(LAKE_COMMITS, 1, false, METADATA_RETENTION, "dataset"),
                new TopicSpec(REGISTRY, 1, true, null, "model name"),
                new TopicSpec(TRAINING_RUNS, 1, false, METADATA_RETENTION, "run id"),
                new TopicSpec(DRIFT_REPORTS, 1, false, METADATA_RETENTION, "model name"),
                new TopicSpec(ALERTS, 1, false, METADATA_RETENTION, "alert id"));
    }

    /** The topics of one dataset: its events, its labels and its dead letters. */
    public static List<TopicSpec> datasetTopics(String dataset) {
        return List.of(
                new TopicSpec(events(dataset), DATA_PARTITIONS, false, DATA_RETENTION, "entity key"),
                new TopicSpec(labels(dataset), DATA_PARTITIONS, false, DATA_RETENTION, "event id"),
                new TopicSpec(dlq(dataset), 1, false, DATA_RETENTION, "as received"));
    }

    /** The prediction log of one model. */
    public static TopicSpec modelTopic(String model) {
        return new TopicSpec(predictions(model), DATA_PARTITIONS, false, DATA_RETENTION, "event id or request id");
    }

    public static String requireDatasetName(String dataset) {
        if (dataset == null || !DATASET_NAME.matcher(dataset).matches()) {
            throw new MlcycleException(
                    MlcycleException.Reason.INVALID_ARGUMENT,
                    "dataset name: expected " + DATASET_NAME.pattern() + ", got " + quote(dataset));
        }
        return dataset;
    }

    public static String requireModelName(String model) {
        if (model == null || !MODEL_NAME.matcher(model).matches()) {
            throw new MlcycleException(
                    MlcycleException.Reason.INVALID_ARGUMENT,
                    "model name: expected " + MODEL_NAME.pattern() + ", got " + quote(model));
        }
        return model;
    }

    static void requireValidTopicName(String name) {
        if (name == null || !TOPIC_NAME.matcher(name).matches() || name.equals(".") || name.equals("..")) {
            throw new MlcycleException(
                    MlcycleException.Reason.INVALID_ARGUMENT,
                    "topic name: expected 1-249 of [a-zA-Z0-9._-], got " + quote(name));
        }
    }

    private static String quote(String s) {
        return s == null ? "nothing" : '"' + s + '"';
    }
}
