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
 * @param status whether the problem is still there ({@code FIRING}) or has cleared ({@code RESOLVED});
 *     absent (records written before resolutions existed) means firing. A resolution carries the same
 *     {@code alert_id} as the alert it resolves.
 * @param resolvedAt optional: when it cleared; present exactly when resolved
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
        Map<String, Double> evidence,
        Status status,
        Instant resolvedAt) {

    /** Whether an alert is open. */
    public enum Status {
        /** The problem is there. */
        FIRING,
        /** The problem has cleared. */
        RESOLVED
    }

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
        status = status == null ? Status.FIRING : status;
        if ((status == Status.RESOLVED) != (resolvedAt != null)) {
            throw new IllegalArgumentException(
                    status == Status.RESOLVED
                            ? "missing field \"resolved_at\": a resolved alert says when it cleared"
                            : "field \"resolved_at\": expected absent on a firing alert, got " + resolvedAt);
        }
    }

    /** A firing alert. */
    public static Alert firing(
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
        return new Alert(
                alertId,
                kind,
                severity,
                model,
                modelVersion,
                dataset,
                summary,
                features,
                reportId,
                source,
                raisedAt,
                evidence,
                Status.FIRING,
                null);
    }

    /** This alert, resolved at {@code when}, with a new summary and the evidence that cleared it. */
    public Alert resolved(Instant when, String resolution, String clearingReportId, Map<String, Double> clearing) {
        return new Alert(
                alertId,
                kind,
                severity,
                model,
                modelVersion,
                dataset,
                resolution,
                features,
                clearingReportId,
                source,
                raisedAt,
                clearing,
                Status.RESOLVED,
                when);
    }

    /** Whether it is still open. */
    public boolean isFiring() {
        return status == Status.FIRING;
    }

    /**
     * The idempotency key of this message: the alert id and its status, so that an alert and its
     * resolution are two deliveries and a repeat of either carries the same key.
     */
    public String deliveryKey() {
        return alertId + "/" + status.name().toLowerCase(java.util.Locale.ROOT);
    }
}
