package dev.mlcycle.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.mlcycle.contracts.json.Json;
import dev.mlcycle.contracts.record.Alert;
import dev.mlcycle.contracts.record.Alert.AlertKind;
import dev.mlcycle.contracts.record.DriftMethod;
import dev.mlcycle.contracts.record.DriftReport;
import dev.mlcycle.contracts.record.DriftTest;
import dev.mlcycle.contracts.record.Histogram;
import dev.mlcycle.contracts.record.Performance;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code mlcycle drift} and {@code mlcycle alerts} against a real HTTP server that answers as monitoring-service's
 * report API does ({@code /reports/{model}}, {@code /alerts}, its 404 body), with contract records encoded by the
 * contracts' mapper.
 */
class MonitoringCommandsTest {
    record Run(int exit, String out, String err) {}

    static final Instant T = Instant.parse("2026-12-07T10:00:00Z");

    HttpServer server;
    final List<String> seen = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    static Run run(String... args) {
        CommandLine cli = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return new Run(cli.execute(args), out.toString(), err.toString());
    }

    static DriftReport report() {
        Histogram h =
                new Histogram(List.of("(-inf, 1)", "[1, +inf)"), List.of(1.0), List.of(50L, 50L), List.of(20L, 80L));
        return new DriftReport(
                "r-12",
                "credit-default",
                3,
                "credit",
                T,
                T.plusSeconds(300),
                2000,
                List.of(
                        new DriftTest(
                                "income",
                                "numeric",
                                DriftMethod.KS,
                                0.21,
                                1e-12,
                                1.5e-11,
                                0.05,
                                0.21,
                                0.1,
                                1000L,
                                2000L,
                                null,
                                h,
                                true),
                        DriftTest.describe("income", "numeric", DriftMethod.JS_DISTANCE, 0.3, 1000, 2000, h),
                        new DriftTest(
                                "region",
                                "categorical",
                                DriftMethod.CHI_SQUARE,
                                3.1,
                                0.37,
                                0.55,
                                0.05,
                                0.03,
                                0.1,
                                1000L,
                                2000L,
                                3,
                                null,
                                false)),
                List.of(new Performance("accuracy", 0.74, 0.85, 500, 0.8, true)),
                "benjamini-hochberg",
                true,
                12L,
                DriftReport.CLOSED_BY_ROWS,
                DriftReport.ARRIVAL,
                List.of(AlertKind.DATA_DRIFT, AlertKind.PERFORMANCE),
                List.of());
    }

    static Alert alert(String id, String model, boolean resolved) {
        Alert a = Alert.firing(
                id,
                AlertKind.DATA_DRIFT,
                Alert.Severity.WARNING,
                model,
                3,
                "credit",
                "income drifted: KS D 0.21 over floor 0.1",
                List.of("income"),
                "r-12",
                Alert.SOURCE_MONITORING,
                T,
                Map.of("ks_d", 0.21));
        return resolved ? a.resolved(T.plusSeconds(900), "income is back", "r-15", Map.of()) : a;
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String query = exchange.getRequestURI().getRawQuery();
        seen.add(path + (query == null ? "" : "?" + query));
        int status = 200;
        ObjectNode body = Json.mapper().createObjectNode();
        if (path.equals("/reports/credit-default")) {
            body.put("model", "credit-default");
            body.set("latest", Json.mapper().valueToTree(report()));
            body.putArray("windows");
            body.putArray("open_alerts").add(Json.mapper().valueToTree(alert("a-1", "credit-default", false)));
            body.putArray("recent_alerts");
        } else if (path.equals("/reports/quiet")) {
            body.put("model", "quiet");
            body.putArray("windows");
            body.putArray("open_alerts");
            body.putArray("recent_alerts");
        } else if (path.equals("/alerts") && query != null && query.contains("model=nobody")) {
            status = 404;
            body.put("error", "no drift report or alert for model \"nobody\"");
            body.put("reason", "MODEL_NOT_FOUND");
            body.put("message", "no drift report or alert for model \"nobody\"");
        } else if (path.equals("/alerts") && query != null && query.contains("model=hostile")) {
            Alert a = Alert.firing(
                    "a-x",
                    AlertKind.DATA_DRIFT,
                    Alert.Severity.WARNING,
                    "hostile",
                    1,
                    "credit",
                    "moved\u001b[2J\nFAKE LINE",
                    List.of("in\u001bcome"),
                    null,
                    Alert.SOURCE_MONITORING,
                    T,
                    null);
            body.putArray("alerts").add(Json.mapper().valueToTree(a));
        } else if (path.equals("/alerts")) {
            ArrayNode alerts = body.putArray("alerts");
            if (query == null || !query.contains("status=resolved")) {
                alerts.add(Json.mapper().valueToTree(alert("a-2", "churn", false)));
            }
            if (query == null || !query.contains("status=firing")) {
                alerts.add(Json.mapper().valueToTree(alert("a-1", "credit-default", true)));
            }
        } else {
            status = 404;
            body.put(
                    "error",
                    "no drift report or alert for model \"" + path.substring(path.lastIndexOf('/') + 1)
                            + "\" on mlcycle.drift.reports or mlcycle.alerts; models with reports: credit-default");
            body.put("reason", "MODEL_NOT_FOUND");
            body.put("message", body.get("error").asText());
        }
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Test
    void driftPrintsTheLatestWindowPerTestThenPerformanceAndOpenAlerts() {
        Run r = run("drift", "--model", "credit-default", "--url", url());

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(seen).containsExactly("/reports/credit-default");
        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(0))
                .isEqualTo("model credit-default version 3, window #12: 2026-12-07T10:00:00Z to 2026-12-07T10:05:00Z,"
                        + " 2000 rows, closed by rows");
        assertThat(lines.get(1))
                .isEqualTo("drift: yes (DATA_DRIFT, PERFORMANCE); p-values corrected by benjamini-hochberg");
        assertThat(r.out())
                .contains("target  method             statistic  p          adjusted p  effect   floor   decision")
                .contains("income  ks_2samp           0.2100     1.000e-12  1.500e-11   0.2100   0.1000  DRIFT")
                .contains("income  js_distance_base2  0.3000     -          -           -        -       descriptive")
                .contains("region  chi2_homogeneity   3.100      0.3700     0.5500      0.03000  0.1000  ok")
                .contains("accuracy  0.7400  0.8500    0.8000  500            BREACHED")
                .contains("open alerts:")
                .contains("firing  DATA_DRIFT  WARNING   3        2026-12-07T10:00:00Z  -         income")
                .contains("income drifted: KS D 0.21 over floor 0.1");
    }

    @Test
    void driftSaysWhenNoWindowHasClosedAndThereAreNoAlerts() {
        Run r = run("drift", "--model", "quiet", "--url", url());

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("quiet: no drift window has closed yet.").contains("open alerts: none");
    }

    @Test
    void driftOfAnUnknownModelIsTheServicesNotFound() {
        Run r = run("drift", "--model", "nobody", "--url", url());

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err())
                .contains("mlcycle drift: no drift report or alert for model \"nobody\"")
                .contains("models with reports: credit-default");
    }

    @Test
    void driftJsonIsTheServicesAnswer() throws IOException {
        Run r = run("drift", "--model", "credit-default", "--url", url(), "--json");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(Json.mapper()
                        .readTree(r.out())
                        .path("latest")
                        .path("report_id")
                        .asText())
                .isEqualTo("r-12");
    }

    @Test
    void alertsListsNewestFirstWithTheirModelAndStatus() {
        Run r = run("alerts", "--url", url());

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(seen).containsExactly("/alerts?limit=200");
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("status    kind        severity  model           version  raised");
        assertThat(lines.get(1)).startsWith("firing    DATA_DRIFT  WARNING   churn           3");
        assertThat(lines.get(2))
                .startsWith("resolved  DATA_DRIFT  WARNING   credit-default  3        2026-12-07T10:00:00Z"
                        + "  2026-12-07T10:15:00Z")
                .contains("income is back")
                .endsWith("a-1");
    }

    @Test
    void alertsPassesModelStatusAndLimitToTheService() {
        Run r = run("alerts", "--url", url(), "--model", "credit-default", "--status", "RESOLVED", "--limit", "5");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(seen).containsExactly("/alerts?limit=5&model=credit-default&status=resolved");
        assertThat(r.out()).contains("resolved").doesNotContain("churn");
    }

    @Test
    void controlCharactersFromARecordAreShownEscapedNotSentToTheTerminal() {
        Run r = run("alerts", "--url", url(), "--model", "hostile");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out())
                .doesNotContain("\u001b")
                .contains("moved\\u001B[2J\\nFAKE LINE")
                .contains("in\\u001Bcome");
        assertThat(r.out().lines()).hasSize(2);
    }

    @Test
    void alertsSaysWhenThereAreNone() {
        server.removeContext("/");
        server.createContext("/", ex -> {
            byte[] b = "{\"alerts\": []}".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        Run r = run("alerts", "--url", url(), "--status", "firing", "--model", "credit-default");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out().strip()).isEqualTo("no firing alerts for credit-default");
    }

    @Test
    void alertsOfAnUnknownModelAndBadOptionsSayWhatIsExpected() {
        Run unknown = run("alerts", "--url", url(), "--model", "nobody");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("no drift report or alert for model \"nobody\"");

        Run status = run("alerts", "--url", url(), "--status", "open-ish");
        assertThat(status.exit()).isEqualTo(2);
        assertThat(status.err()).contains("--status: expected firing or resolved, got \"open-ish\"");

        Run limit = run("alerts", "--url", url(), "--limit", "0");
        assertThat(limit.exit()).isEqualTo(2);
        assertThat(limit.err()).contains("--limit: expected 1 to 10000, got 0");

        Run url = run("alerts", "--url", "localhost:8083");
        assertThat(url.exit()).isEqualTo(2);
        assertThat(url.err()).contains("--url: expected an http(s) URL like http://127.0.0.1:8083");
        // only the unknown model reached the service: bad options are refused before any call
        assertThat(seen).containsExactly("/alerts?limit=200&model=nobody");
    }

    @Test
    void bothSayWhereMonitoringWasLookedForAndHowToStartItWhenItDoesNotAnswer() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        for (String command : List.of("drift", "alerts")) {
            Run r = command.equals("drift")
                    ? run("drift", "--model", "credit-default", "--url", "http://127.0.0.1:" + closed)
                    : run("alerts", "--url", "http://127.0.0.1:" + closed);
            assertThat(r.exit()).as(command).isEqualTo(69);
            assertThat(r.err())
                    .as(command)
                    .contains(
                            "no answer from monitoring-service at http://127.0.0.1:" + closed + " (connection refused)")
                    .contains("mlcycle up")
                    .contains("point --url (or MLCYCLE_MONITORING_URL) at it")
                    .contains("java -jar monitoring-service/target/quarkus-app/quarkus-run.jar");
        }
    }
}
