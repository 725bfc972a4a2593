package dev.mlcycle.training;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

import dev.mlcycle.testkit.LocalKafkaTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(LocalKafkaTestResource.class)
class TrainingServiceHealthTest {
    private static final String KAFKA_CHECK = "Kafka connection health check";
    /** What Prometheus 2.x sends when it scrapes. */
    private static final String PROMETHEUS_SCRAPE_ACCEPT =
            "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,"
                    + "text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

    @Test
    void readinessIsUpAndIncludesTheKafkaCheck() {
        given().when()
                .get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("status", is("UP"))
                .body("checks.name", hasItem(KAFKA_CHECK))
                .body("checks.find { it.name == '" + KAFKA_CHECK + "' }.status", is("UP"))
                .body("checks.find { it.name == '" + KAFKA_CHECK + "' }.data.nodes", startsWith("127.0.0.1:"));
    }

    @Test
    void livenessIsUp() {
        given().when().get("/q/health/live").then().statusCode(200).body("status", is("UP"));
    }

    @Test
    void prometheusScrapeGetsTextFormatWithJvmMetrics() {
        String body = given().header("Accept", PROMETHEUS_SCRAPE_ACCEPT)
                .when()
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .contentType(startsWith("text/plain; version=0.0.4"))
                .extract()
                .asString();

        assertThat(body)
                .contains("# TYPE jvm_memory_used_bytes gauge")
                .containsPattern("(?m)^jvm_threads_live_threads(\\{.*})? \\d");
    }

    @Test
    void anyClientGetsOpenMetrics() {
        String body = given().header("Accept", "*/*")
                .when()
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .contentType(startsWith("application/openmetrics-text"))
                .extract()
                .asString();

        assertThat(body).contains("# TYPE jvm_memory_used_bytes gauge").endsWith("# EOF\n");
    }
}
