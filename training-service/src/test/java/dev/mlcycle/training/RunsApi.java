package dev.mlcycle.training;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;

/** The training runs API as the @QuarkusTest classes drive it: start a run with the test admin token, await its end. */
public final class RunsApi {
    /** The admin token of the test profile ({@code %test.training.auth.token}). */
    public static final String TOKEN = "test-admin-token";
    /** How long a test waits for one run. */
    public static final Duration RUN_TIMEOUT = Duration.ofMinutes(4);

    private RunsApi() {}

    /** Starts a run ({@code POST /training/runs} with this body); its id. */
    public static String start(String body) {
        return given().auth()
                .oauth2(TOKEN)
                .contentType(ContentType.JSON)
                .body(body)
                .post("/training/runs")
                .then()
                .statusCode(202)
                .extract()
                .path("run_id");
    }

    /** Waits until the run has ended (neither queued nor running), then returns its record. */
    public static JsonPath finished(String runId) {
        Awaitility.await()
                .atMost(RUN_TIMEOUT)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> !List.of("QUEUED", "RUNNING")
                        .contains(given().get("/training/runs/" + runId)
                                .then()
                                .extract()
                                .path("status")));
        return given().get("/training/runs/" + runId)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }
}
