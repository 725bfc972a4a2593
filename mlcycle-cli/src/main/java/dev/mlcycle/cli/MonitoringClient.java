package dev.mlcycle.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import java.net.URI;
import java.util.Locale;

/**
 * The CLI's client of monitoring-service's report API ({@code /reports}, {@code /alerts}): where it is ({@code --url},
 * else {@code $MLCYCLE_MONITORING_URL}, else {@code http://127.0.0.1:8083}) and what to say when it does not answer.
 */
final class MonitoringClient {
    static final String DEFAULT_URL = "http://127.0.0.1:8083";
    static final String URL_ENV = "MLCYCLE_MONITORING_URL";
    static final ServiceClient.Service MONITORING =
            new ServiceClient.Service("monitoring-service", "--url", URL_ENV, DEFAULT_URL);
    /** How to run the service alone, for the message when it does not answer. */
    static final String RUN_ALONE = "java -jar monitoring-service/target/quarkus-app/quarkus-run.jar";

    private final ServiceClient client;

    /** @param url the {@code --url} option, or null */
    MonitoringClient(String url) {
        URI base = ServiceClient.baseUrl(MONITORING, url, System.getenv(URL_ENV));
        this.client = new ServiceClient(MONITORING, base, null, null);
    }

    /** GETs a path and returns its JSON; unreachable says how to start the service. */
    JsonNode get(String path) {
        try {
            return client.get(path);
        } catch (MlcycleException e) {
            if (e.reason() == Reason.UNAVAILABLE) {
                throw new MlcycleException(
                        Reason.UNAVAILABLE, e.getMessage() + " (alone: " + RUN_ALONE + ", port 8083)", e);
            }
            throw e;
        }
    }

    /** A number for a table: 4 significant digits, scientific when tiny or huge; "-" when absent. */
    static String num(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return "-";
        }
        return num(v.asDouble());
    }

    static String num(double v) {
        if (v == 0) {
            return "0";
        }
        double a = Math.abs(v);
        if (a < 1e-3 || a >= 1e6) {
            return String.format(Locale.ROOT, "%.3e", v);
        }
        return String.format(Locale.ROOT, "%.4g", v);
    }

    /** A text field, or null (shown as "-") when absent. */
    static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    /**
     * A text from a record as one safe terminal cell of at most {@code max} characters: control characters (a
     * newline, an escape sequence) shown escaped, as {@link Text#preview} does, so that a hostile feature name or
     * summary cannot rewrite the terminal.
     */
    static String safe(String s, int max) {
        return s == null ? null : Text.preview(s.getBytes(java.nio.charset.StandardCharsets.UTF_8), max);
    }
}
