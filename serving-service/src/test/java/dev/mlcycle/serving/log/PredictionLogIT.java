package dev.mlcycle.serving.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.mlcycle.contracts.Topics;
import dev.mlcycle.contracts.json.Codecs;
import dev.mlcycle.contracts.record.ModelRecord;
import dev.mlcycle.contracts.record.Prediction;
import dev.mlcycle.contracts.record.PredictionRecord;
import dev.mlcycle.kafka.local.junit.Bootstrap;
import dev.mlcycle.kafka.local.junit.WithLocalKafka;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

@WithLocalKafka
class PredictionLogIT {
    static final Clock CLOCK = Clock.systemUTC();

    static String newModel() {
        return "log-it-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static PredictionRecord record(String model, int seq, String eventId) {
        Map<String, Object> features = new LinkedHashMap<>();
        features.put("seq", (long) seq);
        features.put("region", "north");
        features.put("income", null);
        return new PredictionRecord(
                "req-" + seq,
                eventId,
                model,
                1,
                ModelRecord.CHAMPION,
                features,
                Prediction.ofLabel("no", Map.of("no", 0.75, "yes", 0.25)),
                Instant.parse("2026-12-07T12:00:00Z").plusMillis(seq),
                1.5,
                null);
    }

    /** Every record on the topic, read from the start, once {@code expected} have arrived. */
    static List<ConsumerRecord<byte[], byte[]>> readAll(String bootstrap, String topic, int expected) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<byte[], byte[]>> all = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(i -> new TopicPartition(topic, i.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(all::add);
                return all.size() >= expected;
            });
        }
        return all;
    }

    @Test
    void sendsEveryRecordInOrderPerKeyToTheModelsTopicItCreates(@Bootstrap String bootstrap) throws Exception {
        String model = newModel();
        int count = 600;
        try (PredictionLog log = new PredictionLog(bootstrap, PredictionLogOptions.of(10_000), CLOCK)) {
            for (int i = 0; i < count; i++) {
                // one in three has no event id: keyed by its request id
                log.log(record(model, i, i % 3 == 0 ? null : "e-" + (i % 10)));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> log.sent() == count);
            assertThat(log.dropped()).isZero();
            assertThat(log.failed()).isZero();
            assertThat(log.buffered()).isZero();
            assertThat(log.problem()).isEmpty();
        }

        String topic = Topics.predictions(model);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            var description =
                    admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
            assertThat(description.partitions())
                    .hasSize(Topics.modelTopic(model).partitions());
        }
        List<ConsumerRecord<byte[], byte[]>> read = readAll(bootstrap, topic, count);
        assertThat(read).hasSize(count);
        Map<String, List<Long>> seqByKey = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : read) {
            PredictionRecord p = Codecs.PREDICTION_RECORD.decode(r.value(), topic);
            String key = new String(r.key(), StandardCharsets.UTF_8);
            assertThat(key).isEqualTo(p.key());
            assertThat(p.model()).isEqualTo(model);
            assertThat(p.variant()).isEqualTo(ModelRecord.CHAMPION);
            assertThat(p.features()).containsEntry("income", null);
            seqByKey.computeIfAbsent(key, k -> new ArrayList<>())
                    .add((Long) p.features().get("seq"));
        }
        assertThat(seqByKey).containsKeys("e-1", "e-9", "req-0", "req-597");
        seqByKey.forEach(
                (key, seqs) -> assertThat(seqs).as("order of key %s", key).isSorted());
    }

    @Test
    void neverBlocksTheCallerAndCountsDropsWhenTheBrokerIsUnreachable() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        String bootstrap = "127.0.0.1:" + closedPort;
        int bound = 100;
        Duration maxBlock = Duration.ofSeconds(3);
        PredictionLogOptions options = new PredictionLogOptions(
                bound,
                maxBlock,
                Duration.ofSeconds(5),
                Duration.ofSeconds(1),
                Duration.ofMillis(100),
                Duration.ofSeconds(1));
        String model = newModel();
        PredictionLog log = new PredictionLog(bootstrap, options, CLOCK);
        try {
            int logged = 10_000;
            // A caller that waited in KafkaProducer.send even once would take max.block.ms (3 s) here.
            assertTimeoutPreemptively(maxBlock, () -> {
                for (int i = 0; i < logged; i++) {
                    log.log(record(model, i, "e-" + i));
                }
            });

            assertThat(log.buffered()).isLessThanOrEqualTo(bound + 1);
            assertThat(log.dropped()).isGreaterThanOrEqualTo(logged - bound - 1);
            assertThat(log.sent()).isZero();
            assertThat(log.dropped() + log.buffered()).isEqualTo(logged);

            await().atMost(Duration.ofSeconds(20))
                    .untilAsserted(() -> assertThat(log.problem()).hasValueSatisfying(p -> assertThat(p)
                            .startsWith("cannot send predictions to Kafka at " + bootstrap + " since ")
                            .contains(log.dropped() + " dropped (buffer of 100 records full)")));
        } finally {
            long start = System.nanoTime();
            log.close();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        }
        assertThat(log.dropped()).isEqualTo(10_000);
        assertThat(log.buffered()).isZero();
        log.log(record(model, 0, "after-close"));
        assertThat(log.dropped()).isEqualTo(10_001);
    }

    @Test
    void closeSendsWhatIsStillBuffered(@Bootstrap String bootstrap) {
        String model = newModel();
        int count = 2_000;
        PredictionLog log = new PredictionLog(
                bootstrap, PredictionLogOptions.of(count).withCloseTimeout(Duration.ofSeconds(20)), CLOCK);
        for (int i = 0; i < count; i++) {
            log.log(record(model, i, "e-" + (i % 50)));
        }
        log.close();
        assertThat(log.sent()).isEqualTo(count);
        assertThat(log.dropped()).isZero();
        assertThat(readAll(bootstrap, Topics.predictions(model), count)).hasSize(count);
    }

    @Test
    void sendsWhatItBufferedOnceTheBrokerComesUp(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        int brokerPort;
        int controllerPort;
        try (ServerSocket a = new ServerSocket(0);
                ServerSocket b = new ServerSocket(0)) {
            brokerPort = a.getLocalPort();
            controllerPort = b.getLocalPort();
        }
        String bootstrap = "127.0.0.1:" + brokerPort;
        String model = newModel();
        PredictionLogOptions options = new PredictionLogOptions(
                100,
                Duration.ofMillis(500),
                Duration.ofSeconds(30),
                Duration.ofSeconds(2),
                Duration.ofMillis(100),
                Duration.ofSeconds(10));
        try (PredictionLog log = new PredictionLog(bootstrap, options, CLOCK)) {
            for (int i = 0; i < 50; i++) {
                log.log(record(model, i, "e-" + (i % 5)));
            }
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(log.problem())
                    .hasValueSatisfying(p -> assertThat(p).contains(" since ")));
            assertThat(log.buffered()).isEqualTo(50);

            try (dev.mlcycle.kafka.local.LocalKafka kafka = dev.mlcycle.kafka.local.LocalKafka.builder(dir)
                    .brokerPort(brokerPort)
                    .controllerPort(controllerPort)
                    .build()) {
                kafka.start();
                await().atMost(Duration.ofSeconds(60)).until(() -> log.sent() == 50);
                assertThat(log.problem()).isEmpty();
                assertThat(log.dropped()).isZero();
                List<ConsumerRecord<byte[], byte[]>> read = readAll(bootstrap, Topics.predictions(model), 50);
                Map<String, List<Long>> seqByKey = new HashMap<>();
                for (ConsumerRecord<byte[], byte[]> r : read) {
                    PredictionRecord p = Codecs.PREDICTION_RECORD.decode(r.value(), "test");
                    seqByKey.computeIfAbsent(p.key(), k -> new ArrayList<>())
                            .add((Long) p.features().get("seq"));
                }
                assertThat(seqByKey).hasSize(5);
                seqByKey.forEach((key, seqs) ->
                        assertThat(seqs).as("order of key %s", key).hasSize(10).isSorted());
                log.close();
            }
        }
    }
}
