package dev.mlcycle.training.resource;

import static dev.mlcycle.training.RunsApi.RUN_TIMEOUT;
import static dev.mlcycle.training.RunsApi.TOKEN;
import static dev.mlcycle.training.RunsApi.finished;
import static dev.mlcycle.training.RunsApi.start;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mlcycle.contracts.Topics;
import dev.mlcycle.contracts.json.Codecs;
import dev.mlcycle.contracts.record.Alert;
import dev.mlcycle.contracts.record.LakeCommit;
import dev.mlcycle.datagen.model.CreditExamples;
import dev.mlcycle.features.EncoderState;
import dev.mlcycle.features.FeatureEncoder;
import dev.mlcycle.registry.bundle.BundleFiles;
import dev.mlcycle.testkit.LocalKafkaTestResource;
import dev.mlcycle.training.LakeFixture;
import dev.mlcycle.training.config.TrainingConfig;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.tribuo.Model;
import org.tribuo.classification.Label;

/**
 * The training loop over HTTP against a real broker and a real lake, one story in order: a first run makes
 * version 1 the champion; the same snapshot and seed give identical predictions; a weak trainer is refused by
 * the gate with its evidence; ten duplicate alerts start one run; bad data fails with a report; roll back and
 * promote are audited.
 */
@QuarkusTest
@QuarkusTestResource(LocalKafkaTestResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TrainingFlowIT {
    private static long goodSnapshot;

    @Inject
    TrainingConfig config;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private Path lake() {
        return config.dataDir().resolve("lake");
    }

    @Test
    @Order(1)
    void aManualRunMakesVersionOneTheChampion() {
        goodSnapshot = LakeFixture.land(lake(), 20_000, 42, UnaryOperator.identity());

        JsonPath run = finished(start("{\"model\": \"credit-default\"}"));

        assertThat(run.getString("status")).isEqualTo("SUCCEEDED");
        assertThat(run.getInt("registered_version")).isEqualTo(1);
        assertThat(run.getLong("snapshot_id")).isEqualTo(goodSnapshot);
        assertThat(run.getDouble("metrics.roc_auc")).isGreaterThan(0.7);
        assertThat(run.getDouble("metrics.'roc_auc.ci_low'")).isLessThan(run.getDouble("metrics.roc_auc"));
        assertThat(run.getList("offsets")).isNotEmpty();
        assertThat(run.getString("params.algorithm")).isEqualTo("logistic-regression");
        assertThat(run.getString("params.epochs")).isEqualTo("5");
        JsonPath model = given().get("/models/credit-default")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(model.getInt("aliases.champion")).isEqualTo(1);
        assertThat(model.getMap("versions[0].files"))
                .containsKeys(
                        BundleFiles.MODEL, BundleFiles.ENCODER, BundleFiles.MODEL_CARD, BundleFiles.REFERENCE_PROFILE);
    }

    @Test
    @Order(2)
    void theSameSnapshotAndSeedGiveIdenticalPredictions() throws Exception {
        JsonPath run = finished(start("{\"model\": \"credit-default\", \"snapshot_id\": " + goodSnapshot
                + ", \"seed\": 42, \"reason\": \"reproduce v1\"}"));

        assertThat(run.getString("status")).isEqualTo("SUCCEEDED");
        assertThat(run.getInt("registered_version")).isEqualTo(2);
        JsonPath first = given().get("/training/runs?model=credit-default")
                .then()
                .extract()
                .jsonPath();
        Map<String, Object> v1Metrics = first.getMap("runs.find { it.registered_version == 1 }.metrics");
        assertThat(run.getMap("metrics")).isEqualTo(v1Metrics);
        for (int i = 0; i < 500; i++) {
            Map<String, Object> row = CreditExamples.features(i * 37);
            assertThat(yes(2, row)).as("row %d", i).isEqualTo(yes(1, row));
        }
    }

    @Test
    @Order(3)
    void aWeakTrainerIsRejectedByTheGateWithItsEvidence() {
        JsonPath run = finished(
                start("{\"model\": \"credit-default\", \"algorithm\": \"cart\", \"params\": {\"max-depth\": 1}}"));

        assertThat(run.getString("status")).isEqualTo("REJECTED");
        assertThat(run.getBoolean("gate.passed")).isFalse();
        assertThat(run.getInt("gate.champion_version")).isEqualTo(2);
        Map<String, Object> check = run.getMap("gate.checks.find { it.name == 'not-worse-than-champion' }");
        assertThat(check.get("passed")).isEqualTo(false);
        assertThat(((Number) check.get("value")).doubleValue())
                .isLessThan(((Number) check.get("champion_value")).doubleValue());
        assertThat((String) check.get("detail")).contains("worse");
        assertThat((Object) run.get("registered_version")).isNull();
        assertThat(given().get("/models/credit-default")
                        .then()
                        .extract()
                        .jsonPath()
                        .getInt("aliases.champion"))
                .isEqualTo(2);
    }

    @Test
    @Order(4)
    void tenDuplicateAlertsStartExactlyOneRun() throws Exception {
        Alert alert = Alert.firing(
                "alert-dup-1",
                Alert.AlertKind.DATA_DRIFT,
                Alert.Severity.WARNING,
                "credit-alerted",
                null,
                "credit",
                "income drifted",
                List.of("income"),
                null,
                Alert.SOURCE_MONITORING,
                Instant.now(),
                Map.of("ks", 0.3));
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>(
                        Topics.ALERTS, alert.alertId().getBytes(StandardCharsets.UTF_8), Codecs.ALERT.encode(alert)));
            }
            producer.flush();
        }

        Awaitility.await().atMost(RUN_TIMEOUT).untilAsserted(() -> {
            JsonPath runs = given().get("/training/runs?model=credit-alerted")
                    .then()
                    .extract()
                    .jsonPath();
            assertThat(runs.getList("runs")).hasSize(10);
            assertThat(runs.getList("runs.findAll { it.status == 'SUCCEEDED' }"))
                    .hasSize(1);
        });
        JsonPath runs = given().get("/training/runs?model=credit-alerted")
                .then()
                .extract()
                .jsonPath();
        String ran = runs.getString("runs.find { it.status == 'SUCCEEDED' }.run_id");
        assertThat(runs.getString("runs.find { it.status == 'SUCCEEDED' }.trigger.kind"))
                .isEqualTo("ALERT");
        assertThat(runs.getList("runs.findAll { it.status == 'COALESCED' }.coalesced_into", String.class))
                .hasSize(9)
                .containsOnly(ran);
        assertThat(runs.getList("runs.find { it.status == 'SUCCEEDED' }.coalesced_triggers"))
                .hasSize(9);
    }

    @Test
    @Order(5)
    void badDataFailsTheRunWithAReportAndTrainsNothing() {
        // 20,000 good rows and 40,000 without income: two thirds missing, over the 50 % limit.
        long bad = LakeFixture.land(lake(), 40_000, 8, features -> {
            features.put("income", null);
            return features;
        });

        JsonPath run = finished(start("{\"model\": \"credit-default\", \"snapshot_id\": " + bad + "}"));

        assertThat(run.getString("status")).isEqualTo("FAILED");
        assertThat(run.getString("error")).contains("income", "missing", "at most 50.00% allowed");
        JsonPath report = given().get("/training/runs/" + run.getString("run_id") + "/report")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(report.getBoolean("passed")).isFalse();
        assertThat(report.getList("checks.findAll { !it.passed }.field")).containsExactly("income");
        assertThat(given().get("/models/credit-default")
                        .then()
                        .extract()
                        .jsonPath()
                        .getList("versions"))
                .hasSize(2);
    }

    @Test
    @Order(6)
    void rollBackAndPromoteAreAuditedAndNeedTheToken() {
        given().contentType(ContentType.JSON)
                .body("{}")
                .post("/models/credit-default/rollback")
                .then()
                .statusCode(401);

        JsonPath rolled = given().auth()
                .oauth2(TOKEN)
                .header("X-Mlcycle-Actor", "alice")
                .contentType(ContentType.JSON)
                .body("{\"reason\": \"v2 misbehaves\"}")
                .post("/models/credit-default/rollback")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(rolled.getInt("aliases.champion")).isEqualTo(1);
        Map<String, Object> audit = rolled.getMap("audit[-1]");
        assertThat(audit).containsEntry("actor", "alice").containsEntry("action", "rollback");
        assertThat(audit).containsEntry("from_version", 2).containsEntry("to_version", 1);

        JsonPath promoted = given().auth()
                .oauth2(TOKEN)
                .contentType(ContentType.JSON)
                .body("{\"version\": 2}")
                .post("/models/credit-default/promote")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(promoted.getInt("aliases.champion")).isEqualTo(2);

        given().auth()
                .oauth2(TOKEN)
                .contentType(ContentType.JSON)
                .body("{\"version\": 99}")
                .post("/models/credit-default/promote")
                .then()
                .statusCode(404);
    }

    @Test
    @Order(7)
    void refusesBadRequestsWithReasons() {
        given().auth()
                .oauth2(TOKEN)
                .contentType(ContentType.JSON)
                .body("{\"model\": \"nobody\"}")
                .post("/training/runs")
                .then()
                .statusCode(404)
                .body("message", org.hamcrest.Matchers.containsString("credit-default"));
        given().auth()
                .oauth2(TOKEN)
                .contentType(ContentType.JSON)
                .body("{\"model\": \"credit-default\", \"params\": {\"epochs\": 0}}")
                .post("/training/runs")
                .then()
                .statusCode(400)
                .body("message", org.hamcrest.Matchers.containsString("epochs"));
        given().contentType(ContentType.JSON)
                .body("{\"model\": \"credit-default\"}")
                .post("/training/runs")
                .then()
                .statusCode(401);
        given().get("/training/runs/no-such-run").then().statusCode(404);
    }

    @Test
    @Order(8)
    void enoughNewLabelledRowsStartARun() throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            for (long rows : new long[] {3_000, 2_500, 100}) {
                LakeCommit commit = new LakeCommit(
                        "credit",
                        "labels",
                        rows,
                        null,
                        LakeCommit.Operation.APPEND,
                        List.of(),
                        rows,
                        0,
                        List.of(),
                        null,
                        null,
                        Instant.now());
                producer.send(new ProducerRecord<>(
                        Topics.LAKE_COMMITS,
                        "credit".getBytes(StandardCharsets.UTF_8),
                        Codecs.LAKE_COMMIT.encode(commit)));
            }
            // Events commits do not count: the label arrives on its own topic for credit.
            LakeCommit events = new LakeCommit(
                    "credit",
                    "events",
                    9,
                    null,
                    LakeCommit.Operation.APPEND,
                    List.of(),
                    90_000,
                    0,
                    List.of(),
                    null,
                    null,
                    Instant.now());
            producer.send(new ProducerRecord<>(
                    Topics.LAKE_COMMITS, "credit".getBytes(StandardCharsets.UTF_8), Codecs.LAKE_COMMIT.encode(events)));
            producer.flush();
        }

        Awaitility.await().atMost(RUN_TIMEOUT).untilAsserted(() -> {
            JsonPath runs = given().get("/training/runs?model=credit-fresh")
                    .then()
                    .extract()
                    .jsonPath();
            assertThat(runs.getList("runs")).hasSize(1);
            assertThat(runs.getString("runs[0].trigger.kind")).isEqualTo("NEW_DATA");
            assertThat(runs.getString("runs[0].trigger.detail")).startsWith("5500 new labelled rows in credit.labels");
            // It ran on the current snapshot, which since the bad-data step holds mostly missing incomes.
            assertThat(runs.getString("runs[0].status")).isEqualTo("FAILED");
            assertThat(runs.getString("runs[0].error")).contains("income");
        });
    }

    @Test
    @Order(9)
    void aScheduleStartsRuns() {
        Awaitility.await().atMost(Duration.ofSeconds(75)).untilAsserted(() -> {
            JsonPath runs = given().get("/training/runs?model=credit-scheduled")
                    .then()
                    .extract()
                    .jsonPath();
            assertThat(runs.getList("runs.trigger.kind", String.class)).contains("SCHEDULE");
            assertThat(runs.getString("runs[0].trigger.detail")).isEqualTo("* * * * *");
        });
    }

    private KafkaProducer<byte[], byte[]> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return new KafkaProducer<>(p);
    }

    private double yes(int version, Map<String, Object> row) throws Exception {
        Path bundle =
                config.dataDir().resolve("registry").resolve("credit-default").resolve(Integer.toString(version));
        FeatureEncoder encoder =
                FeatureEncoder.of(EncoderState.fromJson(Files.readString(bundle.resolve(BundleFiles.ENCODER))));
        @SuppressWarnings("unchecked")
        Model<Label> model = (Model<Label>) Model.deserializeFromFile(bundle.resolve(BundleFiles.MODEL));
        return model.predict(encoder.example(row, new org.tribuo.classification.LabelFactory().getUnknownOutput()))
                .getOutputScores()
                .get("yes")
                .getScore();
    }
}
