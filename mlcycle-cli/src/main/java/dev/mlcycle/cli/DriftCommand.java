package dev.mlcycle.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.contracts.Topics;
import dev.mlcycle.contracts.json.Codecs;
import dev.mlcycle.contracts.json.Json;
import dev.mlcycle.contracts.record.Alert;
import dev.mlcycle.contracts.record.DriftReport;
import dev.mlcycle.contracts.record.DriftTest;
import dev.mlcycle.contracts.record.Performance;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mlcycle drift}: the latest drift window of a model from monitoring-service ({@code GET /reports/{model}}):
 * a line per test (target, method, statistic, p, adjusted p, effect and its floor, decision), the performance on
 * labelled predictions, and the open alerts.
 */
@Command(
        name = "drift",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Show a model's latest drift window from monitoring-service: each test with its",
            "statistic, p-value, p-value after the multiple-testing correction, effect size",
            "and decision; the performance on labelled predictions; the open alerts.",
            "Exit status: 0 shown, 2 unknown model or bad options, 69 monitoring-service",
            "unreachable, 1 anything else."
        },
        footer = {
            "",
            "Examples:",
            "  mlcycle drift --model credit-default",
            "  mlcycle drift --model credit-default --url http://monitoring:8083",
            "  mlcycle drift --model credit-default --json"
        })
final class DriftCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "NAME", description = "The model, e.g. credit-default.")
    String model;

    @Option(
            names = "--url",
            paramLabel = "URL",
            description = "monitoring-service (default: $" + MonitoringClient.URL_ENV + " or "
                    + MonitoringClient.DEFAULT_URL + ").")
    String url;

    @Option(names = "--json", description = "Print the service's JSON: latest report, windows, open and recent alerts.")
    boolean json;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        try {
            Topics.requireModelName(model);
        } catch (MlcycleException e) {
            throw new MlcycleException(Reason.INVALID_ARGUMENT, "--model: " + e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        JsonNode body = new MonitoringClient(url).get("/reports/" + ServiceClient.segment(model));
        if (json) {
            out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(body));
            out.flush();
            return 0;
        }
        String where = "monitoring-service's report of " + model;
        JsonNode latest = body.get("latest");
        if (latest == null || latest.isNull()) {
            out.println(model + ": no drift window has closed yet.");
        } else {
            print(out, Codecs.DRIFT_REPORT.decode(latest.toString(), where));
        }
        List<Alert> open = new ArrayList<>();
        for (JsonNode a : body.path("open_alerts")) {
            open.add(Codecs.ALERT.decode(a.toString(), where));
        }
        out.println();
        if (open.isEmpty()) {
            out.println("open alerts: none");
        } else {
            out.println("open alerts:");
            AlertsCommand.table(open, false).forEach(out::println);
        }
        out.flush();
        return 0;
    }

    static void print(PrintWriter out, DriftReport r) {
        out.println("model " + r.model() + " version " + r.modelVersion()
                + (r.window() == null ? "" : ", window #" + r.window()) + ": " + r.windowStart() + " to "
                + r.windowEnd() + ", " + r.rows() + " rows"
                + (r.closedBy() == null ? "" : ", closed by " + r.closedBy()));
        out.println("drift: " + (r.drift() ? "yes" : "no")
                + (r.findings().isEmpty()
                        ? ""
                        : " (" + r.findings().stream().map(Enum::name).collect(Collectors.joining(", ")) + ")")
                + (r.correction() == null ? "" : "; p-values corrected by " + r.correction()));
        out.println();
        if (r.tests().isEmpty()) {
            out.println("no tests: the window was too small to test");
        } else {
            List<List<String>> rows = new ArrayList<>();
            for (DriftTest t : r.tests()) {
                rows.add(List.of(
                        MonitoringClient.safe(t.target(), 40),
                        t.method().wireName(),
                        MonitoringClient.num(t.statistic()),
                        opt(t.pValue()),
                        opt(t.adjustedPValue()),
                        opt(t.effect()),
                        opt(t.effectFloor()),
                        decision(t)));
            }
            Text.table(List.of("target", "method", "statistic", "p", "adjusted p", "effect", "floor", "decision"), rows)
                    .forEach(out::println);
        }
        out.println();
        if (r.performance().isEmpty()) {
            out.println("performance: no labels yet");
        } else {
            out.println("performance:");
            List<List<String>> rows = new ArrayList<>();
            for (Performance p : r.performance()) {
                rows.add(List.of(
                        p.metric(),
                        MonitoringClient.num(p.value()),
                        opt(p.baseline()),
                        opt(p.bound()),
                        Long.toString(p.labelledRows()),
                        Boolean.TRUE.equals(p.breached()) ? "BREACHED" : "ok"));
            }
            Text.table(List.of("metric", "value", "baseline", "bound", "labelled rows", "status"), rows)
                    .forEach(out::println);
        }
    }

    /** {@code DRIFT}, {@code ok}, or {@code descriptive} for a comparison that never decides. */
    static String decision(DriftTest t) {
        if (t.drifted()) {
            return "DRIFT";
        }
        return t.pValue() == null && t.adjustedPValue() == null ? "descriptive" : "ok";
    }

    private static String opt(Double v) {
        return v == null ? "-" : MonitoringClient.num(v);
    }
}
