package dev.mlcycle.monitoring.resource;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.contracts.record.Alert;
import dev.mlcycle.monitoring.report.ReportHistory;
import dev.mlcycle.monitoring.report.Reports;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code GET /alerts[?model=M][&status=firing|resolved][&limit=N]}: the alerts read from {@code mlcycle.alerts}, each
 * as its latest record (an alert and its resolution share an id), newest first. Answers {@code {"alerts": [...]}}
 * with the records as they are on the topic. An unknown model is {@link Reason#MODEL_NOT_FOUND}; a bad status or
 * limit is {@link Reason#INVALID_ARGUMENT}.
 */
@Path("/alerts")
public class AlertsResource {
    static final int DEFAULT_LIMIT = 200;
    static final int MAX_LIMIT = 10_000;

    @Inject
    Reports reports;

    @GET
    public Response alerts(
            @QueryParam("model") String model, @QueryParam("status") String status, @QueryParam("limit") String limit) {
        ReportHistory history = reports.history();
        if (model != null && !model.isEmpty()) {
            ReportsResource.requireKnown(history, model);
        } else {
            model = null;
        }
        List<Alert> alerts = history.alerts(model, status(status), limit(limit));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("alerts", alerts);
        return ReportsResource.json(body);
    }

    static Alert.Status status(String status) {
        if (status == null || status.isEmpty()) {
            return null;
        }
        return switch (status.toLowerCase(Locale.ROOT)) {
            case "firing", "open" -> Alert.Status.FIRING;
            case "resolved" -> Alert.Status.RESOLVED;
            default -> throw new MlcycleException(
                    Reason.INVALID_ARGUMENT,
                    "query parameter status: expected firing or resolved, got \"" + status + "\"");
        };
    }

    static int limit(String limit) {
        if (limit == null || limit.isEmpty()) {
            return DEFAULT_LIMIT;
        }
        try {
            int n = Integer.parseInt(limit);
            if (n >= 1 && n <= MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new MlcycleException(
                Reason.INVALID_ARGUMENT,
                "query parameter limit: expected 1 to " + MAX_LIMIT + ", got \"" + limit + "\"");
    }
}
