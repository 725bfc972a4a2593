package dev.mlcycle.monitoring.webhook;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mlcycle.contracts.Topics;
import dev.mlcycle.contracts.json.Codecs;
import dev.mlcycle.contracts.record.Alert;
import dev.mlcycle.testkit.LocalKafkaTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * The service with {@code monitoring.webhooks.urls} set: it creates the secret file, starts delivering what lands on
 * {@code mlcycle.alerts} (a receiver that starts late still gets it), signed with that secret, and counts it in
 * {@code /q/metrics}.
 */
@QuarkusTest
@QuarkusTestResource(LocalKafkaTestResource.class)
@TestProfile(WebhookNotifierTest.WithReceiver.class)
class WebhookNotifierTest {
    /**
     * One receiver, short backoffs, a fresh secret file. (The profile is loaded apart from the test's class loader:
     * the test reads the port and the file back from the configuration.)
     */
    public static class WithReceiver implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "monitoring.webhooks.urls", "http://127.0.0.1:" + freePort() + "/hook",
                    "monitoring.webhooks.secret-file",
                            Path.of("target", "test-data", "webhook-secret-" + UUID.randomUUID())
                                    .toString(),
                    "monitoring.webhooks.initial-backoff", "50ms",
                    "monitoring.webhooks.max-backoff", "200ms",
                    "monitoring.webhooks.max-attempts", "400");
        }
    }

    @Test
    void deliversAnAlertOnTheAlertsTopicSignedWithTheSecretFileItCreated() throws Exception {
        var config = ConfigProvider.getConfig();
        Path secretFile = Path.of(config.getValue("monitoring.webhooks.secret-file", String.class));
        int port = java.net
                .URI
                .create(config.getValue("monitoring.webhooks.urls", String.class))
                .getPort();
        assertThat(Files.readString(secretFile).trim()).isNotEmpty();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secretFile)))
                .isEqualTo("rw-------");
        Alert alert = Alert.firing(
                "notifier-" + UUID.randomUUID(),
                Alert.AlertKind.PREDICTION_DRIFT,
                Alert.Severity.CRITICAL,
                "credit-default",
                2,
                "credit",
                "the predicted default rate moved",
                List.of(),
                null,
                Alert.SOURCE_MONITORING,
                Instant.parse("2026-12-07T12:00:00Z"),
                Map.of("js_distance_bits", 0.2));
        String bootstrap = config.getValue("kafka.bootstrap.servers", String.class);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()))) {
            producer.send(new ProducerRecord<>(
                            Topics.ALERTS,
                            alert.alertId().getBytes(StandardCharsets.UTF_8),
                            Codecs.ALERT.encode(alert)))
                    .get(10, TimeUnit.SECONDS);
        }

        try (Receiver receiver = Receiver.start(port, r -> 204)) { // comes up after the alert was written
            await().atMost(Duration.ofSeconds(25))
                    .until(() -> !receiver.of(alert.deliveryKey()).isEmpty());
            Receiver.Request r = receiver.of(alert.deliveryKey()).get(0);
            byte[] secret = Files.readString(secretFile).trim().getBytes(StandardCharsets.UTF_8);
            assertThat(r.signature())
                    .isEqualTo(WebhookSignatureTest.independent(secret, Long.parseLong(r.timestamp()), r.body()));
            assertThat(Codecs.ALERT.decode(r.body(), "body")).isEqualTo(alert);
            // still inside: the receiver has the request before its answer reaches the dispatcher, which counts it
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(given().get("/q/metrics")
                            .then()
                            .statusCode(200)
                            .extract()
                            .asString())
                    .contains("mlcycle_monitoring_webhook_deliveries_total{outcome=\"delivered\"}")
                    .contains("mlcycle_monitoring_webhook_pending"));
        }
    }

    private static int freePort() {
        try {
            return Receiver.freePort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
