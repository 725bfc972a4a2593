package dev.mlcycle.training.resource;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import dev.mlcycle.testkit.LocalKafkaTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The Alertmanager webhook's own token and the request limits, against the real broker: the alert token raises a
 * run through the webhook and nothing else; with either token (the limits below use the admin token, which the
 * webhook has always taken), a body over {@code training.http.max-body-size} (64 KiB in tests) gets
 * 413 naming the limit; a deeply nested body or an absurd time gets an answer, never a 500. Health and metrics show
 * the trigger topics' followers.
 */
@QuarkusTest
@QuarkusTestResource(LocalKafkaTestResource.class)
class WebhookTokenIT {
    private static final String ALERT_TOKEN = "test-alert-token";
    private static final String ADMIN_TOKEN = "test-admin-token";

    @Test
    void theAlertTokenRaisesARunThroughTheWebhook() {
        String fingerprint = "fp-" + System.nanoTime();
        JsonPath answer = given().auth()
                .oauth2(ALERT_TOKEN)
                .contentType(ContentType.JSON)
                .body(payload("credit-webhook", fingerprint, Instant.now().toString()))
                .post("/alertmanager")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(answer.getList("published", String.class))
                .singleElement()
                .asString()
                .contains(fingerprint);

        Awaitility.await().atMost(Duration.ofMinutes(2)).untilAsserted(() -> {
            JsonPath runs = given().get("/training/runs?model=credit-webhook")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            assertThat(runs.getList("runs.trigger.kind", String.class)).contains("ALERTMANAGER");
            assertThat(runs.getList("runs.trigger.detail", String.class))
                    .anySatisfy(d -> assertThat(d).contains(fingerprint));
        });
    }

    @Test
    void theAlertTokenIsRefusedOnPromoteRollbackAndTrain() {
        given().auth()
                .oauth2(ALERT_TOKEN)
                .contentType(ContentType.JSON)
                .body("{\"version\": 1}")
                .post("/models/credit-default/promote")
                .then()
                .statusCode(403)
                .contentType(ContentType.JSON)
                .body("reason", is("FORBIDDEN"))
                .body("message", containsString("the alert token may only raise alerts"))
                // platform/http's one mapper: the message under "error" too, for Open Inference Protocol clients.
                .body("error", containsString("the alert token may only raise alerts"));
        given().auth()
                .oauth2(ALERT_TOKEN)
                .contentType(ContentType.JSON)
                .body("{}")
                .post("/models/credit-default/rollback")
                .then()
                .statusCode(403)
                .body("reason", is("FORBIDDEN"));
        given().auth()
                .oauth2(ALERT_TOKEN)
                .contentType(ContentType.JSON)
                .body("{\"model\": \"credit-webhook\"}")
                .post("/training/runs")
                .then()
                .statusCode(403)
                .body("reason", is("FORBIDDEN"))
                .body("message", containsString("needs the admin token"));
    }

    @Test
    void theWebhookRefusesAnUnknownTokenAndTakesTheAdminToken() {
        given().auth()
                .oauth2("not-a-token")
                .contentType(ContentType.JSON)
                .body(payload("credit-webhook", "fp-unknown", Instant.now().toString()))
                .post("/alertmanager")
                .then()
                .statusCode(401)
                .body("reason", is("UNAUTHORIZED"));
        given().auth()
                .oauth2(ADMIN_TOKEN)
                .contentType(ContentType.JSON)
                .body("{\"version\": \"4\", \"alerts\": []}")
                .post("/alertmanager")
                .then()
                .statusCode(200)
                .body("received", is(0));
    }

    @Test
    void aBodyOverTheLimitGets413NamingTheLimit() {
        String big = "{\"version\": \"4\", \"alerts\": [], \"padding\": \"" + "x".repeat(70_000) + "\"}";

        given().auth()
                .oauth2(ADMIN_TOKEN)
                .contentType(ContentType.JSON)
                .body(big)
                .post("/alertmanager")
                .then()
                .statusCode(413)
                .contentType(ContentType.JSON)
                .body("reason", is("PAYLOAD_TOO_LARGE"))
                .body("message", containsString("65536 bytes"))
                .body("message", containsString("training.http.max-body-size"));
    }

    @Test
    void aDeeplyNestedBodyGets400() {
        String bomb = "{\"version\": \"4\", \"alerts\": " + "[".repeat(5_000) + "]".repeat(5_000) + "}";

        given().auth()
                .oauth2(ADMIN_TOKEN)
                .contentType(ContentType.JSON)
                .body(bomb)
                .post("/alertmanager")
                .then()
                .statusCode(400)
                .body("reason", is("INVALID_ARGUMENT"))
                .body("message", containsString("nesting depth"));
    }

    @Test
    void anAlertStartingBeyondTheRepresentableTimeIsSkippedNotA500() {
        given().auth()
                .oauth2(ADMIN_TOKEN)
                .contentType(ContentType.JSON)
                .body(payload("credit-webhook", "fp-far", "+1000000000-12-31T23:59:59Z"))
                .post("/alertmanager")
                .then()
                .statusCode(200)
                .body("published.size()", is(0))
                .body("skipped[0].reason", containsString("startsAt"));
    }

    @Test
    void healthAndMetricsShowTheTriggerFollowers() {
        given().get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("checks.find { it.name == 'training-service started' }.status", is("UP"))
                .body("checks.find { it.name == 'training-service started' }.data.'mlcycle.alerts'", is("following"))
                .body(
                        "checks.find { it.name == 'training-service started' }.data.'mlcycle.lake.commits'",
                        is("following"))
                .body("checks.find { it.name == 'training-service started' }.data.'mlcycle.alerts.restarts'", is(0));
        String metrics = given().header("Accept", "text/plain")
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(metrics)
                .containsPattern("(?m)^mlcycle_training_follower_up\\{.*topic=\"mlcycle.alerts\".*} 1\\.0$")
                .containsPattern("(?m)^mlcycle_training_follower_up\\{.*topic=\"mlcycle.lake.commits\".*} 1\\.0$")
                .containsPattern(
                        "(?m)^mlcycle_training_follower_restarts_total\\{.*topic=\"mlcycle.alerts\".*} 0\\.0$");
    }

    private static String payload(String model, String fingerprint, String startsAt) {
        return """
                {"version": "4", "status": "firing", "receiver": "mlcycle",
                 "alerts": [{"status": "firing", "fingerprint": "%s", "startsAt": "%s",
                             "labels": {"alertname": "ModelQualityLow", "model": "%s", "severity": "warning"},
                             "annotations": {"summary": "quality dropped"}}]}
                """
                .formatted(fingerprint, startsAt, model);
    }
}
