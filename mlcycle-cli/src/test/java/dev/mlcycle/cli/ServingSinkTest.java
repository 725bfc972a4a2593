package dev.mlcycle.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.contracts.json.Json;
import dev.mlcycle.contracts.spec.DatasetSpec;
import dev.mlcycle.contracts.spec.FeatureSpec;
import dev.mlcycle.datagen.DataGenerator;
import dev.mlcycle.datagen.GeneratedRecord;
import dev.mlcycle.datagen.GeneratorOptions;
import dev.mlcycle.datagen.RecordKind;
import dev.mlcycle.datagen.sink.RecordSink;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ServingSink} and {@code mlcycle generate --predict} against a real HTTP server that speaks the Open Inference
 * Protocol as serving-service does: metadata typed from the credit spec, every infer request recorded, answered with
 * what {@link #answer} says (200 with one label per row, 429 with Retry-After, 400 naming a row).
 */
class ServingSinkTest {
    HttpServer server;
    final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger maxInFlight = new AtomicInteger();
    volatile Function<Integer, int[]> answer = n -> new int[] {200, 0};
    volatile int seenCalls;
    final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(8));
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

    static DataGenerator generator(long events, double malformed) {
        return DataGenerator.create(GeneratorOptions.builder()
                .dataset("credit")
                .seed(11)
                .events(events)
                .malformed(malformed)
                .faults("nulls=0.05")
                .build());
    }

    /** What serving-service advertises: FP64 numeric, INT64 integer, BYTES categorical, BOOL boolean; id and time. */
    static String metadata(DatasetSpec spec) {
        ObjectNode m = Json.mapper().createObjectNode();
        m.put("name", "credit-default");
        ArrayNode inputs = m.putArray("inputs");
        for (FeatureSpec f : spec.features()) {
            String type =
                    switch (f.type()) {
                        case NUMERIC -> "FP64";
                        case INTEGER -> "INT64";
                        case CATEGORICAL -> "BYTES";
                        case BOOLEAN -> "BOOL";
                    };
            inputs.addObject()
                    .put("name", f.name())
                    .put("datatype", type)
                    .putArray("shape")
                    .add(-1);
        }
        inputs.addObject()
                .put("name", spec.id())
                .put("datatype", "BYTES")
                .putArray("shape")
                .add(-1);
        inputs.addObject()
                .put("name", spec.timestamp())
                .put("datatype", "BYTES")
                .putArray("shape")
                .add(-1);
        m.putObject("parameters")
                .put("dataset", spec.name())
                .putArray("classes")
                .add("no")
                .add("yes");
        return m.toString();
    }

    private void handle(HttpExchange exchange) throws IOException {
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        try {
            String path = exchange.getRequestURI().getPath();
            byte[] in = exchange.getRequestBody().readAllBytes();
            if (!path.endsWith("/infer")) {
                reply(exchange, 200, metadata(generator(1, 0).spec()), Map.of());
                return;
            }
            JsonNode body = Json.mapper().readTree(in);
            int call = ++seenCalls;
            int[] what = answer.apply(call);
            if (what[0] == 429) {
                reply(exchange, 429, "{\"error\": \"overloaded\"}", Map.of("Retry-After", Integer.toString(what[1])));
                return;
            }
            if (what[0] != 200) {
                reply(
                        exchange,
                        what[0],
                        "{\"error\": \"input \\\"age\\\", row " + what[1] + ": expected an integer in [18, 100], got"
                                + " the number 7\"}",
                        Map.of());
                return;
            }
            requests.add(body);
            int rows = body.get("inputs").get(0).get("data").size();
            ObjectNode response = Json.mapper().createObjectNode();
            response.put("model_name", "credit-default").put("model_version", "1");
            response.put("id", body.get("id").asText());
            ObjectNode label = response.putArray("outputs").addObject();
            label.put("name", "label")
                    .put("datatype", "BYTES")
                    .putArray("shape")
                    .add(rows);
            ArrayNode data = label.putArray("data");
            for (int i = 0; i < rows; i++) {
                data.add("no");
            }
            reply(exchange, 200, response.toString(), Map.of());
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private static void reply(HttpExchange exchange, int status, String body, Map<String, String> headers)
            throws IOException {
        byte[] out = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        headers.forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        exchange.sendResponseHeaders(status, out.length);
        exchange.getResponseBody().write(out);
        exchange.close();
    }

    /** Keeps what it is given, as the Kafka sink would send it. */
    static final class Kept implements RecordSink {
        final List<GeneratedRecord> records = new ArrayList<>();
        boolean finished;
        boolean closed;

        @Override
        public void accept(GeneratedRecord record) {
            records.add(record);
        }

        @Override
        public void finish() {
            finished = true;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    ServingSink sink(Kept kept, DataGenerator g, String base, ServingSink.Options options) {
        ServiceClient client = new ServiceClient(PredictCommand.SERVING, URI.create(base), null, null);
        OipRequests.Metadata metadata = OipRequests.Metadata.of(Json.mapper().valueToTree(parse(metadata(g.spec()))));
        return new ServingSink(kept, client, "credit-default", metadata, g.spec(), options, err, "t");
    }

    private static JsonNode parse(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** The rows of the recorded requests, by event id: input name to value. */
    Map<String, Map<String, JsonNode>> rowsSent() {
        Map<String, Map<String, JsonNode>> byId = new LinkedHashMap<>();
        for (JsonNode request : requests) {
            Map<String, JsonNode> inputs = new HashMap<>();
            request.get("inputs").forEach(i -> inputs.put(i.get("name").asText(), i));
            JsonNode ids = inputs.get("event_id").get("data");
            for (int r = 0; r < ids.size(); r++) {
                Map<String, JsonNode> row = new HashMap<>();
                for (Map.Entry<String, JsonNode> e : inputs.entrySet()) {
                    assertThat(e.getValue().get("shape").get(0).asInt()).isEqualTo(ids.size());
                    row.put(e.getKey() + "#datatype", e.getValue().get("datatype"));
                    row.put(e.getKey(), e.getValue().get("data").get(r));
                }
                assertThat(byId.put(ids.get(r).asText(), row))
                        .as("event %s sent twice", ids.get(r))
                        .isNull();
            }
        }
        return byId;
    }

    @Test
    void everyValidEventIsScoredOnceInBatchesWithItsIdAndEventTimeAndMalformedRecordsAreNot() {
        DataGenerator g = generator(250, 0.04);
        Kept kept = new Kept();
        ServingSink.Stats stats;
        try (ServingSink sink = sink(kept, g, url(), new ServingSink.Options(100, 3))) {
            g.runInto(sink);
            stats = sink.stats();
        }

        assertThat(kept.finished).isTrue();
        assertThat(kept.closed).isTrue();
        List<GeneratedRecord> events =
                kept.records.stream().filter(r -> r.kind() == RecordKind.EVENT).toList();
        assertThat(events).hasSize(250);
        assertThat(kept.records).anyMatch(r -> r.kind() == RecordKind.MALFORMED);
        assertThat(requests).hasSize(3);
        assertThat(requests.stream().map(r -> r.get("inputs").get(0).get("data").size()))
                .containsExactlyInAnyOrder(100, 100, 50);
        Map<String, Map<String, JsonNode>> sent = rowsSent();
        assertThat(sent).hasSize(250);
        boolean sawNull = false;
        for (GeneratedRecord e : events) {
            Map<String, JsonNode> row = sent.get(e.eventId());
            assertThat(row).as("event %s", e.eventId()).isNotNull();
            assertThat(row.get("event_time").asText()).isEqualTo(e.time().toString());
            assertThat(row.get("event_time#datatype").asText()).isEqualTo("BYTES");
            for (Map.Entry<String, Object> f : e.event().features().entrySet()) {
                JsonNode v = row.get(f.getKey());
                if (f.getValue() == null) {
                    assertThat(v.isNull()).isTrue();
                    sawNull = true;
                } else {
                    assertThat(v.toString())
                            .as("%s of %s", f.getKey(), e.eventId())
                            .isEqualTo(Json.mapper().valueToTree(f.getValue()).toString());
                }
            }
            assertThat(row.get("age#datatype").asText()).isEqualTo("INT64");
            assertThat(row.get("income#datatype").asText()).isEqualTo("FP64");
            assertThat(row.get("region#datatype").asText()).isEqualTo("BYTES");
            assertThat(row.get("has_mortgage#datatype").asText()).isEqualTo("BOOL");
        }
        assertThat(sawNull)
                .as("some events carry nulls (nulls=0.05), sent as JSON null")
                .isTrue();
        assertThat(stats.events()).isEqualTo(250);
        assertThat(stats.predicted()).isEqualTo(250);
        assertThat(stats.refused()).isZero();
        assertThat(stats.byVersion()).containsExactly(Map.entry("1", 250L));
        assertThat(maxInFlight.get()).isLessThanOrEqualTo(3);
    }

    @Test
    void aRequestAnswered429IsSentAgainAfterItsRetryAfter() {
        answer = n -> n == 1 ? new int[] {429, 1} : new int[] {200, 0};
        DataGenerator g = generator(100, 0);
        Kept kept = new Kept();
        long start = System.nanoTime();
        ServingSink.Stats stats;
        try (ServingSink sink = sink(kept, g, url(), new ServingSink.Options(100, 1))) {
            g.runInto(sink);
            stats = sink.stats();
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(stats.overloadRetries()).isEqualTo(1);
        assertThat(stats.predicted()).isEqualTo(100);
        assertThat(stats.refused()).isZero();
        assertThat(rowsSent()).hasSize(100);
        assertThat(took).as("waited Retry-After: 1").isGreaterThanOrEqualTo(Duration.ofMillis(950));
    }

    @Test
    void refusalsAreCountedAndTheFirstFewPrintedWithTheRowTheServiceNames() {
        answer = n -> new int[] {400, 3};
        DataGenerator g = generator(1000, 0);
        Kept kept = new Kept();
        ServingSink.Stats stats;
        try (ServingSink sink = sink(kept, g, url(), new ServingSink.Options(50, 2))) {
            g.runInto(sink);
            stats = sink.stats();
        }

        assertThat(kept.finished).as("the events still went to Kafka").isTrue();
        assertThat(stats.refused()).isEqualTo(1000);
        assertThat(stats.refusedRequests()).isEqualTo(20);
        assertThat(stats.predicted()).isZero();
        String printed = errBytes.toString(StandardCharsets.UTF_8);
        assertThat(printed.lines().filter(l -> l.contains("serving-service refused")))
                .hasSize(ServingSink.SHOWN_ERRORS);
        assertThat(printed)
                .contains("(HTTP 400): input \"age\", row 3: expected an integer in [18, 100]")
                .containsPattern("row 3 \\(event [0-9,]+\\): \\{.*\"event_id\":\"credit-11-[0-9]+\"");
        // The row printed is the fourth of its request: event index first-of-batch + 3.
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                        "events, ([0-9,]+) to [0-9,]+\\) \\(HTTP 400\\).*\\n  row 3 \\(event ([0-9,]+)\\)")
                .matcher(printed);
        assertThat(m.find()).as(printed).isTrue();
        assertThat(Long.parseLong(m.group(2).replace(",", "")))
                .isEqualTo(Long.parseLong(m.group(1).replace(",", "")) + 3);
    }

    @Test
    void servingNotAnsweringStopsTheRunNamingWhereItLooked() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        DataGenerator g = generator(1000, 0);
        Kept kept = new Kept();
        try (ServingSink sink = sink(kept, g, "http://127.0.0.1:" + closed, new ServingSink.Options(10, 2))) {
            assertThatThrownBy(() -> g.runInto(sink))
                    .isInstanceOfSatisfying(
                            MlcycleException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNAVAILABLE))
                    .hasMessageContaining("no answer from serving-service at http://127.0.0.1:" + closed)
                    .hasMessageContaining("the run stopped there");
        }
        assertThat(kept.finished).isFalse();
    }

    @Test
    void generatePredictScoresEveryEventAndSaysSo(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("events.jsonl");
        PredictCommandTest.Run r = PredictCommandTest.run(
                "generate",
                "--data-dir",
                dir.toString(),
                "--events",
                "300",
                "--seed",
                "5",
                "--malformed",
                "0.02",
                "--output",
                out.toString(),
                "--predict",
                "credit-default",
                "--serving-url",
                url());

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("scored by credit-default at " + url() + ": 300 of 300 events (version 1: 300)");
        assertThat(rowsSent()).hasSize(300);
        assertThat(Files.readAllLines(out)).hasSizeGreaterThan(300);
    }

    @Test
    void generatePredictExitsNonZeroWhenServingRefusedEvents(@TempDir Path dir) {
        answer = n -> n == 2 ? new int[] {400, 0} : new int[] {200, 0};
        PredictCommandTest.Run r = PredictCommandTest.run(
                "generate",
                "--data-dir",
                dir.toString(),
                "--events",
                "300",
                "--output",
                dir.resolve("e.jsonl").toString(),
                "--predict",
                "credit-default",
                "--predict-in-flight",
                "1",
                "--serving-url",
                url());

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("200 of 300 events", "refused: 100 events in 1 requests");
    }

    @Test
    void generatePredictRefusesAModelOfAnotherDatasetBeforeGenerating(@TempDir Path dir) {
        PredictCommandTest.Run r = PredictCommandTest.run(
                "generate",
                "--data-dir",
                dir.toString(),
                "--dataset",
                "housing",
                "--events",
                "10",
                "--output",
                dir.resolve("e.jsonl").toString(),
                "--predict",
                "credit-default",
                "--serving-url",
                url());

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err())
                .contains("--predict credit-default: the model scores the dataset \"credit\", not \"housing\"");
        assertThat(dir.resolve("e.jsonl")).doesNotExist();
    }

    @Test
    void retryAfterIsReadAsSecondsOrAnHttpDate() {
        assertThat(ServiceClient.retryAfter("3")).contains(Duration.ofSeconds(3));
        assertThat(ServiceClient.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT")).contains(Duration.ZERO);
        assertThat(ServiceClient.retryAfter("soon")).isEmpty();
    }
}
