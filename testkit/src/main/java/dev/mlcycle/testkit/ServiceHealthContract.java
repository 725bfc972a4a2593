package dev.mlcycle.testkit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

import org.junit.jupiter.api.Test;

/**
 * What every mlcycle service answers on health and metrics, as one test contract. A service's test
 * extends it and adds its own annotations:
 *
 * <pre>{@code
 * @QuarkusTest
 * @QuarkusTestResource(LocalKafkaTestResource.class)
 * class IngestServiceHealthTest extends ServiceHealthContract {}
 * }</pre>
 *
 * <p>Readiness includes the Kafka check against the real local broker; metrics serve the Prometheus
 * text format to a Prometheus scrape and OpenMetrics to anyone else.
 */
public abstract class ServiceHealthContract {
    private static final String KAFKA_CHECK = "Kafka connection health check";
    /** What Prometheus 2.x sends when it scrapes. */
    private static final String PROMETHEUS_SCRAPE_ACCEPT =
            "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,"
                    + "text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

    @Test
    public void readinessIsUpAndIncludesTheKafkaCheck() {
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
    public void livenessIsUp() {
        given().when().get("/q/health/live").then().statusCode(200).body("status", is("UP"));
    }

    @Test
    public void prometheusScrapeGetsTextFormatWithJvmMetrics() {
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
    public void anyClientGetsOpenMetrics() {
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
