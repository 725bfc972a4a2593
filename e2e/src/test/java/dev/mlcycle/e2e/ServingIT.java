package dev.mlcycle.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlcycle.contracts.Topics;
import dev.mlcycle.datagen.model.CreditModel;
import dev.mlcycle.datagen.model.Rng;
import dev.mlcycle.features.EncoderState;
import dev.mlcycle.features.FeatureEncoder;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;

/**
 * The serving issue's "done when", with the packaged services as child processes on a real broker: after {@code
 * mlcycle train}, Open Inference Protocol requests (JSON and the binary tensor extension, both written here by hand
 * from the protocol, not by our codec) get the registered model's offline answers; malformed requests get 4xx and
 * cost nobody else an answer; promotions and rollbacks under 32 concurrent clients fail no request; a burst far
 * beyond capacity is refused only with 429; every answered prediction is on the predictions topic. Logs under
 * {@code target/e2e-logs/ServingIT/}.
 */
@ExtendWith(ChildLogs.OnFailure.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServingIT {
    static final String MODEL = "credit-default";
    static final int EVENTS = 30_000;
    static final int MAX_ROWS_IN_FLIGHT = 1024;

    static final Path INGEST_JAR = Processes.ROOT.resolve("ingest-service/target/quarkus-app/quarkus-run.jar");
    static final Path TRAINING_JAR = Processes.ROOT.resolve("training-service/target/quarkus-app/quarkus-run.jar");
    static final Path SERVING_JAR = Processes.ROOT.resolve("serving-service/target/quarkus-app/quarkus-run.jar");
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path dataDir;

    static String bootstrap;
    static List<ServiceProcess> processes = new ArrayList<>();
    static String trainingUrl;
    static String servingUrl;
    static LakeCli lake;
    static CreditModel credit = CreditModel.load();
    static List<String> names = credit.spec().featureNames();

    @BeforeAll
    static void startTheServicesAndTrainVersionOne() throws Exception {
        Path logs = ChildLogs.dirFor(ServingIT.class);
        assertThat(SERVING_JAR).as("the packaged serving-service").exists();
        int kafkaPort = Processes.freePort();
        int controllerPort = Processes.freePort();
        int ingestPort = Processes.freePort();
        int trainingPort = Processes.freePort();
        int servingPort = Processes.freePort();
        bootstrap = "127.0.0.1:" + kafkaPort;
        trainingUrl = "http://127.0.0.1:" + trainingPort;
        servingUrl = "http://127.0.0.1:" + servingPort;
        lake = new LakeCli(dataDir);
        processes.add(ServiceProcess.mlcycle(
                        "mlcycle-up",
                        logs,
                        "Press Ctrl-C to stop.",
                        "up",
                        "--data-dir",
                        dataDir.toString(),
                        "--kafka-port",
                        Integer.toString(kafkaPort),
                        "--controller-port",
                        Integer.toString(controllerPort),
                        "--no-ingest",
                        "--no-training",
                        "--no-serving",
                        "--no-monitoring")
                .start()
                .awaitReady(Duration.ofSeconds(120)));
        Map<String, String> env = new LinkedHashMap<>();
        env.put("MLCYCLE_DATA_DIR", dataDir.toString());
        env.put("MLCYCLE_KAFKA_BOOTSTRAP", bootstrap);
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");

        Map<String, String> servingEnv = new LinkedHashMap<>(env);
        servingEnv.put("QUARKUS_HTTP_PORT", Integer.toString(servingPort));
        servingEnv.put("SERVING_ADMISSION_MAX_ROWS_IN_FLIGHT", Integer.toString(MAX_ROWS_IN_FLIGHT));
        servingEnv.put("SERVING_ADMISSION_MAX_QUEUED_REQUESTS", "128");
        // Started before any model exists: the first version must arrive through the registry.
        processes.add(ServiceProcess.javaJar(
                        "serving",
                        ServiceProcess.snapshot(SERVING_JAR.getParent(), dataDir.resolve("serving-app"))
                                .resolve(SERVING_JAR.getFileName()),
                        "1g",
                        servingEnv,
                        URI.create(servingUrl + "/q/health/ready"),
                        logs)
                .start()
                .awaitReady(Duration.ofSeconds(120)));

        Map<String, String> ingestEnv = new LinkedHashMap<>(env);
        ingestEnv.put("QUARKUS_HTTP_PORT", Integer.toString(ingestPort));
        ingestEnv.put("INGEST_DATASETS", "credit");
        ingestEnv.put("INGEST_FLUSH_IDLE", "1s");
        processes.add(ServiceProcess.javaJar(
                        "ingest",
                        ServiceProcess.snapshot(INGEST_JAR.getParent(), dataDir.resolve("ingest-app"))
                                .resolve(INGEST_JAR.getFileName()),
                        "1g",
                        ingestEnv,
                        URI.create("http://127.0.0.1:" + ingestPort + "/q/health/ready"),
                        logs)
                .start()
                .awaitReady(Duration.ofSeconds(120)));
        Map<String, String> trainingEnv = new LinkedHashMap<>(env);
        trainingEnv.put("QUARKUS_HTTP_PORT", Integer.toString(trainingPort));
        processes.add(ServiceProcess.javaJar(
                        "training",
                        ServiceProcess.snapshot(TRAINING_JAR.getParent(), dataDir.resolve("training-app"))
                                .resolve(TRAINING_JAR.getFileName()),
                        "2g",
                        trainingEnv,
                        URI.create(trainingUrl + "/q/health/ready"),
                        logs)
                .start()
                .awaitReady(Duration.ofSeconds(120)));
        ChildLogs.step("broker %s, serving %s, training %s, data %s", bootstrap, servingUrl, trainingUrl, dataDir);

        Processes.Result g = Processes.mlcycle(
                Duration.ofMinutes(5),
                "generate",
                "--bootstrap",
                bootstrap,
                "--data-dir",
                dataDir.toString(),
                "--events",
                Integer.toString(EVENTS),
                "--seed",
                "5");
        assertThat(g.exitCode()).as(g.output()).isZero();
        Processes.Result t = train();
        assertThat(t.exitCode()).as(t.output()).isZero();
        assertThat(t.output()).contains("registered version 1");
        await("serving to load version 1")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> get("/v2/models/" + MODEL + "/ready").statusCode() == 200);
    }

    @AfterAll
    void stopEverything() {
        Collections.reverse(processes);
        processes.forEach(ServiceProcess::close);
    }

    @Test
    @Order(1)
    void inferReturnsWhatTheRegisteredModelGivesOffline() throws Exception {
        List<Object[]> rows = rows(200, 11);

        JsonNode response = JSON.readTree(ok(infer(jsonRequest("r-1", rows, null))));

        assertThat(response.path("id").asText()).isEqualTo("r-1");
        assertThat(response.path("model_name").asText()).isEqualTo(MODEL);
        assertThat(response.path("model_version").asText()).isEqualTo("1");
        JsonNode labels = output(response, "label");
        JsonNode probabilities = output(response, "probabilities");
        assertThat(labels.path("datatype").asText()).isEqualTo("BYTES");
        assertThat(probabilities.path("shape")).hasToString("[200,2]");
        Offline offline = offline(1);
        for (int r = 0; r < rows.size(); r++) {
            Prediction<Label> expected = offline.predict(rows.get(r));
            assertThat(labels.path("data").get(r).asText())
                    .as("row %d", r)
                    .isEqualTo(expected.getOutput().getLabel());
            for (int c = 0; c < 2; c++) {
                String cls = List.of("no", "yes").get(c);
                double got = flat(probabilities.path("data")).get(r * 2 + c);
                assertThat(got)
                        .as("row %d class %s", r, cls)
                        .isCloseTo(
                                expected.getOutputScores().get(cls).getScore(),
                                org.assertj.core.data.Offset.offset(1e-9));
            }
        }
    }

    @Test
    @Order(2)
    void aBinaryTensorRequestGetsTheSameAnswerAsJson() throws Exception {
        List<Object[]> rows = rows(50, 12);
        JsonNode json = JSON.readTree(ok(infer(jsonRequest("r-json", rows, null))));

        Binary binary = binaryRequest("r-bin", rows);
        HttpResponse<byte[]> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(servingUrl + "/v2/models/" + MODEL + "/infer"))
                        .header("Content-Type", "application/octet-stream")
                        .header("Inference-Header-Content-Length", Integer.toString(binary.headerLength()))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(binary.body()))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());

        assertThat(response.statusCode())
                .as(new String(response.body(), StandardCharsets.UTF_8))
                .isEqualTo(200);
        int headerLength = Integer.parseInt(
                response.headers().firstValue("Inference-Header-Content-Length").orElseThrow());
        JsonNode header = JSON.readTree(new String(response.body(), 0, headerLength, StandardCharsets.UTF_8));
        ByteBuffer tensors = ByteBuffer.wrap(response.body(), headerLength, response.body().length - headerLength)
                .order(ByteOrder.LITTLE_ENDIAN);
        Map<String, Object> decoded = new HashMap<>();
        for (JsonNode o : header.path("outputs")) {
            int size = o.path("parameters").path("binary_data_size").asInt();
            byte[] bytes = new byte[size];
            tensors.get(bytes);
            ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            if (o.path("datatype").asText().equals("FP64")) {
                double[] d = new double[size / 8];
                for (int i = 0; i < d.length; i++) {
                    d[i] = b.getDouble();
                }
                decoded.put(o.path("name").asText(), d);
            } else {
                List<String> s = new ArrayList<>();
                while (b.hasRemaining()) {
                    byte[] e = new byte[b.getInt()];
                    b.get(e);
                    s.add(new String(e, StandardCharsets.UTF_8));
                }
                decoded.put(o.path("name").asText(), s);
            }
        }
        List<Double> jsonProbabilities = flat(output(json, "probabilities").path("data"));
        double[] binaryProbabilities = (double[]) decoded.get("probabilities");
        assertThat(binaryProbabilities).hasSize(jsonProbabilities.size());
        for (int i = 0; i < binaryProbabilities.length; i++) {
            assertThat(binaryProbabilities[i]).as("probability %d", i).isEqualTo(jsonProbabilities.get(i));
        }
        List<String> jsonLabels = new ArrayList<>();
        output(json, "label").path("data").forEach(n -> jsonLabels.add(n.asText()));
        assertThat(decoded.get("label")).isEqualTo(jsonLabels);
    }

    @Test
    @Order(3)
    void malformedRequestsGetAClear4xxAndValidOnesKeepBeingAnswered() throws Exception {
        List<Object[]> rows = rows(3, 13);
        ObjectNode valid = jsonRequest("valid", rows, null);
        List<String> problems = new ArrayList<>();
        int sent = 0;
        for (Malformed m : malformed(valid)) {
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(URI.create(servingUrl + "/v2/models/" + MODEL + "/infer"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(m.body()))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            sent++;
            int status = response.statusCode();
            if (m.mustFail()) {
                String error = status >= 400 && status < 500
                        ? JSON.readTree(response.body()).path("error").asText("")
                        : "";
                if (status < 400
                        || status >= 500
                        || error.isBlank()
                        || (m.mentions() != null && !error.contains(m.mentions()))) {
                    problems.add(m.kind() + ": " + status + " " + response.body());
                }
            } else if (status >= 500) {
                problems.add(m.kind() + " (mutation): " + status + " " + response.body());
            }
            if (sent % 20 == 0) {
                assertThat(infer(valid).statusCode())
                        .as("a valid request after %d malformed ones", sent)
                        .isEqualTo(200);
            }
        }
        ChildLogs.step("%d malformed requests sent", sent);
        assertThat(sent).isGreaterThanOrEqualTo(200);
        assertThat(problems).isEmpty();
        assertThat(infer(valid).statusCode()).isEqualTo(200);
    }

    @Test
    @Order(4)
    void tenPromotionsAndRollbacksUnder32ConcurrentClientsFailNoRequest() throws Exception {
        JsonNode v1 =
                JSON.readTree(trainingGet("/models/" + MODEL)).path("versions").get(0);
        Processes.Result r = train(
                "--snapshot",
                v1.path("snapshot_id").asText(),
                "--labels-snapshot",
                v1.path("labels_snapshot_id").asText(),
                "--seed",
                "42");
        assertThat(r.exitCode()).as(r.output()).isZero();
        await("version 2 to answer")
                .atMost(Duration.ofSeconds(30))
                .until(() -> get("/v2/models/" + MODEL + "/versions/2/ready").statusCode() == 200);

        AtomicBoolean stop = new AtomicBoolean();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        Map<String, Long> lastSeen = new ConcurrentHashMap<>();
        ExecutorService clients = Executors.newFixedThreadPool(32);
        List<Future<Integer>> counts = new ArrayList<>();
        for (int c = 0; c < 32; c++) {
            int client = c;
            counts.add(clients.submit(() -> {
                int n = 0;
                List<Object[]> one = rows(1, 100 + client);
                ObjectNode request = jsonRequest("c" + client, one, null);
                while (!stop.get()) {
                    HttpResponse<String> response = infer(request);
                    n++;
                    if (response.statusCode() != 200) {
                        failures.add(response.statusCode() + " " + response.body());
                    } else {
                        lastSeen.put(
                                JSON.readTree(response.body())
                                        .path("model_version")
                                        .asText(),
                                System.nanoTime());
                    }
                }
                return n;
            }));
        }
        List<Long> swapMillis = new ArrayList<>();
        for (int change = 0; change < 10; change++) {
            int target = change % 2 == 0 ? 1 : 2;
            long before = System.nanoTime();
            HttpResponse<String> response = change % 2 == 0
                    ? trainingPost("/models/" + MODEL + "/rollback", "{\"reason\": \"serving test\"}")
                    : trainingPost("/models/" + MODEL + "/promote", "{\"version\": 2, \"reason\": \"serving test\"}");
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            await("version " + target + " to answer after change " + change)
                    .atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(5))
                    .until(() -> lastSeen.getOrDefault(Integer.toString(target), 0L) > before + 50_000_000L);
            swapMillis.add((lastSeen.get(Integer.toString(target)) - before) / 1_000_000);
        }
        stop.set(true);
        int total = 0;
        for (Future<Integer> f : counts) {
            total += f.get(30, TimeUnit.SECONDS);
        }
        clients.shutdown();
        ChildLogs.step(
                "%d requests during 10 changes; first answer from the new version after %s ms", total, swapMillis);
        assertThat(failures).isEmpty();
        assertThat(total).isGreaterThan(100);
    }

    @Test
    @Order(5)
    void aBurstFarBeyondCapacityIsRefusedOnlyWith429AndServiceReturnsAtOnce() throws Exception {
        // 256 clients of 64 rows each: 16,384 rows offered at once against a cap of 1,024 rows in flight.
        AtomicBoolean stop = new AtomicBoolean();
        ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Long> admittedNanos = new ConcurrentLinkedQueue<>();
        Set<String> retryAfter = ConcurrentHashMap.newKeySet();
        int[] refused = new int[1];
        ExecutorService clients = Executors.newFixedThreadPool(256);
        ObjectNode request = jsonRequest("burst", rows(64, 14), null);
        byte[] body = JSON.writeValueAsBytes(request);
        List<Future<?>> futures = new ArrayList<>();
        for (int c = 0; c < 256; c++) {
            futures.add(clients.submit(() -> {
                while (!stop.get()) {
                    long t0 = System.nanoTime();
                    HttpResponse<String> response = post("/v2/models/" + MODEL + "/infer", body);
                    long took = System.nanoTime() - t0;
                    if (response.statusCode() == 200) {
                        admittedNanos.add(took);
                    } else if (response.statusCode() == 429) {
                        synchronized (refused) {
                            refused[0]++;
                        }
                        response.headers().firstValue("Retry-After").ifPresent(retryAfter::add);
                    } else {
                        unexpected.add(response.statusCode() + " " + response.body());
                    }
                }
                return null;
            }));
        }
        await("the burst to run").pollDelay(Duration.ofSeconds(8)).until(() -> true);
        stop.set(true);
        for (Future<?> f : futures) {
            f.get(60, TimeUnit.SECONDS);
        }
        clients.shutdown();
        long afterBurst = System.nanoTime();
        HttpResponse<String> after = infer(jsonRequest("after", rows(1, 15), null));
        long recoveredMillis = (System.nanoTime() - afterBurst) / 1_000_000;

        List<Long> sorted = new ArrayList<>(admittedNanos);
        Collections.sort(sorted);
        long p99 = sorted.isEmpty()
                ? 0
                : sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(sorted.size() * 0.99) - 1)) / 1_000_000;
        ChildLogs.step(
                "burst: %d admitted (p99 %d ms), %d refused with 429, Retry-After %s; next request after %d ms",
                sorted.size(), p99, refused[0], retryAfter, recoveredMillis);
        assertThat(unexpected).as("only 429 may refuse").isEmpty();
        assertThat(refused[0]).isPositive();
        assertThat(retryAfter).isNotEmpty().allSatisfy(v -> assertThat(Integer.parseInt(v))
                .isPositive());
        assertThat(sorted).isNotEmpty();
        assertThat(p99).as("p99 of admitted requests, ms").isLessThan(5_000);
        assertThat(after.statusCode()).isEqualTo(200);
        assertThat(recoveredMillis).isLessThan(1_000);
    }

    @Test
    @Order(6)
    void everyAnsweredPredictionIsOnThePredictionsTopicWithItsVersionAndVariant() throws Exception {
        List<Object[]> rows = rows(40, 16);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            ids.add("logged-" + i);
        }
        JsonNode answer = JSON.readTree(ok(infer(jsonRequest("logged", rows, ids))));
        String version = answer.path("model_version").asText();

        await("the 40 predictions on " + Topics.predictions(MODEL))
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    Map<String, JsonNode> byId = new HashMap<>();
                    for (var r : TopicReader.readAll(bootstrap, Topics.predictions(MODEL))) {
                        JsonNode p = JSON.readTree(r.value());
                        if (p.path("request_id").asText().equals("logged")) {
                            byId.put(new String(r.key(), StandardCharsets.UTF_8), p);
                        }
                    }
                    assertThat(byId.keySet()).containsExactlyInAnyOrderElementsOf(ids);
                    for (int i = 0; i < ids.size(); i++) {
                        JsonNode p = byId.get(ids.get(i));
                        assertThat(p.path("version").asText()).isEqualTo(version);
                        assertThat(p.path("variant").asText()).isEqualTo("champion");
                        assertThat(p.path("event_id").asText()).isEqualTo(ids.get(i));
                        assertThat(p.path("prediction").path("label").asText())
                                .isEqualTo(output(answer, "label")
                                        .path("data")
                                        .get(i)
                                        .asText());
                    }
                });
    }

    @Test
    @Order(7)
    void mlcyclePredictPrintsTheLabelsAndTheVersionThatAnswered() throws Exception {
        List<Object[]> rows = rows(1, 17);
        Map<String, Object> row = new LinkedHashMap<>();
        for (int f = 0; f < names.size(); f++) {
            row.put(names.get(f), rows.get(0)[f]);
        }
        JsonNode http = JSON.readTree(ok(infer(jsonRequest("cli", rows, null))));

        Processes.Result r = Processes.mlcycle(
                Duration.ofMinutes(2),
                "predict",
                "--model",
                MODEL,
                "--serving-url",
                servingUrl,
                "--row",
                JSON.writeValueAsString(row));

        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output())
                .contains(output(http, "label").path("data").get(0).asText());
        assertThat(r.output())
                .contains("answered by " + MODEL + " v"
                        + http.path("model_version").asText());
        Processes.Result bad = Processes.mlcycle(
                Duration.ofMinutes(2),
                "predict",
                "--model",
                MODEL,
                "--serving-url",
                servingUrl,
                "--row",
                "{\"income\": \"lots\"}");
        assertThat(bad.exitCode()).as(bad.output()).isNotZero();
        assertThat(bad.output()).contains("income");
    }

    // ---- requests written from the protocol ----

    static List<Object[]> rows(int n, long seed) {
        Rng rng = Rng.stream(seed, "serving-it");
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Object[] row = new Object[names.size()];
            credit.sample(rng, row);
            rows.add(row);
        }
        return rows;
    }

    /** A columnar JSON request: one input per feature, shape [N], the datatype the spec asks for. */
    static ObjectNode jsonRequest(String id, List<Object[]> rows, List<String> eventIds) {
        ObjectNode request = JSON.createObjectNode();
        request.put("id", id);
        ArrayNode inputs = request.putArray("inputs");
        for (int f = 0; f < names.size(); f++) {
            String type = datatype(f);
            ObjectNode input = inputs.addObject();
            input.put("name", names.get(f));
            input.putArray("shape").add(rows.size());
            input.put("datatype", type);
            ArrayNode data = input.putArray("data");
            for (Object[] row : rows) {
                Object v = row[f];
                if (v == null) {
                    data.addNull();
                } else if (v instanceof Number n && type.equals("INT64")) {
                    data.add(n.longValue());
                } else if (v instanceof Number n) {
                    data.add(n.doubleValue());
                } else if (v instanceof Boolean b) {
                    data.add(b);
                } else {
                    data.add(v.toString());
                }
            }
        }
        if (eventIds != null) {
            ObjectNode input = inputs.addObject();
            input.put("name", "event_id");
            input.putArray("shape").add(rows.size());
            input.put("datatype", "BYTES");
            ArrayNode data = input.putArray("data");
            eventIds.forEach(data::add);
        }
        return request;
    }

    record Binary(byte[] body, int headerLength) {}

    /** The same request as tritonclient sends it by default: every input and output in binary. */
    static Binary binaryRequest(String id, List<Object[]> rows) throws Exception {
        ObjectNode header = JSON.createObjectNode();
        header.put("id", id);
        ArrayNode inputs = header.putArray("inputs");
        ByteArrayOutputStream tensors = new ByteArrayOutputStream();
        for (int f = 0; f < names.size(); f++) {
            String type = datatype(f);
            ByteArrayOutputStream t = new ByteArrayOutputStream();
            for (Object[] row : rows) {
                Object v = row[f];
                switch (type) {
                    case "FP64" -> t.write(le(8).putDouble(v == null ? Double.NaN : ((Number) v).doubleValue())
                            .array());
                    case "INT64" -> t.write(
                            le(8).putLong(((Number) v).longValue()).array());
                    case "BOOL" -> t.write(Boolean.TRUE.equals(v) ? 1 : 0);
                    default -> {
                        byte[] s = v.toString().getBytes(StandardCharsets.UTF_8);
                        t.write(le(4).putInt(s.length).array());
                        t.write(s);
                    }
                }
            }
            ObjectNode input = inputs.addObject();
            input.put("name", names.get(f));
            input.putArray("shape").add(rows.size());
            input.put("datatype", type);
            input.putObject("parameters").put("binary_data_size", t.size());
            tensors.write(t.toByteArray());
        }
        ArrayNode outputs = header.putArray("outputs");
        outputs.addObject().put("name", "label").putObject("parameters").put("binary_data", true);
        outputs.addObject().put("name", "probabilities").putObject("parameters").put("binary_data", true);
        byte[] json = JSON.writeValueAsBytes(header);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(json);
        body.write(tensors.toByteArray());
        return new Binary(body.toByteArray(), json.length);
    }

    static ByteBuffer le(int n) {
        return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    }

    static String datatype(int feature) {
        return switch (credit.spec().features().get(feature).type()) {
            case NUMERIC -> "FP64";
            case INTEGER -> "INT64";
            case BOOLEAN -> "BOOL";
            case CATEGORICAL -> "BYTES";
        };
    }

    record Malformed(String kind, byte[] body, boolean mustFail, String mentions) {}

    /** Each kind of bad input the issue names, then random mutations of a valid request. */
    static List<Malformed> malformed(ObjectNode valid) throws Exception {
        List<Malformed> out = new ArrayList<>();
        // unknown and missing features
        ObjectNode unknown = valid.deepCopy();
        ((ObjectNode) unknown.path("inputs").get(0)).put("name", "incomee");
        out.add(bad("unknown feature", unknown, "incomee"));
        for (int f = 0; f < names.size(); f++) {
            ObjectNode missing = valid.deepCopy();
            ((ArrayNode) missing.path("inputs")).remove(f);
            if (!credit.spec().features().get(f).nullable()) {
                out.add(bad("missing feature " + names.get(f), missing, names.get(f)));
            }
            ObjectNode wrongType = valid.deepCopy();
            ((ObjectNode) wrongType.path("inputs").get(f))
                    .put("datatype", datatype(f).equals("BYTES") ? "FP64" : "BYTES");
            out.add(bad("wrong datatype of " + names.get(f), wrongType, names.get(f)));
            ObjectNode shape = valid.deepCopy();
            ((ArrayNode) shape.path("inputs").get(f).path("shape")).removeAll().add(7);
            out.add(bad("shape disagrees with data of " + names.get(f), shape, names.get(f)));
            ObjectNode nested = valid.deepCopy();
            ((ArrayNode) nested.path("inputs").get(f).path("shape")).removeAll().add(-1);
            out.add(bad("negative shape of " + names.get(f), nested, names.get(f)));
            ObjectNode nullData = valid.deepCopy();
            ((ObjectNode) nullData.path("inputs").get(f)).putNull("data");
            out.add(bad("null data of " + names.get(f), nullData, names.get(f)));
        }
        int region = names.indexOf("region");
        ObjectNode category = valid.deepCopy();
        ((ArrayNode) category.path("inputs").get(region).path("data")).set(1, "atlantis");
        out.add(bad("a category the spec rejects", category, "atlantis"));
        int age = names.indexOf("age");
        ObjectNode nullAge = valid.deepCopy();
        ((ArrayNode) nullAge.path("inputs").get(age).path("data")).setNull(2);
        out.add(bad("null where not nullable", nullAge, "age"));
        int debt = names.indexOf("debt_ratio");
        ObjectNode nan = valid.deepCopy();
        ((ObjectNode) nan.path("inputs").get(debt)).put("datatype", "FP64");
        byte[] nanBody = JSON.writeValueAsString(nan)
                .replaceFirst("(\"name\":\"debt_ratio\".*?\"data\":\\[)[^,\\]]+", "$1\"NaN\"")
                .getBytes(StandardCharsets.UTF_8);
        out.add(new Malformed("NaN where not nullable", nanBody, true, "debt_ratio"));
        ObjectNode duplicate = valid.deepCopy();
        ((ArrayNode) duplicate.path("inputs")).add(valid.path("inputs").get(0).deepCopy());
        out.add(bad("duplicate input", duplicate, names.get(0)));
        ObjectNode noInputs = valid.deepCopy();
        noInputs.remove("inputs");
        out.add(bad("no inputs", noInputs, "inputs"));
        out.add(new Malformed("not JSON", "hello".getBytes(StandardCharsets.UTF_8), true, null));
        out.add(new Malformed("empty body", new byte[0], true, null));
        out.add(new Malformed("JSON array", "[1,2,3]".getBytes(StandardCharsets.UTF_8), true, null));
        out.add(new Malformed(
                "deep nesting", ("{\"inputs\":" + "[".repeat(100_000)).getBytes(StandardCharsets.UTF_8), true, null));
        out.add(new Malformed(
                "huge number",
                ("{\"inputs\":[{\"name\":\"income\",\"shape\":[1],\"datatype\":\"FP64\",\"data\":[1" + "0".repeat(5_000)
                                + "]}]}")
                        .getBytes(StandardCharsets.UTF_8),
                true,
                null));
        out.add(new Malformed(
                "body over the limit",
                ("{\"id\":\"" + "x".repeat(9 * 1024 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8),
                true,
                null));
        out.add(new Malformed("truncated", Arrays.copyOf(JSON.writeValueAsBytes(valid), 100), true, null));
        // random mutations: byte flips, deletions and truncations of a valid body (some may stay valid)
        byte[] base = JSON.writeValueAsBytes(valid);
        Random random = new Random(1234);
        while (out.size() < 240) {
            byte[] b = base.clone();
            int kind = random.nextInt(3);
            if (kind == 0) {
                for (int k = 0; k < 1 + random.nextInt(4); k++) {
                    b[random.nextInt(b.length)] = (byte) random.nextInt(256);
                }
            } else if (kind == 1) {
                int at = random.nextInt(b.length);
                byte[] c = new byte[b.length - 1];
                System.arraycopy(b, 0, c, 0, at);
                System.arraycopy(b, at + 1, c, at, b.length - at - 1);
                b = c;
            } else {
                b = Arrays.copyOf(b, random.nextInt(b.length));
            }
            out.add(new Malformed("mutation " + out.size(), b, false, null));
        }
        return out;
    }

    static Malformed bad(String kind, ObjectNode request, String mentions) throws Exception {
        return new Malformed(kind, JSON.writeValueAsBytes(request), true, mentions);
    }

    // ---- the registered model, offline ----

    record Offline(FeatureEncoder encoder, Model<Label> model) {
        Prediction<Label> predict(Object[] row) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (int f = 0; f < names.size(); f++) {
                map.put(names.get(f), row[f]);
            }
            return model.predict(encoder.example(map, new LabelFactory().getUnknownOutput()));
        }
    }

    @SuppressWarnings("unchecked")
    static Offline offline(int version) throws Exception {
        String bundle = null;
        for (JsonNode v : JSON.readTree(trainingGet("/models/" + MODEL)).path("versions")) {
            if (v.path("version").asInt() == version) {
                bundle = v.path("bundle").asText();
            }
        }
        Path dir = dataDir.resolve("registry").resolve(bundle);
        return new Offline(
                FeatureEncoder.of(EncoderState.fromJson(Files.readString(dir.resolve("encoder.json")))),
                (Model<Label>) Model.deserializeFromFile(dir.resolve("model.tribuo")));
    }

    // ---- HTTP ----

    static JsonNode output(JsonNode response, String name) {
        for (JsonNode o : response.path("outputs")) {
            if (o.path("name").asText().equals(name)) {
                return o;
            }
        }
        throw new AssertionError("no output " + name + " in " + response);
    }

    static List<Double> flat(JsonNode data) {
        List<Double> out = new ArrayList<>();
        for (JsonNode n : data) {
            if (n.isArray()) {
                out.addAll(flat(n));
            } else {
                out.add(n.asDouble());
            }
        }
        return out;
    }

    static String ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    static HttpResponse<String> infer(ObjectNode request) throws Exception {
        return post("/v2/models/" + MODEL + "/infer", JSON.writeValueAsBytes(request));
    }

    static HttpResponse<String> post(String path, byte[] body) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(servingUrl + path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(servingUrl + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static String trainingGet(String path) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(trainingUrl + path)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode())
                .as("GET %s: %s", path, response.body())
                .isEqualTo(200);
        return response.body();
    }

    static HttpResponse<String> trainingPost(String path, String body) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(trainingUrl + path))
                        .header(
                                "Authorization",
                                "Bearer "
                                        + Files.readString(dataDir.resolve("admin-token"))
                                                .trim())
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static Processes.Result train(String... extra) {
        List<String> args = new ArrayList<>(
                List.of("train", "--model", MODEL, "--training-url", trainingUrl, "--data-dir", dataDir.toString()));
        args.addAll(List.of(extra));
        Processes.Result r = Processes.mlcycle(Duration.ofMinutes(8), args.toArray(String[]::new));
        ChildLogs.step("mlcycle %s -> %d", String.join(" ", args), r.exitCode());
        return r;
    }
}
