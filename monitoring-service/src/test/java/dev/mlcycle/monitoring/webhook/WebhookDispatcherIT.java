package dev.mlcycle.monitoring.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mlcycle.contracts.json.Codecs;
import dev.mlcycle.contracts.record.Alert;
import dev.mlcycle.kafka.local.junit.Bootstrap;
import dev.mlcycle.kafka.local.junit.WithLocalKafka;
import dev.mlcycle.monitoring.webhook.WebhookDelivery.Outcome;
import dev.mlcycle.topics.TopicReplay;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * The dispatcher against the real broker and real HTTP receivers: receivers that are down, lose acknowledgements,
 * refuse, or come back after a restart of the dispatcher. Each test has its own alerts topic, deliveries topic and
 * group.
 */
@WithLocalKafka
class WebhookDispatcherIT {
    static final String SECRET = "it-webhook-secret";
    static final Duration LIMIT = Duration.ofSeconds(25);
    /** Short backoffs: 50 ms doubling to 400 ms, many attempts. */
    static final RetryPolicy PATIENT = new RetryPolicy(200, Duration.ofMillis(50), Duration.ofMillis(400));

    static Alert firing(int i) {
        return Alert.firing(
                "alert-" + i,
                Alert.AlertKind.DATA_DRIFT,
                Alert.Severity.WARNING,
                "credit-default",
                1,
                "credit",
                "income drifted in window " + i,
                List.of("income"),
                "report-" + i,
                Alert.SOURCE_MONITORING,
                Instant.parse("2026-12-07T12:00:00Z").plusSeconds(i),
                Map.of("ks_d", 0.1 + i / 100.0));
    }

    static Alert resolved(int i) {
        return firing(i)
                .resolved(
                        Instant.parse("2026-12-07T13:00:00Z").plusSeconds(i),
                        "income is back within bounds",
                        "report-r" + i,
                        Map.of("ks_d", 0.01));
    }

    static String key(Alert a) {
        return a.deliveryKey();
    }

    /** Topics, group, producer and the dispatchers and receivers of one test. */
    static final class Fixture implements AutoCloseable {
        final String bootstrap;
        final String id = UUID.randomUUID().toString().substring(0, 8);
        final String alerts = "it-webhooks-alerts-" + id;
        final String deliveries = "it-webhooks-deliveries-" + id;
        final String group = "it-webhooks-" + id;
        final Admin admin;
        final KafkaProducer<byte[], byte[]> producer;
        final List<WebhookDispatcher> dispatchers = new ArrayList<>();
        final List<Receiver> receivers = new ArrayList<>();

        Fixture(String bootstrap) throws Exception {
            this.bootstrap = bootstrap;
            this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
            admin.createTopics(List.of(new NewTopic(alerts, Optional.of(1), Optional.empty())))
                    .all()
                    .get(10, TimeUnit.SECONDS);
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
            p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
            this.producer = new KafkaProducer<>(p);
        }

        void write(Alert... alertsToWrite) throws Exception {
            for (Alert a : alertsToWrite) {
                writeRaw(a.alertId(), Codecs.ALERT.encode(a));
            }
        }

        void writeRaw(String key, byte[] value) throws Exception {
            producer.send(new ProducerRecord<>(alerts, key.getBytes(StandardCharsets.UTF_8), value))
                    .get(10, TimeUnit.SECONDS);
        }

        WebhookDispatcher start(SimpleMeterRegistry meters, RetryPolicy retry, URI... urls) {
            WebhookOptions o = WebhookOptions.of(List.of(urls), SECRET, Duration.ofSeconds(2), retry)
                    .on(alerts, deliveries, group);
            WebhookDispatcher d =
                    WebhookDispatcher.start(bootstrap, o, Clock.systemUTC(), new Random(7), new WebhookMetrics(meters));
            dispatchers.add(d);
            await().atMost(LIMIT).until(d::started);
            return d;
        }

        Receiver receiver(int port, java.util.function.Function<Receiver.Request, Integer> answer) throws Exception {
            Receiver r = Receiver.start(port, answer);
            receivers.add(r);
            return r;
        }

        /** Every record on the deliveries topic, in order. */
        List<WebhookDelivery> deliveries() {
            Properties p = new Properties();
            p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
            p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
            List<WebhookDelivery> all = new ArrayList<>();
            try (TopicReplay replay = TopicReplay.open(p)) {
                replay.toEnd(
                        deliveries,
                        TopicReplay.Bound.within(Duration.ofSeconds(10)),
                        r -> all.add(WebhookDelivery.CODEC.decode(r.value(), deliveries)));
            }
            return all;
        }

        /** The group's committed offset on the alerts topic, -1 when none. */
        long committed() throws Exception {
            OffsetAndMetadata om = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get(10, TimeUnit.SECONDS)
                    .get(new TopicPartition(alerts, 0));
            return om == null ? -1 : om.offset();
        }

        @Override
        public void close() {
            dispatchers.forEach(WebhookDispatcher::close);
            receivers.forEach(Receiver::close);
            producer.close();
            admin.close();
        }
    }

    static URI hook(int port) {
        return URI.create("http://127.0.0.1:" + port + "/hook");
    }

    static double count(SimpleMeterRegistry meters, String name, String tag, String value) {
        Counter c = meters.find(name).tag(tag, value).counter();
        return c == null ? 0 : c.count();
    }

    /** Signed as documented (checked by an independent HMAC), keyed by its alert, JSON, fresh. */
    static void assertSignedAndKeyed(Receiver.Request r) throws Exception {
        assertThat(r.contentType()).isEqualTo("application/json");
        assertThat(r.idempotencyKey()).isEqualTo(r.deliveryKey());
        long ts = Long.parseLong(r.timestamp());
        assertThat(Math.abs(Instant.now().getEpochSecond() - ts)).isLessThanOrEqualTo(300);
        assertThat(r.signature())
                .isEqualTo(WebhookSignatureTest.independent(SECRET.getBytes(StandardCharsets.UTF_8), ts, r.body()));
        assertThat(r.signature())
                .isNotEqualTo(WebhookSignatureTest.independent(
                        "not-the-secret".getBytes(StandardCharsets.UTF_8), ts, r.body()));
        Alert a = Codecs.ALERT.decode(r.body(), "request body");
        assertThat(a.deliveryKey()).isEqualTo(r.deliveryKey());
    }

    @Test
    void receiverDownForSeveralBackoffsGetsEveryAlertAndResolutionAfterwardsInOrder(@Bootstrap String bootstrap)
            throws Exception {
        try (Fixture f = new Fixture(bootstrap)) {
            int port = Receiver.freePort();
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            f.start(meters, PATIENT, hook(port));
            List<Alert> written =
                    List.of(firing(0), firing(1), firing(2), resolved(1), firing(3), firing(4), resolved(3));
            f.write(written.toArray(Alert[]::new));

            await().atMost(LIMIT).until(() -> count(meters, WebhookMetrics.ATTEMPTS, "result", "retry") >= 6);
            assertThat(meters.get(WebhookMetrics.PENDING).gauge().value()).isEqualTo(7.0);

            Receiver receiver = f.receiver(port, r -> 200);
            await().atMost(LIMIT).until(() -> receiver.acknowledged().size() >= 7);

            assertThat(receiver.acknowledged())
                    .containsExactlyElementsOf(
                            written.stream().map(WebhookDispatcherIT::key).toList());
            for (Receiver.Request r : receiver.requests) {
                assertSignedAndKeyed(r);
            }
            assertThat(receiver.requests).hasSize(7);
            await().atMost(LIMIT).until(() -> f.committed() == 7);
            List<WebhookDelivery> recorded = f.deliveries();
            assertThat(recorded).extracting(WebhookDelivery::outcome).containsOnly(Outcome.DELIVERED);
            assertThat(recorded)
                    .extracting(WebhookDelivery::deliveryKey)
                    .containsExactlyElementsOf(
                            written.stream().map(WebhookDispatcherIT::key).toList());
            assertThat(recorded.get(0).attempts()).isGreaterThan(6);
            assertThat(count(meters, WebhookMetrics.DELIVERIES, "outcome", "delivered"))
                    .isEqualTo(7);
            assertThat(meters.get(WebhookMetrics.PENDING).gauge().value()).isZero();
        }
    }

    @Test
    void lostAcknowledgementIsRepeatedWithTheSameKeyAndBodySoADeduplicatingReceiverSeesEachOnce(
            @Bootstrap String bootstrap) throws Exception {
        try (Fixture f = new Fixture(bootstrap)) {
            int port = Receiver.freePort();
            List<String> processed = new ArrayList<>();
            Set<String> seen = ConcurrentHashMap.newKeySet();
            Receiver receiver = f.receiver(port, r -> {
                if (seen.add(r.idempotencyKey())) {
                    synchronized (processed) {
                        processed.add(r.idempotencyKey());
                    }
                    return Receiver.DROP; // processed, but the acknowledgement never reaches the sender
                }
                return 200; // a repeat of a key already processed: acknowledged, not processed again
            });
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            f.start(meters, PATIENT, hook(port));
            List<Alert> written = List.of(firing(0), firing(1), resolved(0), firing(2), resolved(2));
            f.write(written.toArray(Alert[]::new));

            await().atMost(LIMIT).until(() -> receiver.acknowledged().size() >= 5);

            List<String> keys = written.stream().map(WebhookDispatcherIT::key).toList();
            synchronized (processed) {
                assertThat(processed).containsExactlyElementsOf(keys);
            }
            Map<String, Set<String>> bodiesByKey = new HashMap<>();
            for (Receiver.Request r : receiver.requests) {
                assertSignedAndKeyed(r);
                bodiesByKey
                        .computeIfAbsent(r.deliveryKey(), k -> new HashSet<>())
                        .add(new String(r.body(), StandardCharsets.UTF_8));
            }
            for (String k : keys) {
                assertThat(receiver.of(k)).extracting(Receiver.Request::attempt).containsExactly("1", "2");
                assertThat(bodiesByKey.get(k)).as("bodies sent under %s", k).hasSize(1);
            }
            // the receiver has answered before the dispatcher counts what it read
            await().atMost(LIMIT)
                    .untilAsserted(() -> assertThat(count(meters, WebhookMetrics.DELIVERIES, "outcome", "delivered"))
                            .isEqualTo(5));
        }
    }

    @Test
    void restartInTheMiddleLosesNoAlertAndResendsNoAcknowledgedOne(@Bootstrap String bootstrap) throws Exception {
        try (Fixture f = new Fixture(bootstrap)) {
            int port = Receiver.freePort();
            AtomicBoolean open = new AtomicBoolean(false);
            Set<String> held = Set.of(key(firing(3)), key(firing(4)), key(firing(5)));
            Receiver receiver = f.receiver(port, r -> held.contains(r.deliveryKey()) && !open.get() ? 503 : 200);
            WebhookDispatcher first = f.start(new SimpleMeterRegistry(), PATIENT, hook(port));
            f.write(firing(0), firing(1), firing(2), firing(3), firing(4), firing(5));

            await().atMost(LIMIT)
                    .until(() -> receiver.acknowledged().size() == 3
                            && receiver.of(key(firing(3))).size() >= 2);
            first.close();
            await().atMost(LIMIT).until(() -> f.committed() == 3);

            f.write(firing(6), resolved(0)); // while no dispatcher runs
            open.set(true);
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            f.start(meters, PATIENT, hook(port));
            await().atMost(LIMIT).until(() -> receiver.acknowledged().size() >= 8);

            assertThat(receiver.acknowledged())
                    .containsExactly(
                            key(firing(0)),
                            key(firing(1)),
                            key(firing(2)),
                            key(firing(3)),
                            key(firing(4)),
                            key(firing(5)),
                            key(firing(6)),
                            key(resolved(0)));
            for (int i = 0; i < 3; i++) {
                assertThat(receiver.of(key(firing(i))))
                        .as("requests for alert %d", i)
                        .hasSize(1);
            }
            // the receiver has answered before the dispatcher counts what it read
            await().atMost(LIMIT)
                    .untilAsserted(() -> assertThat(count(meters, WebhookMetrics.DELIVERIES, "outcome", "delivered"))
                            .isEqualTo(5));
            await().atMost(LIMIT).until(() -> f.committed() == 8);
        }
    }

    @Test
    void restartWhileOneReceiverIsDownSendsTheOtherNothingAgain(@Bootstrap String bootstrap) throws Exception {
        try (Fixture f = new Fixture(bootstrap)) {
            int upPort = Receiver.freePort();
            int downPort = Receiver.freePort();
            Receiver up = f.receiver(upPort, r -> 200);
            WebhookDispatcher first = f.start(new SimpleMeterRegistry(), PATIENT, hook(upPort), hook(downPort));
            f.write(firing(0), firing(1), resolved(0), firing(2));

            // one receiver down does not hold back the other
            await().atMost(LIMIT).until(() -> up.acknowledged().size() == 4);
            assertThat(first.pending()).isEqualTo(4);
            first.close();
            assertThat(f.committed())
                    .as("nothing is settled for both receivers")
                    .isIn(-1L, 0L);

            Receiver down = f.receiver(downPort, r -> 200);
            f.start(new SimpleMeterRegistry(), PATIENT, hook(upPort), hook(downPort));
            await().atMost(LIMIT).until(() -> down.acknowledged().size() == 4);
            await().atMost(LIMIT).until(() -> f.committed() == 4);

            assertThat(down.acknowledged()).containsExactlyElementsOf(up.acknowledged());
            assertThat(up.requests)
                    .as("the receiver that had them all is sent none again")
                    .hasSize(4);
        }
    }

    @Test
    void badRequestIsGivenUpAtOnceRecordedAndTheNextAlertStillDelivered(@Bootstrap String bootstrap) throws Exception {
        try (Fixture f = new Fixture(bootstrap)) {
            int port = Receiver.freePort();
            Receiver receiver = f.receiver(port, r -> key(firing(0)).equals(r.deliveryKey()) ? 400 : 200);
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            f.start(meters, PATIENT, hook(port));
            f.write(firing(0), firing(1), firing(2));

            await().atMost(LIMIT).until(() -> receiver.acknowledged().size() >= 2);
            assertThat(receiver.acknowledged()).containsExactly(key(firing(1)), key(firing(2)));
            assertThat(receiver.of(key(firing(0)))).hasSize(1);
            await().atMost(LIMIT).until(() -> f.committed() == 3);
            WebhookDelivery rejected = f.deliveries().get(0);
            assertThat(rejected.deliveryKey()).isEqualTo(key(firing(0)));
            assertThat(rejected.outcome()).isEqualTo(Outcome.REJECTED);
            assertThat(rejected.attempts()).isEqualTo(1);
            assertThat(rejected.lastStatus()).isEqualTo(400);
            assertThat(count(meters, WebhookMetrics.DELIVERIES, "outcome", "rejected"))
                    .isEqualTo(1);
            assertThat(count(meters, WebhookMetrics.ATTEMPTS, "result", "permanent"))
                    .isEqualTo(1);
        }
    }

    @Test
    void serverErrorsUntilTheLastAttemptAreGivenUpRecordedAndNotRetriedForever(@Bootstrap String bootstrap)
            throws Exception {
        try (Fixture f = new Fixture(bootstrap)) {
            int port = Receiver.freePort();
            Receiver receiver = f.receiver(port, r -> key(firing(0)).equals(r.deliveryKey()) ? 503 : 200);
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            f.start(meters, new RetryPolicy(3, Duration.ofMillis(20), Duration.ofMillis(50)), hook(port));
            f.write(firing(0), firing(1));

            await().atMost(LIMIT).until(() -> receiver.acknowledged().size() >= 1);
            assertThat(receiver.of(key(firing(0))))
                    .extracting(Receiver.Request::attempt)
                    .containsExactly("1", "2", "3");
            await().atMost(LIMIT).until(() -> f.committed() == 2);
            WebhookDelivery givenUp = f.deliveries().get(0);
            assertThat(givenUp.outcome()).isEqualTo(Outcome.GIVEN_UP);
            assertThat(givenUp.attempts()).isEqualTo(3);
            assertThat(givenUp.lastStatus()).isEqualTo(503);
            assertThat(count(meters, WebhookMetrics.DELIVERIES, "outcome", "given_up"))
                    .isEqualTo(1);
        }
    }

    @Test
    void aKeyIsNeverDeliveredWithTwoBodiesAndARecordThatIsNoAlertIsSkipped(@Bootstrap String bootstrap)
            throws Exception {
        try (Fixture f = new Fixture(bootstrap)) {
            int port = Receiver.freePort();
            Receiver receiver = f.receiver(port, r -> 200);
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            f.start(meters, PATIENT, hook(port));
            Alert first = firing(0);
            Alert sameKeyOtherBody = Alert.firing(
                    first.alertId(),
                    first.kind(),
                    Alert.Severity.CRITICAL,
                    first.model(),
                    first.modelVersion(),
                    first.dataset(),
                    "another text",
                    first.features(),
                    first.reportId(),
                    first.source(),
                    first.raisedAt(),
                    first.evidence());
            f.write(first, sameKeyOtherBody, first);
            f.writeRaw("junk", "{\"not\":\"an alert\"}".getBytes(StandardCharsets.UTF_8));
            f.write(firing(1));

            await().atMost(LIMIT).until(() -> receiver.acknowledged().size() >= 2);
            await().atMost(LIMIT).until(() -> f.committed() == 5);
            assertThat(receiver.acknowledged()).containsExactly(key(first), key(firing(1)));
            assertThat(Codecs.ALERT
                            .decode(receiver.of(key(first)).get(0).body(), "body")
                            .summary())
                    .isEqualTo(first.summary());
            assertThat(count(meters, WebhookMetrics.SKIPPED, "reason", "conflict"))
                    .isEqualTo(1);
            assertThat(count(meters, WebhookMetrics.SKIPPED, "reason", "malformed"))
                    .isEqualTo(1);
        }
    }
}
