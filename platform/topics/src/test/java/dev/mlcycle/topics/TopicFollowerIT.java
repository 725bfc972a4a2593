package dev.mlcycle.topics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlcycle.contracts.json.JsonCodec;
import dev.mlcycle.kafka.local.LocalKafka;
import dev.mlcycle.kafka.local.junit.Bootstrap;
import dev.mlcycle.kafka.local.junit.WithLocalKafka;
import dev.mlcycle.topics.TopicFollower.Backoff;
import dev.mlcycle.topics.TopicFollower.Options;
import dev.mlcycle.topics.TopicFollower.State;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trigger topics' follower against a real broker: not caught up while records from before its start are still
 * unhandled; a consumer that fails is replaced after a backoff and every later record is handled exactly once; a
 * broker that is not there at start is waited for.
 */
@WithLocalKafka
class TopicFollowerIT {
    /** A record of the test topics: its number. */
    public record Numbered(int n) {}

    private static final JsonCodec<Numbered> CODEC = JsonCodec.of(Numbered.class);
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Backoff FAST = new Backoff(Duration.ofMillis(50), Duration.ofMillis(400));

    private record Seen(int n, boolean replay) {}

    @Test
    void isNotCaughtUpUntilEveryRecordPresentAtStartIsHandled(@Bootstrap String bootstrap) throws Exception {
        String topic = topic(bootstrap);
        send(bootstrap, topic, 0, 300);
        CountDownLatch release = new CountDownLatch(1);
        List<Seen> seen = new CopyOnWriteArrayList<>();

        try (TopicFollower<Numbered> follower = TopicFollower.start(
                bootstrap,
                topic,
                CODEC,
                (v, replay) -> {
                    seen.add(new Seen(v.n(), replay));
                    if (seen.size() == 151) {
                        await(release);
                    }
                },
                options())) {
            Awaitility.await().atMost(WAIT).until(() -> seen.size() >= 151);
            assertThat(follower.caughtUp()).isFalse();
            assertThat(follower.state()).isEqualTo(State.CATCHING_UP);

            release.countDown();

            Awaitility.await().atMost(WAIT).until(follower::caughtUp);
            assertThat(follower.state()).isEqualTo(State.FOLLOWING);
            assertThat(seen).hasSize(300).allMatch(Seen::replay);
            send(bootstrap, topic, 300, 301);
            Awaitility.await().atMost(WAIT).until(() -> seen.size() == 301);
            assertThat(seen.get(300)).isEqualTo(new Seen(300, false));
        }
    }

    @Test
    void restartsAFailedConsumerAndHandlesEveryLaterRecordExactlyOnce(@Bootstrap String bootstrap) throws Exception {
        String topic = topic(bootstrap);
        send(bootstrap, topic, 0, 100);
        AtomicBoolean failNextPoll = new AtomicBoolean();
        List<Integer> handled = new CopyOnWriteArrayList<>();
        Options options = options().withConsumers(props -> new KafkaConsumer<byte[], byte[]>(props) {
            @Override
            public ConsumerRecords<byte[], byte[]> poll(Duration timeout) {
                if (failNextPoll.compareAndSet(true, false)) {
                    throw new KafkaException("injected: the consumer lost its connection");
                }
                return super.poll(timeout);
            }
        });

        try (TopicFollower<Numbered> follower =
                TopicFollower.start(bootstrap, topic, CODEC, (v, replay) -> handled.add(v.n()), options)) {
            assertThat(follower.awaitCaughtUp(WAIT)).isTrue();
            failNextPoll.set(true);
            send(bootstrap, topic, 100, 200);

            Awaitility.await().atMost(WAIT).until(() -> handled.size() >= 200 && !failNextPoll.get());
            Awaitility.await().atMost(WAIT).until(() -> follower.state() == State.FOLLOWING);
            send(bootstrap, topic, 200, 250);
            Awaitility.await().atMost(WAIT).until(() -> handled.size() >= 250);

            assertThat(follower.restarts()).isEqualTo(1);
            assertThat(follower.lastError())
                    .hasValueSatisfying(e -> assertThat(e).contains("injected: the consumer lost its connection"));
            // Per partition in offset order, and across partitions: every record exactly once.
            assertThat(handled).hasSize(250).doesNotHaveDuplicates();
            assertThat(handled)
                    .containsExactlyInAnyOrderElementsOf(
                            IntStream.range(0, 250).boxed().toList());
        }
    }

    @Test
    void waitsForABrokerThatIsNotThereAtStart(@TempDir Path dir) throws Exception {
        int brokerPort = freePort();
        String bootstrap = "127.0.0.1:" + brokerPort;
        List<Integer> handled = new CopyOnWriteArrayList<>();

        try (TopicFollower<Numbered> follower = TopicFollower.start(
                bootstrap,
                "late-broker",
                CODEC,
                (v, replay) -> handled.add(v.n()),
                options().withMetadataTimeout(Duration.ofMillis(500)))) {
            Awaitility.await().atMost(WAIT).until(() -> follower.restarts() >= 2);
            assertThat(follower.caughtUp()).isFalse();
            assertThat(follower.lastError()).isPresent();

            try (LocalKafka late = LocalKafka.builder(dir)
                    .brokerPort(brokerPort)
                    .controllerPort(freePort())
                    .mode(LocalKafka.Mode.IN_PROCESS)
                    .build()
                    .start()) {
                // The follower's metadata request may have created it already (auto.create.topics.enable).
                createTopicIfMissing(bootstrap, "late-broker");
                send(bootstrap, "late-broker", 0, 20);

                Awaitility.await().atMost(WAIT).until(() -> handled.size() >= 20);
                Awaitility.await().atMost(WAIT).until(follower::caughtUp);
                assertThat(follower.state()).isEqualTo(State.FOLLOWING);
                // One or two partitions, depending on whether the follower's metadata request created the topic.
                assertThat(handled)
                        .hasSize(20)
                        .containsExactlyInAnyOrderElementsOf(
                                IntStream.range(0, 20).boxed().toList());
            }
        }
    }

    @Test
    void saysItCaughtUpOnceBeforeAnyLiveRecordAndDecodesKeysAndTombstones(@Bootstrap String bootstrap)
            throws Exception {
        String topic = topic(bootstrap);
        send(bootstrap, topic, 0, 50);
        List<String> events = new CopyOnWriteArrayList<>();
        TopicFollower.Handler<String> handler = new TopicFollower.Handler<>() {
            @Override
            public void handle(String value, boolean replay) {
                events.add(value + (replay ? "" : " live"));
            }

            @Override
            public void caughtUp() {
                events.add("caught up");
            }
        };
        // The key, and "deleted" for a record without a value: what a compacted topic's reader needs.
        TopicFollower.Decoder<String> keys =
                r -> new String(r.key(), StandardCharsets.UTF_8) + (r.value() == null ? " deleted" : "");

        try (TopicFollower<String> follower = TopicFollower.start(bootstrap, topic, keys, handler, options())) {
            assertThat(follower.awaitCaughtUp(WAIT)).isTrue();
            send(bootstrap, topic, 50, 52);
            sendTombstone(bootstrap, topic, "52");
            Awaitility.await().atMost(WAIT).until(() -> events.size() >= 54);

            assertThat(events.subList(0, 50)).doesNotContain("caught up").noneMatch(e -> e.endsWith("live"));
            assertThat(events.get(50)).isEqualTo("caught up");
            assertThat(events.subList(51, 54)).containsExactlyInAnyOrder("50 live", "51 live", "52 deleted live");
            assertThat(events).containsOnlyOnce("caught up");
        }
    }

    @Test
    void tellsAWaiterAtOnceThatTheTopicDoesNotExistAndKeepsTrying(@Bootstrap String bootstrap) throws Exception {
        String missing = "follower-it-missing-" + UUID.randomUUID();
        Properties noAutoCreate = new Properties();
        noAutoCreate.put("allow.auto.create.topics", "false");
        try (TopicFollower<Numbered> follower = TopicFollower.start(
                bootstrap, missing, CODEC, (v, replay) -> {}, options().withProperties(noAutoCreate))) {
            assertThat(follower.awaitCaughtUpOrFailure(WAIT)).isTrue();
            assertThat(follower.caughtUp()).isFalse();
            assertThat(follower.lastFailure()).hasValueSatisfying(e -> assertThat(e)
                    .isInstanceOfSatisfying(dev.mlcycle.contracts.MlcycleException.class, m -> assertThat(m.reason())
                            .isEqualTo(dev.mlcycle.contracts.MlcycleException.Reason.NOT_FOUND))
                    .hasMessageContaining("topic " + missing + " does not exist (yet) at " + bootstrap));

            createTopic(bootstrap, missing);
            Awaitility.await().atMost(WAIT).until(follower::caughtUp);
            assertThat(follower.state()).isEqualTo(State.FOLLOWING);
        }
    }

    private static void sendTombstone(String bootstrap, String topic, String key) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), null));
            producer.flush();
        }
    }

    private static Options options() {
        return Options.defaults("follower-it").withBackoff(FAST);
    }

    private static String topic(String bootstrap) throws Exception {
        String name = "follower-it-" + UUID.randomUUID();
        createTopic(bootstrap, name);
        return name;
    }

    private static void createTopic(String bootstrap, String name) throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(p)) {
            admin.createTopics(List.of(new NewTopic(name, 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
    }

    private static void createTopicIfMissing(String bootstrap, String name) throws Exception {
        try {
            createTopic(bootstrap, name);
        } catch (java.util.concurrent.ExecutionException e) {
            if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
                throw e;
            }
        }
    }

    private static void send(String bootstrap, String topic, int from, int to) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        // Every send is checked: a record the broker refused (seen once under heavy load: OutOfOrderSequence) must
        // fail here, not later as a follower that "missed" it.
        List<java.util.concurrent.Future<?>> sent = new java.util.ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            for (int i = from; i < to; i++) {
                sent.add(producer.send(new ProducerRecord<>(
                        topic, Integer.toString(i).getBytes(StandardCharsets.UTF_8), CODEC.encode(new Numbered(i)))));
            }
            producer.flush();
            for (java.util.concurrent.Future<?> f : sent) {
                try {
                    f.get(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new AssertionError("the test's own record was not written to " + topic, e);
                }
            }
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(2, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
