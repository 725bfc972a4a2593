package dev.mlcycle.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.contracts.json.Json;
import java.net.URI;
import org.junit.jupiter.api.Test;

class TrainingClientTest {
    static final TrainingClient CLIENT =
            new TrainingClient(URI.create("http://127.0.0.1:8082"), new AdminToken("t", "/data/admin-token"), "alice");

    static JsonNode json(String s) throws Exception {
        return Json.mapper().readTree(s);
    }

    @Test
    void baseUrlIsTheFlagElseTheEnvironmentElseTheLocalDefault() {
        assertThat(TrainingClient.baseUrl(null, null)).hasToString("http://127.0.0.1:8082");
        assertThat(TrainingClient.baseUrl(null, " ")).hasToString("http://127.0.0.1:8082");
        assertThat(TrainingClient.baseUrl(null, "http://train:9000/")).hasToString("http://train:9000");
        assertThat(TrainingClient.baseUrl("https://t.example.com/api//", "http://train:9000"))
                .hasToString("https://t.example.com/api");
    }

    @Test
    void refusesABaseUrlThatIsNotHttpWithAHost() {
        for (String bad : new String[] {"", "127.0.0.1:8082", "ftp://x", "http://", "http://x?y=1", "not a url"}) {
            assertThatThrownBy(() -> TrainingClient.baseUrl(bad, null))
                    .isInstanceOfSatisfying(
                            MlcycleException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_ARGUMENT))
                    .hasMessage(
                            "--training-url: expected an http(s) URL like http://127.0.0.1:8082, got \"" + bad + "\"");
        }
        assertThatThrownBy(() -> TrainingClient.baseUrl(null, "localhost"))
                .hasMessageStartingWith("MLCYCLE_TRAINING_URL: expected an http(s) URL");
    }

    @Test
    void theActorIsUserElseTheJvmsUserName() {
        assertThat(TrainingClient.actor("alice")).isEqualTo("alice");
        assertThat(TrainingClient.actor(" ")).isEqualTo(System.getProperty("user.name"));
        assertThat(TrainingClient.actor(null)).isEqualTo(System.getProperty("user.name"));
    }

    @Test
    void encodesPathSegments() {
        assertThat(TrainingClient.segment("credit-default")).isEqualTo("credit-default");
        assertThat(TrainingClient.segment("a b/c?d")).isEqualTo("a%20b%2Fc%3Fd");
    }

    @Test
    void anErrorAnswerCarriesTheServicesReasonAndMessage() throws Exception {
        MlcycleException e = CLIENT.refused(
                "POST",
                "/training/runs",
                409,
                json("{\"reason\":\"CONFLICT\",\"message\":\"model m is already training in run r-1\"}"),
                null);
        assertThat(e.reason()).isEqualTo(Reason.CONFLICT);
        assertThat(e).hasMessage("model m is already training in run r-1");
        assertThat(CLIENT.refused(
                                "GET",
                                "/models/x",
                                404,
                                json("{\"reason\":\"MODEL_NOT_FOUND\",\"message\":\"no x\"}"),
                                null)
                        .reason())
                .isEqualTo(Reason.MODEL_NOT_FOUND);
    }

    @Test
    void aRefusedTokenSaysWhereTheSentTokenCameFrom() throws Exception {
        MlcycleException e = CLIENT.refused(
                "POST",
                "/models/m/promote",
                401,
                json("{\"reason\":\"UNAUTHORIZED\",\"message\":\"the bearer token is not the admin token\"}"),
                null);
        assertThat(e.reason()).isEqualTo(Reason.UNAUTHORIZED);
        assertThat(e)
                .hasMessage("the bearer token is not the admin token (the token sent came from /data/admin-token)");
    }

    @Test
    void anAnswerWithoutTheErrorBodyFallsBackToItsStatus() {
        MlcycleException e = CLIENT.refused("GET", "/nope", 404, null, "<html>Not Found</html>\n");
        assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND);
        assertThat(e)
                .hasMessage("training-service at http://127.0.0.1:8082 answered GET /nope with HTTP 404: <html>Not"
                        + " Found</html>");
        assertThat(CLIENT.refused("GET", "/x", 503, null, "").reason()).isEqualTo(Reason.UNAVAILABLE);
        assertThat(CLIENT.refused("GET", "/x", 400, null, "").reason()).isEqualTo(Reason.INVALID_ARGUMENT);
        assertThat(CLIENT.refused("GET", "/x", 500, null, "").reason()).isEqualTo(Reason.INTERNAL);
    }

    @Test
    void aReasonThisCliDoesNotKnowFallsBackToTheStatus() throws Exception {
        MlcycleException e =
                CLIENT.refused("POST", "/x", 409, json("{\"reason\":\"SOMETHING_NEW\",\"message\":\"busy\"}"), null);
        assertThat(e.reason()).isEqualTo(Reason.CONFLICT);
        assertThat(e).hasMessage("busy");
    }
}
