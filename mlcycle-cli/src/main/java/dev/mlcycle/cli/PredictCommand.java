package dev.mlcycle.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.contracts.Topics;
import dev.mlcycle.contracts.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mlcycle predict}: scores rows online through serving-service's Open Inference Protocol v2 endpoint. Reads
 * the model's metadata once ({@code GET /v2/models/M[/versions/V]}) for its inputs' datatypes and class names, sends
 * the rows as columnar JSON infer requests of at most {@code --chunk-rows} rows each, and prints one line per row
 * (label and probabilities, or value) and which version and variant answered. An error answer prints the service's
 * message and exits non-zero.
 */
@Command(
        name = "predict",
        // Not the standard -h/-V mixin: --version here is the model version, as in promote.
        sortOptions = false,
        description = {
            "Score rows with a served model (Open Inference Protocol v2 on serving-service).",
            "Each row is a JSON object of feature values, as in the dataset spec; an",
            "\"event_id\" field is passed on so that late labels join the prediction.",
            "Prints each row's label and class probabilities (or value for regression) and",
            "the model version and variant (champion or challenger) that answered.",
            "Exit status: 0 answered, 2 bad rows or options or unknown model, 69",
            "serving-service unreachable or overloaded, 1 anything else."
        },
        footer = {
            "",
            "Examples:",
            "  mlcycle predict --model credit-default --row '{\"income\": 52000}'",
            "  mlcycle predict --model credit-default --version 3 --file rows.jsonl",
            "  mlcycle predict --model credit-default --file rows.jsonl --json > answers.jsonl"
        })
final class PredictCommand implements Callable<Integer> {
    /** Where {@code mlcycle up} starts serving-service. */
    static final String DEFAULT_URL = "http://127.0.0.1:8080";
    /** The environment variable that moves it. */
    static final String URL_ENV = "MLCYCLE_SERVING_URL";

    static final ServiceClient.Service SERVING =
            new ServiceClient.Service("serving-service", "--serving-url", URL_ENV, DEFAULT_URL);

    static final int MAX_CHUNK_ROWS = 100_000;

    @Option(names = "--model", required = true, paramLabel = "NAME", description = "The model, e.g. credit-default.")
    String model;

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help message and exit.")
    boolean help;

    @Option(
            names = "--version",
            paramLabel = "N",
            description = "Ask this version (default: the model's rollout: its champion, or the challenger for a"
                    + " canary's share).")
    Integer version;

    // Exactly one of the two, checked in call() so that the message says what is expected.
    @Option(names = "--row", paramLabel = "JSON", description = "One row as a JSON object.")
    String row;

    @Option(names = "--file", paramLabel = "FILE", description = "Rows as JSON lines, one object per line.")
    Path file;

    @Option(
            names = "--serving-url",
            paramLabel = "URL",
            description = "serving-service (default: $" + URL_ENV + " or " + DEFAULT_URL + ").")
    String servingUrl;

    @Option(
            names = "--chunk-rows",
            paramLabel = "N",
            defaultValue = "1000",
            description = "Rows per request (default: ${DEFAULT-VALUE}).")
    int chunkRows;

    @Option(
            names = "--json",
            description = "Print one JSON object per row: row, event_id, label, probabilities by class (or value),"
                    + " model, version, variant.")
    boolean json;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        requireOptions();
        ServiceClient client = new ServiceClient(
                SERVING, ServiceClient.baseUrl(SERVING, servingUrl, System.getenv(URL_ENV)), null, null);
        String path = "/v2/models/" + ServiceClient.segment(model) + (version == null ? "" : "/versions/" + version);
        OipRequests.Metadata metadata = OipRequests.Metadata.of(client.get(path));
        Printer printer = new Printer(out, metadata.classes());
        String requestPrefix = "cli-" + UUID.randomUUID().toString().substring(0, 8);
        if (row != null) {
            ObjectNode one = parseRow(row, "--row");
            send(client, path, metadata, printer, requestPrefix + "-1", List.of(one), 1, null);
        } else {
            readFile(client, path, metadata, printer, requestPrefix);
        }
        printer.finish();
        out.flush();
        return 0;
    }

    private void requireOptions() {
        try {
            Topics.requireModelName(model);
        } catch (MlcycleException e) {
            throw new MlcycleException(Reason.INVALID_ARGUMENT, "--model: " + e.getMessage());
        }
        if ((row == null) == (file == null)) {
            throw new MlcycleException(
                    Reason.INVALID_ARGUMENT,
                    (row == null ? "no rows" : "both --row and --file")
                            + ": expected exactly one of --row JSON and --file rows.jsonl");
        }
        if (version != null && version < 1) {
            throw new MlcycleException(Reason.INVALID_ARGUMENT, "--version: expected a version >= 1, got " + version);
        }
        if (chunkRows < 1 || chunkRows > MAX_CHUNK_ROWS) {
            throw new MlcycleException(
                    Reason.INVALID_ARGUMENT,
                    "--chunk-rows: expected 1 to " + MAX_CHUNK_ROWS + " rows per request, got " + chunkRows);
        }
    }

    /** Reads the file line by line and sends a request per {@code chunkRows} rows, so memory stays bounded. */
    private void readFile(
            ServiceClient client, String path, OipRequests.Metadata metadata, Printer printer, String prefix)
            throws IOException {
        List<ObjectNode> chunk = new ArrayList<>(chunkRows);
        long rowNumber = 0;
        long firstOfChunk = 1;
        int requests = 0;
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            long lineNumber = 0;
            while ((line = reader.readLine()) != null) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                rowNumber++;
                chunk.add(parseRow(line, file + " line " + lineNumber));
                if (chunk.size() == chunkRows) {
                    send(client, path, metadata, printer, prefix + "-" + ++requests, chunk, firstOfChunk, file);
                    chunk.clear();
                    firstOfChunk = rowNumber + 1;
                }
            }
        } catch (NoSuchFileException e) {
            throw new MlcycleException(Reason.NOT_FOUND, "--file: no such file: " + file);
        }
        if (!chunk.isEmpty()) {
            send(client, path, metadata, printer, prefix + "-" + ++requests, chunk, firstOfChunk, file);
        }
        if (rowNumber == 0) {
            throw new MlcycleException(
                    Reason.INVALID_ARGUMENT, "--file " + file + ": no rows: expected one JSON object per line");
        }
    }

    private void send(
            ServiceClient client,
            String path,
            OipRequests.Metadata metadata,
            Printer printer,
            String id,
            List<ObjectNode> rows,
            long firstRow,
            Path file) {
        ObjectNode request = OipRequests.request(id, rows, metadata, firstRow);
        JsonNode answer;
        try {
            answer = client.postJson(path + "/infer", request);
        } catch (MlcycleException e) {
            if (file == null || e.reason() == Reason.UNAVAILABLE) {
                throw e;
            }
            long last = firstRow + rows.size() - 1;
            throw new MlcycleException(
                    e.reason(), "rows " + firstRow + "-" + last + " of " + file + ": " + e.getMessage(), e);
        }
        OipRequests.Response response =
                OipRequests.response(answer, rows.size(), SERVING.name() + " at " + client.base());
        printer.print(rows, firstRow, response);
    }

    /** One row as a JSON object of scalars. */
    static ObjectNode parseRow(String text, String where) {
        JsonNode node;
        try {
            node = Json.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw new MlcycleException(
                    Reason.INVALID_ARGUMENT,
                    where + ": expected a JSON object like {\"income\": 52000}, got " + Text.cut(text.strip(), 80)
                            + " (" + e.getOriginalMessage() + ")");
        }
        if (node == null || !node.isObject()) {
            throw new MlcycleException(
                    Reason.INVALID_ARGUMENT,
                    where + ": expected a JSON object like {\"income\": 52000}, got " + Text.cut(text.strip(), 80));
        }
        for (var f : node.properties()) {
            if (f.getValue().isContainerNode()) {
                throw new MlcycleException(
                        Reason.INVALID_ARGUMENT,
                        where + ", field \"" + f.getKey() + "\": expected a number, string, boolean or null, got "
                                + (f.getValue().isObject() ? "an object" : "an array"));
            }
        }
        return (ObjectNode) node;
    }

    /** Prints the answers as a table (or JSON lines) and sums up who answered. */
    private final class Printer {
        private final PrintWriter out;
        private final List<String> classes;
        private final Map<String, Long> answeredBy = new LinkedHashMap<>();
        private boolean header;

        Printer(PrintWriter out, List<String> classes) {
            this.out = out;
            this.classes = classes;
        }

        void print(List<ObjectNode> rows, long firstRow, OipRequests.Response response) {
            String who = "v" + response.version() + (response.variant() == null ? "" : " (" + response.variant() + ")");
            answeredBy.merge(who, (long) rows.size(), Long::sum);
            for (int r = 0; r < rows.size(); r++) {
                OipRequests.Answer a = response.answers().get(r);
                JsonNode eventId = rows.get(r).get(OipRequests.EVENT_ID);
                if (json) {
                    out.println(jsonLine(firstRow + r, eventId, a, response));
                } else {
                    if (!header) {
                        out.println(headerLine(a));
                        header = true;
                    }
                    out.println(tableLine(firstRow + r, a));
                }
            }
        }

        private String headerLine(OipRequests.Answer a) {
            StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%6s  ", "row"));
            if (a.label() == null) {
                return s.append(String.format(Locale.ROOT, "%14s", "value")).toString();
            }
            s.append(String.format(Locale.ROOT, "%-12s", "label"));
            if (a.probabilities() != null) {
                for (int c = 0; c < a.probabilities().length; c++) {
                    s.append(String.format(Locale.ROOT, "  %10s", "p(" + className(c) + ")"));
                }
            }
            return s.toString().stripTrailing();
        }

        private String tableLine(long row, OipRequests.Answer a) {
            StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%6d  ", row));
            if (a.label() == null) {
                return s.append(String.format(Locale.ROOT, "%14.6g", a.value())).toString();
            }
            s.append(String.format(Locale.ROOT, "%-12s", a.label()));
            if (a.probabilities() != null) {
                for (double p : a.probabilities()) {
                    s.append(String.format(Locale.ROOT, "  %10.4f", p));
                }
            }
            return s.toString().stripTrailing();
        }

        private String jsonLine(long row, JsonNode eventId, OipRequests.Answer a, OipRequests.Response response) {
            ObjectNode o = Json.mapper().createObjectNode();
            o.put("row", row);
            if (eventId != null && !eventId.isNull()) {
                o.set("event_id", eventId);
            }
            if (a.label() != null) {
                o.put("label", a.label());
            }
            if (a.probabilities() != null) {
                ObjectNode p = o.putObject("probabilities");
                for (int c = 0; c < a.probabilities().length; c++) {
                    p.put(className(c), a.probabilities()[c]);
                }
            }
            if (a.value() != null) {
                o.put("value", a.value());
            }
            o.put("model", response.model() == null ? model : response.model());
            o.put("version", response.version());
            if (response.variant() != null) {
                o.put("variant", response.variant());
            }
            return o.toString();
        }

        private String className(int c) {
            return c < classes.size() ? classes.get(c) : Integer.toString(c);
        }

        void finish() {
            if (json || answeredBy.isEmpty()) {
                return;
            }
            if (answeredBy.size() == 1) {
                out.println("answered by " + model + " "
                        + answeredBy.keySet().iterator().next());
                return;
            }
            List<String> parts = new ArrayList<>();
            answeredBy.forEach((who, rows) -> parts.add(who + " " + rows + (rows == 1 ? " row" : " rows")));
            out.println("answered by " + model + ": " + String.join(", ", parts));
        }
    }
}
