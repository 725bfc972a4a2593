package dev.mlcycle.monitoring.resource;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.contracts.json.Json;
import dev.mlcycle.contracts.record.Alert;
import dev.mlcycle.contracts.record.DriftReport;
import dev.mlcycle.monitoring.report.ReportHistory;
import dev.mlcycle.monitoring.report.ReportPage;
import dev.mlcycle.monitoring.report.ReportViews;
import dev.mlcycle.monitoring.report.Reports;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.util.List;
import java.util.Locale;

/**
 * The drift reports read from {@code mlcycle.drift.reports}:
 *
 * <ul>
 *   <li>{@code GET /reports}: every model with its latest window;
 *   <li>{@code GET /reports/{model}}: the latest report, a line per kept window and the model's open and recent
 *       alerts, as JSON; or the HTML report page when the client prefers {@code text/html} (a browser) or asks for
 *       {@code ?format=html} ({@code ?format=json} forces JSON);
 *   <li>{@code GET /reports/{model}/latest}: the latest {@code DriftReport} as it is on the topic.
 * </ul>
 *
 * A model with neither a report nor an alert is {@link Reason#MODEL_NOT_FOUND} (404).
 */
@Path("/reports")
public class ReportsResource {
    static final String FORMAT_HTML = "html";
    static final String FORMAT_JSON = "json";
    /** How many alerts a model's report looks at: its open ones and the newest resolved ones. */
    static final int ALERTS_LOOKED_AT = 10_000;

    @Inject
    Reports reports;

    Clock clock = Clock.systemUTC();

    @GET
    public Response list() {
        return json(ReportViews.models(reports.history().models()));
    }

    @GET
    @Path("{model}")
    public Response model(
            @PathParam("model") String model, @QueryParam("format") String format, @Context HttpHeaders headers) {
        ReportHistory history = reports.history();
        requireKnown(history, model);
        List<DriftReport> kept = history.reports(model);
        List<Alert> alerts = history.alerts(model, null, ALERTS_LOOKED_AT);
        if (wantsHtml(format, headers.getAcceptableMediaTypes())) {
            return Response.ok(ReportPage.render(model, kept, alerts, clock.instant()))
                    .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                    .header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:")
                    .header("X-Content-Type-Options", "nosniff")
                    .build();
        }
        return json(ReportViews.report(model, kept, alerts));
    }

    @GET
    @Path("{model}/latest")
    public Response latest(@PathParam("model") String model) {
        ReportHistory history = reports.history();
        requireKnown(history, model);
        DriftReport latest = history.latest(model)
                .orElseThrow(() -> new MlcycleException(
                        Reason.NOT_FOUND,
                        "model \"" + model + "\" has alerts but no drift report yet: no window has closed"));
        return json(latest);
    }

    static void requireKnown(ReportHistory history, String model) {
        if (!history.knows(model)) {
            List<String> known = history.models().stream()
                    .map(ReportHistory.ModelEntry::model)
                    .toList();
            throw new MlcycleException(
                    Reason.MODEL_NOT_FOUND,
                    "no drift report or alert for model \"" + model + "\" on mlcycle.drift.reports or mlcycle.alerts"
                            + (known.isEmpty()
                                    ? " (none has any yet)"
                                    : "; models with reports: " + String.join(", ", known)));
        }
    }

    /**
     * HTML when {@code format} says so, JSON when it says so; without it, HTML only when the client's most preferred
     * type that either answer satisfies is {@code text/html} itself ({@code *}/{@code *} and no Accept get JSON).
     */
    static boolean wantsHtml(String format, List<MediaType> acceptable) {
        if (format != null) {
            return switch (format.toLowerCase(Locale.ROOT)) {
                case FORMAT_HTML -> true;
                case FORMAT_JSON -> false;
                default -> throw new MlcycleException(
                        Reason.INVALID_ARGUMENT,
                        "query parameter format: expected html or json, got \"" + format + "\"");
            };
        }
        for (MediaType m : acceptable) {
            if (m.isWildcardType()) {
                return false;
            }
            if (m.isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
                return false;
            }
            if (m.isCompatible(MediaType.TEXT_HTML_TYPE) && !m.isWildcardSubtype()) {
                return true;
            }
        }
        return false;
    }

    static Response json(Object view) {
        JsonNode body = Json.mapper().valueToTree(view);
        return Response.ok(body, MediaType.APPLICATION_JSON_TYPE).build();
    }
}
