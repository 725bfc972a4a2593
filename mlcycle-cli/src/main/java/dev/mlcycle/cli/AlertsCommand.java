package dev.mlcycle.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.contracts.Topics;
import dev.mlcycle.contracts.json.Codecs;
import dev.mlcycle.contracts.json.Json;
import dev.mlcycle.contracts.record.Alert;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mlcycle alerts}: the alerts monitoring-service has read from {@code mlcycle.alerts} ({@code GET /alerts}),
 * newest first, each as its latest record (firing, or resolved with when it cleared).
 */
@Command(
        name = "alerts",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "List alerts from monitoring-service, newest first: status, kind, severity, model",
            "and version, when raised and resolved, the features named and the summary.",
            "Exit status: 0 listed, 2 unknown model or bad options, 69 monitoring-service",
            "unreachable, 1 anything else."
        },
        footer = {
            "",
            "Examples:",
            "  mlcycle alerts",
            "  mlcycle alerts --model credit-default --status firing",
            "  mlcycle alerts --status resolved --limit 20 --json"
        })
final class AlertsCommand implements Callable<Integer> {
    static final int MAX_LIMIT = 10_000;

    @Option(names = "--model", paramLabel = "NAME", description = "Only this model's alerts.")
    String model;

    @Option(names = "--status", paramLabel = "STATUS", description = "Only firing or only resolved alerts.")
    String status;

    @Option(
            names = "--limit",
            paramLabel = "N",
            defaultValue = "200",
            description = "At most this many (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(
            names = "--url",
            paramLabel = "URL",
            description = "monitoring-service (default: $" + MonitoringClient.URL_ENV + " or "
                    + MonitoringClient.DEFAULT_URL + ").")
    String url;

    @Option(names = "--json", description = "Print the service's JSON: {\"alerts\": [...]}.")
    boolean json;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        StringBuilder query = new StringBuilder("?limit=").append(checkedLimit());
        if (model != null) {
            try {
                Topics.requireModelName(model);
            } catch (MlcycleException e) {
                throw new MlcycleException(Reason.INVALID_ARGUMENT, "--model: " + e.getMessage());
            }
            query.append("&model=").append(URLEncoder.encode(model, StandardCharsets.UTF_8));
        }
        if (status != null) {
            query.append("&status=").append(checkedStatus());
        }
        PrintWriter out = spec.commandLine().getOut();
        JsonNode body = new MonitoringClient(url).get("/alerts" + query);
        if (json) {
            out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(body));
            out.flush();
            return 0;
        }
        List<Alert> alerts = new ArrayList<>();
        for (JsonNode a : body.path("alerts")) {
            alerts.add(Codecs.ALERT.decode(a.toString(), "monitoring-service's alerts"));
        }
        if (alerts.isEmpty()) {
            out.println("no " + (status == null ? "" : status.toLowerCase(Locale.ROOT) + " ") + "alerts"
                    + (model == null ? "" : " for " + model));
        } else {
            table(alerts, true).forEach(out::println);
        }
        out.flush();
        return 0;
    }

    private int checkedLimit() {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new MlcycleException(
                    Reason.INVALID_ARGUMENT, "--limit: expected 1 to " + MAX_LIMIT + ", got " + limit);
        }
        return limit;
    }

    private String checkedStatus() {
        String s = status.toLowerCase(Locale.ROOT);
        if (!s.equals("firing") && !s.equals("resolved")) {
            throw new MlcycleException(
                    Reason.INVALID_ARGUMENT, "--status: expected firing or resolved, got \"" + status + "\"");
        }
        return s;
    }

    /** Alerts as a table; {@code withModel} adds the model column (off when one model's alerts are shown). */
    static List<String> table(List<Alert> alerts, boolean withModel) {
        List<String> header = new ArrayList<>(List.of("status", "kind", "severity"));
        if (withModel) {
            header.add("model");
        }
        header.addAll(List.of("version", "raised", "resolved", "features", "summary", "alert id"));
        List<List<String>> rows = new ArrayList<>();
        for (Alert a : alerts) {
            List<String> row = new ArrayList<>(List.of(
                    a.status().name().toLowerCase(Locale.ROOT),
                    a.kind().name(),
                    a.severity().name()));
            if (withModel) {
                row.add(a.model());
            }
            row.add(a.modelVersion() == null ? null : a.modelVersion().toString());
            row.add(a.raisedAt().toString());
            row.add(a.resolvedAt() == null ? null : a.resolvedAt().toString());
            row.add(a.features().isEmpty() ? null : MonitoringClient.safe(String.join(",", a.features()), 60));
            row.add(MonitoringClient.safe(a.summary(), 80));
            row.add(MonitoringClient.safe(a.alertId(), 80));
            rows.add(row);
        }
        return Text.table(header, rows);
    }
}
