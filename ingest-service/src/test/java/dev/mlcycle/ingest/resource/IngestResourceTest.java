package dev.mlcycle.ingest.resource;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;

import dev.mlcycle.contracts.Topics;
import dev.mlcycle.contracts.spec.DatasetCatalog;
import dev.mlcycle.contracts.spec.DatasetSpec;
import dev.mlcycle.contracts.validation.FeatureEventCodec;
import dev.mlcycle.datagen.model.CreditExamples;
import dev.mlcycle.kafka.local.SharedLocalKafka;
import dev.mlcycle.testkit.LocalKafkaTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/** The running service ingests the credit topics: status, dead-letter inspection and metrics over HTTP. */
@QuarkusTest
@QuarkusTestResource(
        value = LocalKafkaTestResource.class,
        initArgs = @io.quarkus.test.common.ResourceArg(name = "datasets", value = "credit"))
class IngestResourceTest {

    @Test
    void ingestsCreditAndShowsStatusDeadLettersAndMetrics() throws Exception {
        DatasetSpec spec = new DatasetCatalog(Path.of("target")).load("credit");
        FeatureEventCodec codec = new FeatureEventCodec(spec);
        Properties props = new Properties();
        props.put(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedLocalKafka.get().bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        String marker = "resource-test-" + System.nanoTime();
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(props)) {
            for (int i = 0; i < 50; i++) {
                byte[] value = codec.encode(
                        CreditExamples.event(i, marker + "-" + i, "c-" + i, Instant.parse("2026-02-01T10:00:00Z")));
                p.send(new ProducerRecord<>(
                        Topics.events("credit"), ("c-" + i).getBytes(StandardCharsets.UTF_8), value));
            }
            String bad = new String(
                            codec.encode(CreditExamples.event(
                                    0, marker + "-bad", "c-x", Instant.parse("2026-02-01T10:00:00Z"))),
                            StandardCharsets.UTF_8)
                    .replace("\"north\"", "\"atlantis\"");
            p.send(new ProducerRecord<>(
                    Topics.events("credit"),
                    "c-x".getBytes(StandardCharsets.UTF_8),
                    bad.getBytes(StandardCharsets.UTF_8)));
        }

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonPath status = given().get("/ingest/status")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            org.assertj.core.api.Assertions.assertThat(
                            status.getLong("tables.find { it.table == 'events' }.records_written"))
                    .isGreaterThanOrEqualTo(50);
        });
        given().get("/ingest/status")
                .then()
                .body("tables.table", hasItems("events", "labels"))
                .body("tables.find { it.table == 'events' }.state", is("RUNNING"))
                .body("tables.find { it.table == 'events' }.topic", is("mlcycle.events.credit"));

        given().get("/ingest/dlq/credit?reason=UNKNOWN_CATEGORY")
                .then()
                .statusCode(200)
                .body("find { it.value.contains('" + marker + "-bad') }.field", is("region"))
                .body("find { it.value.contains('" + marker + "-bad') }.source_topic", is("mlcycle.events.credit"));
        given().get("/ingest/dlq/credit?reason=NOPE")
                .then()
                .statusCode(400)
                .contentType(ContentType.JSON)
                // platform/http's one mapper: "error" for Open Inference Protocol clients, reason and message too.
                .body("error", containsString("reason: expected one of"))
                .body("reason", is("INVALID_ARGUMENT"))
                .body("message", containsString("reason: expected one of"));
        given().get("/ingest/dlq/credit?limit=0").then().statusCode(400).body("message", containsString("limit"));
        given().get("/ingest/dlq/Not-A..Dataset").then().statusCode(400).body("reason", is("INVALID_ARGUMENT"));

        given().get("/q/metrics")
                .then()
                .statusCode(200)
                .body(
                        containsString(
                                "mlcycle_ingest_records_rejected_total{dataset=\"credit\",reason=\"UNKNOWN_CATEGORY\",table=\"events\"}"))
                .body(containsString("mlcycle_ingest_records_written_total{dataset=\"credit\",table=\"events\"}"))
                .body(
                        containsString(
                                "mlcycle_ingest_commit_latency_seconds_count{dataset=\"credit\",operation=\"append\",table=\"events\"}"))
                .body(containsString("mlcycle_lake_file_size_bytes"))
                .body(containsString("mlcycle_ingest_consumer_lag{dataset=\"credit\",table=\"events\"}"));
    }
}
