package dev.mlcycle.training.resource;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.contracts.json.Json;
import dev.mlcycle.contracts.record.Alert;
import dev.mlcycle.contracts.record.Alert.AlertKind;
import dev.mlcycle.contracts.record.Alert.Severity;
import dev.mlcycle.training.service.AdminAuth;
import dev.mlcycle.training.service.TrainingService;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The inbound Prometheus Alertmanager webhook ({@code webhook_configs} payload version 4). Every firing alert that
 * names a model in its labels ({@code model}, or {@code mlcycle_model}) becomes an {@link Alert} of source {@code
 * alertmanager} on {@code mlcycle.alerts}, which retrains the model like any alert (with the model's cooldown and
 * coalescing). Resolved alerts and alerts without a model are skipped and listed in the answer. The alert id is
 * the Alertmanager fingerprint with the start time, so the same alert re-sent on every {@code repeat_interval}
 * stays one alert. Takes the alert token ({@code <data-dir>/alert-token}, or {@code training.auth.alert-token}; in
 * Alertmanager {@code http_config.authorization.credentials_file}), which can do nothing else, or the admin token.
 * A body that is not a webhook payload (not JSON, nested deeper than {@value Json#MAX_NESTING_DEPTH}, larger than
 * {@code training.http.max-body-size}) is refused with 400 or 413, and one bad alert is skipped with its reason.
 *
 * <p>Optional labels: {@code severity} (info, warning, critical; default warning) and {@code mlcycle_kind}
 * (data_drift, prediction_drift, concept_drift, performance; default performance).
 */
@Path("/alertmanager")
@Produces(MediaType.APPLICATION_JSON)
public class AlertmanagerResource {
    @Inject
    TrainingService training;

    @Inject
    AdminAuth auth;

    /** Receives one notification. */
    @POST
    @Consumes(MediaType.WILDCARD)
    public Map<String, Object> receive(
            String body,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam(AdminAuth.ACTOR_HEADER) String actorHeader) {
        auth.requireAlert(authorization, actorHeader);
        JsonNode json = TrainingResource.parse(body);
        String version = TrainingResource.optionalText(json, "version");
        if (!"4".equals(version)) {
            throw new MlcycleException(
                    Reason.INVALID_ARGUMENT,
                    "field \"version\": expected the Alertmanager webhook payload version \"4\", got " + version);
        }
        JsonNode alerts = json.get("alerts");
        if (alerts == null || !alerts.isArray()) {
            throw new MlcycleException(Reason.INVALID_ARGUMENT, "field \"alerts\": expected an array");
        }
        List<String> published = new ArrayList<>();
        List<Map<String, Object>> skipped = new ArrayList<>();
        for (int i = 0; i < alerts.size(); i++) {
            JsonNode a = alerts.get(i);
            try {
                Alert alert = toAlert(a);
                if (alert == null) {
                    skipped.add(Map.of("index", i, "reason", "resolved"));
                    continue;
                }
                training.publishAlert(alert);
                published.add(alert.alertId());
            } catch (MlcycleException | IllegalArgumentException e) {
                if (e instanceof MlcycleException m && m.reason() == Reason.UNAVAILABLE) {
                    throw m;
                }
                skipped.add(Map.of("index", i, "reason", e.getMessage()));
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("received", alerts.size());
        out.put("published", published);
        out.put("skipped", skipped);
        return out;
    }

    private static Alert toAlert(JsonNode a) {
        if (!"firing".equals(text(a, "status"))) {
            return null;
        }
        JsonNode labels = a.get("labels");
        if (labels == null || !labels.isObject()) {
            throw new IllegalArgumentException("alert has no labels");
        }
        String model = firstNonNull(text(labels, "model"), text(labels, "mlcycle_model"));
        if (model == null) {
            throw new IllegalArgumentException(
                    "alert " + text(labels, "alertname") + " names no model: add a \"model\" label to the alert rule");
        }
        String fingerprint = text(a, "fingerprint");
        String startsAt = text(a, "startsAt");
        Instant raised;
        long raisedMillis;
        try {
            raised = startsAt == null ? Instant.now() : Instant.parse(startsAt);
            raisedMillis = raised.toEpochMilli();
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new IllegalArgumentException(
                    "startsAt: expected an RFC 3339 time between the years -292275055 and 292278994, got " + startsAt);
        }
        String alertName = firstNonNull(text(labels, "alertname"), "alert");
        String id = "am-" + (fingerprint == null ? alertName : fingerprint) + "-" + raisedMillis;
        JsonNode annotations = a.get("annotations");
        String summary = firstNonNull(
                annotations == null ? null : text(annotations, "summary"),
                annotations == null ? null : text(annotations, "description"),
                alertName + " firing for model " + model);
        return Alert.firing(
                id,
                kind(text(labels, "mlcycle_kind")),
                severity(text(labels, "severity")),
                model,
                null,
                null,
                summary,
                null,
                null,
                Alert.SOURCE_ALERTMANAGER,
                raised,
                null);
    }

    private static AlertKind kind(String label) {
        if (label == null) {
            return AlertKind.PERFORMANCE;
        }
        try {
            return AlertKind.valueOf(label.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "label mlcycle_kind: expected one of data_drift, prediction_drift, concept_drift, performance, got "
                            + label);
        }
    }

    private static Severity severity(String label) {
        if (label == null) {
            return Severity.WARNING;
        }
        return switch (label.toLowerCase(Locale.ROOT)) {
            case "info", "none" -> Severity.INFO;
            case "critical", "page", "error" -> Severity.CRITICAL;
            default -> Severity.WARNING;
        };
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static String firstNonNull(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }
}
