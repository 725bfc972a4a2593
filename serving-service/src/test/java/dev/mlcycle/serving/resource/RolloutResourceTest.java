package dev.mlcycle.serving.resource;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlcycle.contracts.Topics;
import dev.mlcycle.contracts.record.ModelRecord;
import dev.mlcycle.registry.Registry;
import dev.mlcycle.registry.topic.RegistryOptions;
import dev.mlcycle.serving.testing.TrainedModels;
import dev.mlcycle.testkit.LocalKafkaTestResource;
import dev.mlcycle.topics.TopicReplay;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Canary and shadow on the running service (their rollouts are in the test profile of application.properties): a
 * canary sends about its weight of routing keys to the challenger, the same key always to the same variant; a shadow
 * answers from the champion and also logs the challenger's predictions for the same rows, with variant {@code
 * shadow}.
 */
@QuarkusTest
@QuarkusTestResource(LocalKafkaTestResource.class)
class RolloutResourceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> REGISTERED = new HashSet<>();

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "serving.data-dir")
    Path dataDir;

    private synchronized void championAndChallenger(String model) {
        if (!REGISTERED.add(model)) {
            return;
        }
        TrainedModels.Rows train = TrainedModels.credit(1, 2_000);
        try (Registry registry = Registry.open(
                bootstrap,
                dataDir.resolve("registry"),
                RegistryOptions.defaults().withTransactionalId("tx-" + model).withTimeout(Duration.ofSeconds(30)))) {
            TrainedModels.register(registry, model, train, new TrainedModels.Params(1, 0.5, 1), ModelRecord.CHAMPION);
            TrainedModels.register(
                    registry, model, train, new TrainedModels.Params(3, 0.05, 2), ModelRecord.CHALLENGER);
        }
        await("the service to load " + model + " v2 as challenger")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .until(() ->
                        given().get("/v2/models/" + model + "/versions/2/ready").statusCode() == 200);
    }

    @Test
    void aCanarySendsItsShareOfRoutingKeysToTheChallengerAndSticksToThem() throws Exception {
        String model = "canary-test";
        championAndChallenger(model);
        byte[] body = JSON.writeValueAsBytes(InferenceResourceTest.request("c", TrainedModels.credit(3, 1)));
        Map<String, String> variantOf = new HashMap<>();

        for (int k = 0; k < 200; k++) {
            variantOf.put("key-" + k, variant(model, body, "key-" + k));
        }

        long challenger =
                variantOf.values().stream().filter("challenger"::equals).count();
        assertThat(challenger).as("keys on the challenger at weight 0.5").isBetween(60L, 140L);
        for (int k = 0; k < 200; k += 7) {
            assertThat(variant(model, body, "key-" + k)).as("key-%d again", k).isEqualTo(variantOf.get("key-" + k));
        }
    }

    @Test
    void aShadowAnswersFromTheChampionAndLogsTheChallengersPredictionsToo() throws Exception {
        String model = "shadow-test";
        championAndChallenger(model);
        TrainedModels.Rows rows = TrainedModels.credit(4, 20);
        ObjectNode request = InferenceResourceTest.request("shadowed", rows);
        ObjectNode ids = ((ArrayNode) request.path("inputs")).addObject();
        ids.put("name", "event_id");
        ids.putArray("shape").add(rows.size());
        ids.put("datatype", "BYTES");
        ArrayNode data = ids.putArray("data");
        for (int r = 0; r < rows.size(); r++) {
            data.add("shadow-" + r);
        }
        ObjectNode times = ((ArrayNode) request.path("inputs")).addObject();
        times.put("name", "event_time");
        times.putArray("shape").add(rows.size());
        times.put("datatype", "BYTES");
        ArrayNode timeData = times.putArray("data");
        java.time.Instant first = java.time.Instant.parse("2026-03-02T09:58:40Z");
        for (int r = 0; r < rows.size(); r++) {
            timeData.add(first.plusSeconds(r).toString());
        }

        Response response = given().contentType("application/json")
                .body(JSON.writeValueAsBytes(request))
                .post("/v2/models/" + model + "/infer");

        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        JsonNode answer = JSON.readTree(response.asByteArray());
        assertThat(answer.path("model_version").asText()).isEqualTo("1");
        assertThat(answer.path("parameters").path("variant").asText()).isEqualTo("champion");
        await("both variants of the 20 rows on " + Topics.predictions(model))
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    List<JsonNode> logged = logged(model);
                    assertThat(logged)
                            .filteredOn(p -> p.path("variant").asText().equals("champion"))
                            .extracting(p -> p.path("version").asInt())
                            .hasSize(20)
                            .containsOnly(1);
                    assertThat(logged)
                            .filteredOn(p -> p.path("variant").asText().equals("shadow"))
                            .extracting(p -> p.path("version").asInt())
                            .hasSize(20)
                            .containsOnly(2);
                    // every logged prediction, either variant, carries its row's event time
                    assertThat(logged).allSatisfy(p -> {
                        int row = Integer.parseInt(p.path("event_id").asText().substring("shadow-".length()));
                        assertThat(p.path("event_time").asText())
                                .isEqualTo(first.plusSeconds(row).toString());
                    });
                });
    }

    private static String variant(String model, byte[] body, String key) throws Exception {
        Response response = given().contentType("application/json")
                .header("X-Mlcycle-Routing-Key", key)
                .body(body)
                .post("/v2/models/" + model + "/infer");
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        JsonNode answer = JSON.readTree(response.asByteArray());
        String variant = answer.path("parameters").path("variant").asText();
        assertThat(answer.path("model_version").asText()).isEqualTo(variant.equals("challenger") ? "2" : "1");
        return variant;
    }

    private List<JsonNode> logged(String model) throws Exception {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        List<JsonNode> out = new ArrayList<>();
        try (TopicReplay replay = TopicReplay.open(props)) {
            replay.toEnd(Topics.predictions(model), TopicReplay.Bound.within(Duration.ofSeconds(20)), r -> {
                try {
                    out.add(JSON.readTree(new String(r.value(), StandardCharsets.UTF_8)));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }
        return out;
    }
}
