package dev.mlcycle.contracts.record;

import dev.mlcycle.contracts.Topics;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Something is wrong with a model: the value of {@code mlcycle.alerts} ({@link Topics#ALERTS}), keyed
 * by {@link #alertId()}. Written by monitoring when a drift report crosses a threshold, and by
 * training's inbound Alertmanager webhook; read by training (which may retrain) and by the webhook
 * notifier.
 *
 * @param alertId the alert's unique id
 * @param kind what went wrong
 * @param severity how bad it is
 * @param model the model concerned, as in {@link Topics#MODEL_NAME}
 * @param modelVersion optional: the version concerned, {@code >= 1}
 * @param dataset optional: the model's dataset, as in {@link Topics#DATASET_NAME}
 * @param summary one sentence for a person
 * @param features optional: the features that drifted; absent means none named
 * @param reportId optional: the {@link DriftReport} that raised it
 * @param source who raised it: {@code monitoring}, {@code alertmanager}, or another name
 * @param raisedAt when it was raised
 * @param evidence optional: numbers backing it, by name (a statistic, a p-value, a metric drop);
 *     absent means none
 */
public record Alert(
        String alertId,
        AlertKind kind,
        Severity severity,
        String model,
        Integer modelVersion,
        String dataset,
        String summary,
        List<String> features,
        String reportId,
        String source,
        Instant raisedAt,
        Map<String, Double> evidence) {

    /** What an alert is about. */
    public enum AlertKind {
        /** The inputs moved away from the training data. */
        DATA_DRIFT,
        /** The model's outputs moved away from those on the training data. */
        PREDICTION_DRIFT,
        /** The relation between inputs and labels changed: errors grew on late labels. */
        CONCEPT_DRIFT,
        /** A performance metric fell below its bound. */
        PERFORMANCE
    }

    /** How urgent an alert is, after Prometheus' conventions. */
    public enum Severity {
        INFO,
        WARNING,
        CRITICAL
    }

    /** {@link #source()} of alerts raised by monitoring-service. */
    public static final String SOURCE_MONITORING = "monitoring";
    /** {@link #source()} of alerts received from Prometheus Alertmanager. */
    public static final String SOURCE_ALERTMANAGER = "alertmanager";

    public Alert {
        Fields.text(alertId, "alert_id");
        Fields.required(kind, "kind");
        Fields.required(severity, "severity");
        Fields.matching(model, Topics.MODEL_NAME, "model");
        Fields.optionalAtLeast(modelVersion, 1, "model_version");
        Fields.optionalMatching(dataset, Topics.DATASET_NAME, "dataset");
        Fields.text(summary, "summary");
        features = features == null ? List.of() : Fields.texts(features, "features");
        Fields.optionalText(reportId, "report_id");
        Fields.text(source, "source");
        Fields.required(raisedAt, "raised_at");
        evidence = Fields.optionalNumbers(evidence, "evidence");
    }
}
