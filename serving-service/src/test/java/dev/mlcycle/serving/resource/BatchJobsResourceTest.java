package dev.mlcycle.serving.resource;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.mlcycle.testkit.LocalKafkaTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The batch jobs API's mapping and guard: the admin token, bad bodies, unknown models and jobs. */
@QuarkusTest
@QuarkusTestResource(LocalKafkaTestResource.class)
class BatchJobsResourceTest {
    private static final String ADMIN = "Bearer test-admin-token";

    @Test
    void refusesAJobWithoutTheAdminToken() {
        given().contentType("application/json")
                .body("{\"model\":\"credit-default\"}")
                .post("/v2/batch/jobs")
                .then()
                .statusCode(401)
                .body("error", containsString("needs the admin token"));
        given().header("Authorization", "Bearer wrong")
                .get("/v2/batch/jobs")
                .then()
                .statusCode(401);
    }

    @Test
    void refusesABodyWithoutAModelOrWithABadWindow() {
        given().header("Authorization", ADMIN)
                .contentType("application/json")
                .body("{\"version\":2}")
                .post("/v2/batch/jobs")
                .then()
                .statusCode(400)
                .body("error", equalTo("field \"model\": expected a string, got none"));
        given().header("Authorization", ADMIN)
                .contentType("application/json")
                .body("{\"model\":\"m\",\"from\":\"2026-01-02T00:00:00Z\",\"to\":\"2026-01-01T00:00:00Z\"}")
                .post("/v2/batch/jobs")
                .then()
                .statusCode(400)
                .body("error", containsString("expected from before to"));
    }

    @Test
    void answersNotFoundForAnUnknownModelAndJob() {
        given().header("Authorization", ADMIN)
                .contentType("application/json")
                .body("{\"model\":\"no-such-model-here\"}")
                .post("/v2/batch/jobs")
                .then()
                .statusCode(404)
                .body("reason", equalTo("MODEL_NOT_FOUND"));
        given().header("Authorization", ADMIN)
                .get("/v2/batch/jobs/score-nothing-v1-000000000000")
                .then()
                .statusCode(404)
                .body("error", containsString("no batch job \"score-nothing-v1-000000000000\""));
        given().header("Authorization", ADMIN).get("/v2/batch/jobs").then().statusCode(200);
    }
}
