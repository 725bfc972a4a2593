package dev.mlcycle.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlcycle.datagen.model.CreditExamples;
import dev.mlcycle.features.EncoderState;
import dev.mlcycle.features.FeatureEncoder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;

/**
 * The training issue's "done when", with the packaged services as child processes: with the generator's stream
 * ingested into the lake, {@code mlcycle train} makes version 1 the champion; a second run on the same snapshot and
 * seed predicts identically; a weak trainer is refused by the gate with its evidence; ten duplicate Alertmanager
 * notifications start exactly one run; a restart (SIGKILL) rebuilds the registry from the topic; a snapshot of bad
 * data fails with a report. Logs under {@code target/e2e-logs/TrainingLoopIT/}.
 */
@ExtendWith(ChildLogs.OnFailure.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TrainingLoopIT {
    static final String MODEL = "credit-default";
    static final int EVENTS = 100_000;

    static final Path INGEST_JAR = Processes.ROOT.resolve("ingest-service/target/quarkus-app/quarkus-run.jar");
    static final Path TRAINING_JAR = Processes.ROOT.resolve("training-service/target/quarkus-app/quarkus-run.jar");
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path dataDir;

    static String bootstrap;
    static ServiceProcess broker;
    static ServiceProcess ingest;
    static ServiceProcess training;
    static String trainingUrl;
    static LakeCli lake;

    @BeforeAll
    static void ingestTheGeneratorsStreamAndStartTraining() throws Exception {
        Path logs = ChildLogs.dirFor(TrainingLoopIT.class);
        assertThat(INGEST_JAR).exists();
        assertThat(TRAINING_JAR).as("the packaged training-service").exists();
        int kafkaPort = Processes.freePort();
        int controllerPort = Processes.freePort();
        int ingestPort = Processes.freePort();
        int trainingPort = Processes.freePort();
        bootstrap = "127.0.0.1:" + kafkaPort;
        trainingUrl = "http://127.0.0.1:" + trainingPort;
        lake = new LakeCli(dataDir);
        broker = ServiceProcess.mlcycle(
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
                .awaitReady(Duration.ofSeconds(120));

        Map<String, String> env = new LinkedHashMap<>();
        env.put("MLCYCLE_DATA_DIR", dataDir.toString());
        env.put("MLCYCLE_KAFKA_BOOTSTRAP", bootstrap);
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        Map<String, String> ingestEnv = new LinkedHashMap<>(env);
        ingestEnv.put("QUARKUS_HTTP_PORT", Integer.toString(ingestPort));
        ingestEnv.put("INGEST_DATASETS", "credit");
        ingestEnv.put("INGEST_FLUSH_IDLE", "1s");
        ingest = ServiceProcess.javaJar(
                        "ingest",
                        ServiceProcess.snapshot(INGEST_JAR.getParent(), dataDir.resolve("ingest-app"))
                                .resolve(INGEST_JAR.getFileName()),
                        "1g",
                        ingestEnv,
                        URI.create("http://127.0.0.1:" + ingestPort + "/q/health/ready"),
                        logs)
                .start()
                .awaitReady(Duration.ofSeconds(120));
        Map<String, String> trainingEnv = new LinkedHashMap<>(env);
        trainingEnv.put("QUARKUS_HTTP_PORT", Integer.toString(trainingPort));
        // Automatic triggers coalesce for 2 s after a run starts, so that the alert test needs no long wait.
        trainingEnv.put("TRAINING_MODELS_CREDIT_DEFAULT_TRIGGERS_COOLDOWN", "2s");
        trainingEnv.put("TRAINING_MODELS_CREDIT_DEFAULT_VALIDATION_MAX_NULL_SHARE", "0.3");
        Path trainingApp = ServiceProcess.snapshot(TRAINING_JAR.getParent(), dataDir.resolve("training-app"));
        training = ServiceProcess.javaJar(
                "training",
                trainingApp.resolve(TRAINING_JAR.getFileName()),
                "2g",
                trainingEnv,
                URI.create(trainingUrl + "/q/health/ready"),
                logs);
        training.start().awaitReady(Duration.ofSeconds(120));
        ChildLogs.step("broker %s, ingest :%d, training :%d, data %s", bootstrap, ingestPort, trainingPort, dataDir);

        generate(EVENTS, 5, null);
        awaitLanded(EVENTS);
    }

    @AfterAll
    void stopEverything() {
        for (ServiceProcess p : new ServiceProcess[] {training, ingest, broker}) {
            if (p != null) {
                p.close();
            }
        }
    }

    @Test
    @Order(1)
    void trainMakesVersionOneTheChampion() throws Exception {
        Processes.Result r = train();

        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).contains("SUCCEEDED", "registered version 1", "champion", "roc_auc");
        JsonNode model = models();
        assertThat(model.path("aliases").path("champion").asInt()).isEqualTo(1);
        assertThat(model.path("versions").get(0).path("metrics").path("roc_auc").asDouble())
                .isGreaterThan(0.7);
    }

    @Test
    @Order(2)
    void aSecondRunOnTheSameSnapshotAndSeedPredictsIdentically() throws Exception {
        long snapshot = models().path("versions").get(0).path("snapshot_id").asLong();
        long labels =
                models().path("versions").get(0).path("labels_snapshot_id").asLong();

        Processes.Result r = train(
                "--snapshot", Long.toString(snapshot), "--labels-snapshot", Long.toString(labels), "--seed", "42");

        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).contains("events snapshot " + snapshot + ", labels snapshot " + labels);
        JsonNode model = models();
        assertThat(model.path("versions")).hasSize(2);
        assertThat(model.path("versions").get(1).path("snapshot_id").asLong()).isEqualTo(snapshot);
        assertThat(model.path("versions").get(1).path("labels_snapshot_id").asLong())
                .isEqualTo(labels);
        assertThat(model.path("versions").get(1).path("metrics"))
                .isEqualTo(model.path("versions").get(0).path("metrics"));
        for (int i = 0; i < 300; i++) {
            Map<String, Object> row = CreditExamples.features(i * 101);
            assertThat(yes(2, row)).as("row %d", i).isEqualTo(yes(1, row));
        }
    }

    @Test
    @Order(3)
    void aWeakTrainerIsRejectedByTheGateWithItsEvidence() throws Exception {
        Processes.Result r = train("--algorithm", "cart", "--param", "max-depth=1");

        assertThat(r.exitCode()).as(r.output()).isEqualTo(1);
        assertThat(r.output()).contains("REJECTED", "not-worse-than-champion");
        assertThat(models().path("versions")).hasSize(2);
    }

    @Test
    @Order(4)
    void tenDuplicateAlertmanagerNotificationsStartExactlyOneRun() throws Exception {
        awaitNoRunInFlight();
        Instant lastStart = runs().stream()
                .map(r -> r.path("started_at").asText(null))
                .filter(java.util.Objects::nonNull)
                .map(Instant::parse)
                .max(Instant::compareTo)
                .orElseThrow();
        await("the 2 s cooldown after the last run started")
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> Instant.now().isAfter(lastStart.plusSeconds(2)));
        String payload =
                """
                {"version": "4", "status": "firing", "receiver": "mlcycle", "groupKey": "{}:{alertname=\\"AucDropped\\"}",
                 "alerts": [{"status": "firing", "fingerprint": "f00d", "startsAt": "%s",
                             "labels": {"alertname": "AucDropped", "model": "credit-default", "severity": "critical"},
                             "annotations": {"summary": "ROC-AUC of credit-default fell below 0.7"}}]}
                """
                        .formatted(Instant.now().toString());
        for (int i = 0; i < 10; i++) {
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(URI.create(trainingUrl + "/alertmanager"))
                            .header("Authorization", "Bearer " + token())
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(payload))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        }

        await("one run from the alerts, nine coalesced")
                .atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    List<JsonNode> fromAlerts = runs().stream()
                            .filter(r -> r.path("trigger").path("kind").asText().equals("ALERTMANAGER"))
                            .toList();
                    assertThat(fromAlerts).hasSize(10);
                    assertThat(fromAlerts)
                            .filteredOn(r -> !r.path("status").asText().equals("COALESCED"))
                            .singleElement()
                            .satisfies(
                                    r -> assertThat(r.path("status").asText()).isIn("SUCCEEDED", "REJECTED"));
                });
    }

    @Test
    @Order(5)
    void aRestartRebuildsTheRegistryAndTheRunHistoryFromTheTopics() throws Exception {
        awaitNoRunInFlight();
        JsonNode before = JSON.readTree(get("/models/" + MODEL));
        int runsBefore = runs().size();

        training.kill9();
        training.start().awaitReady(Duration.ofSeconds(120));

        assertThat(JSON.readTree(get("/models/" + MODEL))).isEqualTo(before);
        assertThat(runs()).hasSize(runsBefore);
        Processes.Result models = Processes.mlcycle(
                Duration.ofSeconds(60), "models", "--bootstrap", bootstrap, "--model", MODEL, "--json");
        assertThat(JSON.readTree(models.output()).path("aliases")).isEqualTo(before.path("aliases"));
    }

    @Test
    @Order(6)
    void aSnapshotOfBadDataFailsTheRunWithAReport() throws Exception {
        int versions = models().path("versions").size();
        // Every event of a second stream has income or months_employed nulled: a third of all income values
        // missing, over the 30 % this test allows.
        generate(200_000, 6, "nulls=1.0");

        // At once, as a user would: the run waits for ingest to land what is on the topics, then reads it.
        Processes.Result r = train();

        assertThat(r.exitCode()).as(r.output()).isEqualTo(1);
        assertThat(r.output()).contains("FAILED", "income", "missing", "at most 30.00% allowed");
        assertThat(models().path("versions")).hasSize(versions);
    }

    // ---- helpers ----

    private static void generate(int events, long seed, String faults) {
        List<String> args = new ArrayList<>(List.of(
                "generate",
                "--bootstrap",
                bootstrap,
                "--data-dir",
                dataDir.toString(),
                "--events",
                Integer.toString(events),
                "--seed",
                Long.toString(seed)));
        if (faults != null) {
            args.addAll(List.of("--faults", faults));
        }
        Processes.Result r = Processes.mlcycle(Duration.ofMinutes(5), args.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.output()).isZero();
        ChildLogs.step("generated %,d events, seed %d, faults %s", events, seed, faults);
    }

    private static void awaitLanded(long events) {
        await("ingest to land " + events + " events and labels")
                .atMost(Duration.ofMinutes(4))
                .pollInterval(Duration.ofSeconds(1))
                .until(() ->
                        lake.table("credit", "events").map(LakeCli.Table::rows).orElse(0L) == events
                                && lake.table("credit", "labels")
                                                .map(LakeCli.Table::rows)
                                                .orElse(0L)
                                        == events);
    }

    private static Processes.Result train(String... extra) {
        List<String> args = new ArrayList<>(
                List.of("train", "--model", MODEL, "--training-url", trainingUrl, "--data-dir", dataDir.toString()));
        args.addAll(List.of(extra));
        Processes.Result r = Processes.mlcycle(Duration.ofMinutes(8), args.toArray(String[]::new));
        ChildLogs.step("mlcycle %s -> %d", String.join(" ", args), r.exitCode());
        return r;
    }

    private static JsonNode models() throws Exception {
        return JSON.readTree(get("/models/" + MODEL));
    }

    private static List<JsonNode> runs() throws Exception {
        List<JsonNode> out = new ArrayList<>();
        JSON.readTree(get("/training/runs?limit=1000&model=" + MODEL))
                .path("runs")
                .forEach(out::add);
        return out;
    }

    private static void awaitNoRunInFlight() {
        await("no run of " + MODEL + " in flight")
                .atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(500))
                .until(() ->
                        runs().stream().noneMatch(r -> r.path("status").asText().matches("QUEUED|RUNNING")));
    }

    private static String get(String path) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(trainingUrl + path)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode())
                .as("GET %s: %s", path, response.body())
                .isEqualTo(200);
        return response.body();
    }

    private static String token() throws Exception {
        return Files.readString(dataDir.resolve("admin-token")).trim();
    }

    private static double yes(int version, Map<String, Object> row) throws Exception {
        Path bundle = dataDir.resolve("registry").resolve(MODEL).resolve(Integer.toString(version));
        FeatureEncoder encoder =
                FeatureEncoder.of(EncoderState.fromJson(Files.readString(bundle.resolve("encoder.json"))));
        @SuppressWarnings("unchecked")
        Model<Label> model = (Model<Label>) Model.deserializeFromFile(bundle.resolve("model.tribuo"));
        return model.predict(encoder.example(row, new LabelFactory().getUnknownOutput()))
                .getOutputScores()
                .get("yes")
                .getScore();
    }
}
