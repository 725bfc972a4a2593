package dev.mlcycle.ingest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The service starts without a broker, stays live, and says it is not ready. */
@QuarkusTest
@TestProfile(IngestReadinessWithoutBrokerTest.NoBroker.class)
class IngestReadinessWithoutBrokerTest {
    private static final String KAFKA_CHECK = "Kafka connection health check";

    /** A bootstrap address where nothing listens, and no shared broker. */
    public static class NoBroker implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "kafka.bootstrap.servers", "127.0.0.1:" + unusedPort(),
                    "kafka.request.timeout.ms", "1000",
                    "kafka.default.api.timeout.ms", "1000");
        }

        @Override
        public boolean disableGlobalTestResources() {
            return true;
        }
    }

    @Test
    void readinessIsDownWhileLivenessIsUp() {
        given().when()
                .get("/q/health/ready")
                .then()
                .statusCode(503)
                .body("status", is("DOWN"))
                .body("checks.find { it.name == '" + KAFKA_CHECK + "' }.status", is("DOWN"));
        given().when().get("/q/health/live").then().statusCode(200).body("status", is("UP"));
    }

    private static int unusedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
