package dev.mlcycle.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.mlcycle.contracts.json.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code mlcycle predict} against a small Open Inference Protocol v2 server (a fake of the external protocol, as
 * KServe or Triton would answer): it lists the model's inputs in its metadata, records every infer request, and
 * answers "yes" for rows whose income is below 30,000.
 */
class PredictCommandTest {
    record Run(int exit, String out, String err) {}

    record Seen(String method, String path, JsonNode body) {}

    static final String METADATA =
            """
            {"name": "credit-default", "versions": ["3"], "platform": "mlcycle",
             "inputs": [
               {"name": "income", "datatype": "FP64", "shape": [-1]},
               {"name": "region", "datatype": "BYTES", "shape": [-1]},
               {"name": "owns_home", "datatype": "BOOL", "shape": [-1]},
               {"name": "event_id", "datatype": "BYTES", "shape": [-1]}],
             "outputs": [
               {"name": "label", "datatype": "BYTES", "shape": [-1]},
               {"name": "probabilities", "datatype": "FP64", "shape": [-1, 2]}],
             "parameters": {"classes": ["no", "yes"], "aliases": {"champion": 3}}}
            """;

    HttpServer server;
    final List<Seen> seen = new CopyOnWriteArrayList<>();
    volatile String failWith;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v2/models/", this::handle);
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        byte[] in = exchange.getRequestBody().readAllBytes();
        JsonNode body = in.length == 0 ? null : Json.mapper().readTree(in);
        seen.add(new Seen(exchange.getRequestMethod(), path, body));
        int status;
        String answer;
        if (path.startsWith("/v2/models/nope")) {
            status = 404;
            answer = "{\"error\": \"no model \\\"nope\\\": the registry has credit-default\"}";
        } else if (failWith != null && path.endsWith("/infer")) {
            status = 400;
            answer = failWith;
        } else if (path.endsWith("/infer")) {
            status = 200;
            answer = infer(body, path.contains("/versions/2/") ? "2" : "3").toString();
        } else {
            status = 200;
            answer = METADATA;
        }
        byte[] out = answer.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, out.length);
        exchange.getResponseBody().write(out);
        exchange.close();
    }

    private static ObjectNode infer(JsonNode request, String version) {
        JsonNode income = null;
        for (JsonNode input : request.get("inputs")) {
            if (input.get("name").asText().equals("income")) {
                income = input.get("data");
            }
        }
        int rows = income.size();
        ObjectNode response = Json.mapper().createObjectNode();
        response.put("model_name", "credit-default");
        response.put("model_version", version);
        response.put("id", request.get("id").asText());
        response.putObject("parameters").put("variant", version.equals("3") ? "champion" : "challenger");
        ArrayNode outputs = response.putArray("outputs");
        ObjectNode label = outputs.addObject();
        label.put("name", "label").put("datatype", "BYTES");
        label.putArray("shape").add(rows);
        ObjectNode probs = outputs.addObject();
        probs.put("name", "probabilities").put("datatype", "FP64");
        probs.putArray("shape").add(rows).add(2);
        for (JsonNode v : income) {
            boolean yes = !v.isNull() && v.asDouble() < 30_000;
            label.withArray("data").add(yes ? "yes" : "no");
            probs.withArray("data").add(yes ? 0.25 : 0.875).add(yes ? 0.75 : 0.125);
        }
        return response;
    }

    static Run run(String... args) {
        CommandLine cli = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return new Run(cli.execute(args), out.toString(), err.toString());
    }

    static JsonNode input(JsonNode request, String name) {
        for (JsonNode input : request.get("inputs")) {
            if (input.get("name").asText().equals(name)) {
                return input;
            }
        }
        return null;
    }

    @Test
    void sendsARowAsColumnarInputsTypedByTheModelsMetadataAndPrintsTheAnswer() {
        Run r = run(
                "predict",
                "--model",
                "credit-default",
                "--row",
                "{\"income\": 52000, \"region\": \"north\", \"owns_home\": true}",
                "--serving-url",
                url());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(seen)
                .extracting(Seen::method, Seen::path)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("GET", "/v2/models/credit-default"),
                        org.assertj.core.groups.Tuple.tuple("POST", "/v2/models/credit-default/infer"));
        JsonNode request = seen.get(1).body();
        assertThat(request.get("id").asText()).startsWith("cli-");
        assertThat(request.get("inputs")).hasSize(3); // event_id is only sent when a row has one
        JsonNode income = input(request, "income");
        // the value is integral, but the model's metadata says FP64
        assertThat(income.get("datatype").asText()).isEqualTo("FP64");
        assertThat(income.get("shape").toString()).isEqualTo("[1]");
        assertThat(income.get("data").toString()).isEqualTo("[52000]");
        assertThat(input(request, "region").get("datatype").asText()).isEqualTo("BYTES");
        assertThat(input(request, "owns_home").get("datatype").asText()).isEqualTo("BOOL");
        assertThat(input(request, "owns_home").get("data").toString()).isEqualTo("[true]");
        assertThat(r.out().lines().toList())
                .containsExactly(
                        "   row  label              p(no)      p(yes)",
                        "     1  no                0.8750      0.1250",
                        "answered by credit-default v3 (champion)");
    }

    @Test
    void sendsALargeFileInChunksAndNumbersEveryRow(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("rows.jsonl");
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < 2_500; i++) {
            rows.append("{\"income\": ")
                    .append(i % 2 == 0 ? "12000.5" : "null")
                    .append(", \"region\": \"south\", \"event_id\": \"e-")
                    .append(i)
                    .append("\"}\n");
            if (i == 10) {
                rows.append("\n"); // blank lines are skipped
            }
        }
        Files.writeString(file, rows);
        Run r = run("predict", "--model", "credit-default", "--file", file.toString(), "--serving-url", url());
        assertThat(r.exit()).as(r.err()).isZero();
        List<Seen> infers =
                seen.stream().filter(s -> s.path().endsWith("/infer")).toList();
        assertThat(infers)
                .extracting(s -> input(s.body(), "income").get("shape").get(0).asInt())
                .containsExactly(1_000, 1_000, 500);
        JsonNode last = infers.get(2).body();
        assertThat(input(last, "event_id").get("data").get(499).asText()).isEqualTo("e-2499");
        assertThat(input(last, "event_id").get("datatype").asText()).isEqualTo("BYTES");
        // a feature no row has is sent as nulls, so that the service applies its missing-value rule
        assertThat(input(last, "owns_home").get("data").get(0).isNull()).isTrue();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(1 + 2_500 + 1);
        assertThat(lines.get(1)).isEqualTo("     1  yes               0.2500      0.7500");
        assertThat(lines.get(2_500)).isEqualTo("  2500  no                0.8750      0.1250");
        assertThat(lines.get(2_501)).isEqualTo("answered by credit-default v3 (champion)");
    }

    @Test
    void asksTheVersionGivenAndPrintsJsonLines() {
        Run r = run(
                "predict",
                "--model",
                "credit-default",
                "--version",
                "2",
                "--row",
                "{\"income\": 1000, \"event_id\": \"e-7\"}",
                "--json",
                "--serving-url",
                url());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(seen)
                .extracting(Seen::path)
                .containsExactly("/v2/models/credit-default/versions/2", "/v2/models/credit-default/versions/2/infer");
        assertThat(r.out().strip())
                .isEqualTo(
                        "{\"row\":1,\"event_id\":\"e-7\",\"label\":\"yes\",\"probabilities\":{\"no\":0.25,\"yes\":0.75},"
                                + "\"model\":\"credit-default\",\"version\":\"2\",\"variant\":\"challenger\"}");
    }

    @Test
    void printsTheServicesErrorAndExitsNonZero(@TempDir Path dir) throws IOException {
        failWith = "{\"error\": \"input \\\"income\\\", row 0: expected FP64, got \\\"abc\\\"\"}";
        Run r = run("predict", "--model", "credit-default", "--row", "{\"income\": \"abc\"}", "--serving-url", url());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("mlcycle predict: input \"income\", row 0: expected FP64, got \"abc\"");
        assertThat(r.out()).isEmpty();

        Path file = dir.resolve("rows.jsonl");
        Files.writeString(file, "{\"income\": \"abc\"}\n");
        Run f = run("predict", "--model", "credit-default", "--file", file.toString(), "--serving-url", url());
        assertThat(f.exit()).isEqualTo(2);
        assertThat(f.err().strip())
                .isEqualTo("mlcycle predict: rows 1-1 of " + file + ": input \"income\", row 0: expected FP64, got"
                        + " \"abc\"");
    }

    @Test
    void anUnknownModelIsTheServicesNotFound() {
        Run r = run("predict", "--model", "nope", "--row", "{\"income\": 1}", "--serving-url", url());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("mlcycle predict: no model \"nope\": the registry has credit-default");
    }

    @Test
    void refusesARowThatIsNotAJsonObjectOfScalars(@TempDir Path dir) throws IOException {
        Run notJson = run("predict", "--model", "credit-default", "--row", "income=1", "--serving-url", url());
        assertThat(notJson.exit()).isEqualTo(2);
        assertThat(notJson.err())
                .startsWith(
                        "mlcycle predict: --row: expected a JSON object like {\"income\": 52000}," + " got income=1");

        Path file = dir.resolve("rows.jsonl");
        Files.writeString(file, "{\"income\": 1}\n\n{\"income\": {\"amount\": 1}}\n");
        Run nested = run("predict", "--model", "credit-default", "--file", file.toString(), "--serving-url", url());
        assertThat(nested.exit()).isEqualTo(2);
        assertThat(nested.err().strip())
                .isEqualTo("mlcycle predict: " + file + " line 3, field \"income\": expected a number, string, boolean"
                        + " or null, got an object");
        assertThat(seen).noneMatch(s -> s.path().endsWith("/infer"));
    }

    @Test
    void refusesBothRowAndFileOrNeither() {
        Run neither = run("predict", "--model", "credit-default", "--serving-url", url());
        assertThat(neither.exit()).isEqualTo(2);
        assertThat(neither.err().strip())
                .isEqualTo("mlcycle predict: no rows: expected exactly one of --row JSON and --file rows.jsonl");
        Run both = run("predict", "--model", "credit-default", "--row", "{}", "--file", "x", "--serving-url", url());
        assertThat(both.exit()).isEqualTo(2);
        assertThat(both.err().strip())
                .isEqualTo("mlcycle predict: both --row and --file: expected exactly one of --row JSON and --file"
                        + " rows.jsonl");
        assertThat(seen).isEmpty();
    }

    @Test
    void showsItsHelpWithoutTheRequiredOptions() {
        Run help = run("predict", "--help");
        assertThat(help.exit()).as(help.err()).isZero();
        assertThat(help.out()).contains("Usage: mlcycle predict").contains("--chunk-rows");
    }

    @Test
    void saysHowToReachServingWhenItDoesNotAnswer() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Run r = run(
                "predict",
                "--model",
                "credit-default",
                "--row",
                "{\"income\": 1}",
                "--serving-url",
                "http://127.0.0.1:" + closed);
        assertThat(r.exit()).isEqualTo(69);
        assertThat(r.err())
                .contains("no answer from serving-service at http://127.0.0.1:" + closed + " (connection refused)")
                .contains("point --serving-url (or MLCYCLE_SERVING_URL) at it");
    }

    @Test
    void infersDatatypesFromTheValuesWhenTheMetadataDoesNotListAField() {
        ObjectNode a = PredictCommand.parseRow("{\"n\": 1, \"x\": 1, \"s\": \"a\", \"b\": false}", "a");
        ObjectNode b = PredictCommand.parseRow("{\"n\": 2, \"x\": 1.5, \"s\": null}", "b");
        JsonNode request = OipRequests.request("r", List.of(a, b), OipRequests.Metadata.NONE, 1);
        assertThat(input(request, "n").get("datatype").asText()).isEqualTo("INT64");
        assertThat(input(request, "x").get("datatype").asText()).isEqualTo("FP64");
        assertThat(input(request, "s").get("datatype").asText()).isEqualTo("BYTES");
        assertThat(input(request, "b").get("data").toString()).isEqualTo("[false,null]");
        ObjectNode c = PredictCommand.parseRow("{\"n\": \"three\"}", "c");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> OipRequests.request("r", List.of(a, b, c), OipRequests.Metadata.NONE, 1))
                .hasMessage("row 3, field \"n\": expected a number like in row 1, got \"three\"");
    }
}
