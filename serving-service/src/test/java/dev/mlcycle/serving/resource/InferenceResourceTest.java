package dev.mlcycle.serving.resource;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlcycle.contracts.record.ModelRecord;
import dev.mlcycle.registry.Registry;
import dev.mlcycle.registry.topic.RegistryOptions;
import dev.mlcycle.serving.model.Outputs;
import dev.mlcycle.serving.model.ServedModel;
import dev.mlcycle.serving.testing.TrainedModels;
import dev.mlcycle.testkit.LocalKafkaTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The Open Inference Protocol surface of the running service on the real broker: a model registered through a real
 * {@link Registry} into the service's data directory is loaded from the registry topic and answers what its bundle
 * gives offline; metadata, readiness and errors follow the protocol.
 */
@QuarkusTest
@QuarkusTestResource(LocalKafkaTestResource.class)
class InferenceResourceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MODEL = "oip-" + UUID.randomUUID().toString().substring(0, 8);
    private static ModelRecord registered;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "serving.data-dir")
    Path dataDir;

    private synchronized ModelRecord registered() {
        if (registered == null) {
            try (Registry registry = registry()) {
                registered = TrainedModels.register(
                        registry,
                        MODEL,
                        TrainedModels.credit(1, 2_000),
                        new TrainedModels.Params(1, 0.5, 1),
                        ModelRecord.CHAMPION);
            }
            await("the service to load " + MODEL)
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> given().get("/v2/models/" + MODEL + "/ready").statusCode() == 200);
        }
        return registered;
    }

    private Registry registry() {
        return Registry.open(
                bootstrap,
                dataDir.resolve("registry"),
                RegistryOptions.defaults().withTransactionalId("tx-" + MODEL).withTimeout(Duration.ofSeconds(30)));
    }

    @Test
    void inferAnswersWhatTheBundleGivesOffline() throws Exception {
        registered();
        TrainedModels.Rows rows = TrainedModels.credit(7, 50);

        Response response = given().contentType("application/json")
                .body(JSON.writeValueAsBytes(request("r-7", rows)))
                .post("/v2/models/" + MODEL + "/infer");

        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.asByteArray());
        assertThat(body.path("id").asText()).isEqualTo("r-7");
        assertThat(body.path("model_version").asText()).isEqualTo("1");
        assertThat(body.path("parameters").path("variant").asText()).isEqualTo("champion");
        Outputs offline;
        try (Registry registry = registry()) {
            ServedModel model = TrainedModels.offline(registry, MODEL, 1);
            offline = model.predict(TrainedModels.frame(rows.features()));
        }
        JsonNode labels = output(body, "label").path("data");
        JsonNode probabilities = output(body, "probabilities").path("data");
        for (int r = 0; r < rows.size(); r++) {
            assertThat(labels.get(r).asText()).isEqualTo(offline.labels()[r]);
            for (int c = 0; c < 2; c++) {
                double got = probabilities.isArray() && probabilities.get(0).isArray()
                        ? probabilities.get(r).get(c).asDouble()
                        : probabilities.get(r * 2 + c).asDouble();
                assertThat(got).isCloseTo(offline.probabilities()[r][c], org.assertj.core.data.Offset.offset(1e-9));
            }
        }
    }

    @Test
    void metadataListsTheInputsClassesAndAliases() {
        registered();

        Response response = given().get("/v2/models/" + MODEL);

        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        assertThat(response.asString()).contains("\"income\"", "\"event_id\"", "\"yes\"", "champion");
        given().get("/v2").then().statusCode(200).body(containsString("binary_tensor_data"));
        given().get("/v2/health/live").then().statusCode(200);
        given().get("/v2/health/ready").then().statusCode(200);
        given().get("/v2/models/" + MODEL + "/versions/1/ready").then().statusCode(200);
    }

    @Test
    void unknownModelsAndVersionsAre404WithAnError() {
        registered();

        given().get("/v2/models/no-such-model").then().statusCode(404).body("error", containsString("no-such-model"));
        given().contentType("application/json")
                .body("{}")
                .post("/v2/models/no-such-model/infer")
                .then()
                .statusCode(404);
        given().get("/v2/models/" + MODEL + "/versions/9")
                .then()
                .statusCode(404)
                .body("error", containsString("9"));
        given().get("/v2/models/" + MODEL + "/versions/x/ready").then().statusCode(404);
    }

    @Test
    void badInputIs400NamingTheInputAndRow() throws Exception {
        registered();
        ObjectNode request = request("bad", TrainedModels.credit(8, 3));
        ((ArrayNode) findInput(request, "region").path("data")).set(2, "atlantis");

        given().contentType("application/json")
                .body(JSON.writeValueAsBytes(request))
                .post("/v2/models/" + MODEL + "/infer")
                .then()
                .statusCode(400)
                .body("error", containsString("region"))
                .body("error", containsString("atlantis"));
        given().contentType("application/json")
                .body("{\"inputs\": [")
                .post("/v2/models/" + MODEL + "/infer")
                .then()
                .statusCode(400);
        given().contentType("application/json")
                .header("Request-Timeout", "soon")
                .body(JSON.writeValueAsBytes(request("t", TrainedModels.credit(8, 1))))
                .post("/v2/models/" + MODEL + "/infer")
                .then()
                .statusCode(400)
                .body("error", containsString("Request-Timeout"));
    }

    @Test
    void aBodyOverTheLimitIs413WithAnError() {
        registered();

        given().contentType("application/json")
                .body("{\"id\": \"" + "x".repeat(300 * 1024) + "\"}")
                .post("/v2/models/" + MODEL + "/infer")
                .then()
                .statusCode(413)
                .body("error", containsString("serving.http.max-body-size"));
    }

    @Test
    void theRepositoryIndexSaysWhatIsServed() {
        registered();

        given().get("/v2/models")
                .then()
                .statusCode(200)
                .body("ready", equalTo(true))
                .body(containsString(MODEL));
    }

    static ObjectNode request(String id, TrainedModels.Rows rows) {
        ObjectNode request = JSON.createObjectNode();
        request.put("id", id);
        ArrayNode inputs = request.putArray("inputs");
        for (var f : TrainedModels.CREDIT.features()) {
            ObjectNode input = inputs.addObject();
            input.put("name", f.name());
            input.putArray("shape").add(rows.size());
            input.put(
                    "datatype",
                    switch (f.type()) {
                        case NUMERIC -> "FP64";
                        case INTEGER -> "INT64";
                        case BOOLEAN -> "BOOL";
                        case CATEGORICAL -> "BYTES";
                    });
            ArrayNode data = input.putArray("data");
            for (Map<String, Object> row : rows.features()) {
                data.add(JSON.valueToTree(row.get(f.name())));
            }
        }
        return request;
    }

    static JsonNode findInput(ObjectNode request, String name) {
        for (JsonNode i : request.path("inputs")) {
            if (i.path("name").asText().equals(name)) {
                return i;
            }
        }
        throw new AssertionError(name);
    }

    static JsonNode output(JsonNode response, String name) {
        for (JsonNode o : response.path("outputs")) {
            if (o.path("name").asText().equals(name)) {
                return o;
            }
        }
        throw new AssertionError("no output " + name + " in " + response);
    }

    static List<String> names() {
        return TrainedModels.CREDIT.featureNames();
    }
}
