package dev.mlcycle.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.kafka.local.junit.Bootstrap;
import dev.mlcycle.kafka.local.junit.WithLocalKafka;
import dev.mlcycle.topics.TopicReplay.Bound;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * Reading a topic to its end against a real broker: up to the end seen at the start and no further, on from where
 * the last read stopped, given offset ranges partition by partition, a missing topic, and a read that passes its
 * bound.
 */
@WithLocalKafka
class TopicReplayIT {
    private static final Bound BOUND = Bound.within(Duration.ofSeconds(60));

    /** One record as handed over: where it was and what it said. */
    private record Seen(int partition, long offset, String value) {}

    @Test
    void readsFromTheBeginningToTheEndSeenAtStartAndNoFurther(@Bootstrap String bootstrap) throws Exception {
        String topic = topic(bootstrap, 2);
        send(bootstrap, topic, 0, 40);
        List<Seen> seen = new ArrayList<>();
        // Records written just after the read took its end offsets: in the log (and in the first fetch) before the
        // read polls, but not part of this read.
        KafkaConsumer<byte[], byte[]> writesAfterTheEnd = new KafkaConsumer<>(reader(bootstrap)) {
            @Override
            public Map<TopicPartition, Long> endOffsets(
                    java.util.Collection<TopicPartition> partitions, Duration timeout) {
                Map<TopicPartition, Long> end = super.endOffsets(partitions, timeout);
                send(bootstrap, topic, 40, 60);
                return end;
            }
        };

        try (writesAfterTheEnd;
                TopicReplay replay = TopicReplay.over(writesAfterTheEnd)) {
            boolean exists = replay.toEnd(topic, BOUND, r -> seen.add(seen(r)));

            assertThat(exists).isTrue();
            assertThat(seen).hasSize(40);
            assertThat(seen).extracting(Seen::value).allMatch(v -> Integer.parseInt(v) < 40);
            for (int p = 0; p < 2; p++) {
                int partition = p;
                List<Long> offsets = seen.stream()
                        .filter(s -> s.partition() == partition)
                        .map(Seen::offset)
                        .toList();
                assertThat(offsets).as("partition %d in offset order from 0", p).isSorted();
                assertThat(offsets).first().isEqualTo(0L);
            }
        }
    }

    @Test
    void aReaderKeptOpenReadsOnlyWhatWasAddedSinceItsLastRead(@Bootstrap String bootstrap) throws Exception {
        String topic = topic(bootstrap, 2);
        send(bootstrap, topic, 0, 30);
        try (TopicReplay replay = TopicReplay.open(reader(bootstrap))) {
            List<String> first = new ArrayList<>();
            replay.toEnd(topic, BOUND, r -> first.add(value(r)));
            send(bootstrap, topic, 30, 50);
            List<String> second = new ArrayList<>();
            replay.toEnd(topic, BOUND, r -> second.add(value(r)));
            List<String> third = new ArrayList<>();
            replay.toEnd(topic, BOUND, r -> third.add(value(r)));

            assertThat(first).containsExactlyInAnyOrderElementsOf(numbers(0, 30));
            assertThat(second).containsExactlyInAnyOrderElementsOf(numbers(30, 50));
            assertThat(third).isEmpty();
        }
    }

    @Test
    void readsGivenOffsetRangesPartitionByPartitionInTheOrderGiven(@Bootstrap String bootstrap) throws Exception {
        String topic = topic(bootstrap, 2);
        send(bootstrap, topic, 0, 40);
        TopicPartition p0 = new TopicPartition(topic, 0);
        TopicPartition p1 = new TopicPartition(topic, 1);
        Map<TopicPartition, Long> from = new LinkedHashMap<>();
        from.put(p1, 2L);
        from.put(p0, 1L);
        Map<TopicPartition, Long> to = Map.of(p0, 4L, p1, 5L);
        List<Seen> seen = new ArrayList<>();

        try (TopicReplay replay = TopicReplay.open(reader(bootstrap))) {
            replay.range(from, to, Bound.stallAfter(Duration.ofSeconds(30)), r -> seen.add(seen(r)));
            assertThat(replay.consumer().assignment()).isEmpty();
        }

        assertThat(seen)
                .extracting(s -> s.partition() + ":" + s.offset())
                .containsExactly("1:2", "1:3", "1:4", "0:1", "0:2", "0:3");
    }

    @Test
    void saysWhenTheTopicDoesNotExist(@Bootstrap String bootstrap) {
        Properties p = reader(bootstrap);
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        try (TopicReplay replay = TopicReplay.open(p)) {
            String missing = "replay-it-missing-" + UUID.randomUUID();
            assertThat(replay.toEnd(missing, BOUND, r -> {})).isFalse();
            assertThat(replay.partitions(missing, Duration.ofSeconds(10))).isEmpty();
        }
    }

    @Test
    void failsNamingThePartitionAndOffsetWhenTheReadStalls(@Bootstrap String bootstrap) throws Exception {
        String topic = topic(bootstrap, 2);
        send(bootstrap, topic, 0, 10);
        // A consumer that connects but never delivers a record: the read cannot move.
        try (KafkaConsumer<byte[], byte[]> silent = new KafkaConsumer<>(reader(bootstrap)) {
                    @Override
                    public ConsumerRecords<byte[], byte[]> poll(Duration timeout) {
                        return ConsumerRecords.empty();
                    }
                };
                TopicReplay replay = TopicReplay.over(silent)) {
            assertThatThrownBy(() -> replay.toEnd(topic, Bound.stallAfter(Duration.ofMillis(500)), r -> {}))
                    .isInstanceOfSatisfying(
                            MlcycleException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNAVAILABLE))
                    .hasMessageContaining("reading " + topic + "-0 stalled at offset 0 of 5 for 500 ms");
            assertThatThrownBy(() -> replay.toEnd(topic, Bound.within(Duration.ofMillis(500)), r -> {}))
                    .isInstanceOfSatisfying(
                            MlcycleException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNAVAILABLE))
                    .hasMessageContaining("cannot read " + topic + "-0 to its end (offset 5) within 500 ms");
        }
    }

    @Test
    void refusesABoundThatIsNotPositive() {
        assertThatThrownBy(() -> Bound.within(Duration.ZERO))
                .isInstanceOf(MlcycleException.class)
                .hasMessageContaining("read bound: expected > 0, got PT0S");
    }

    static Properties reader(String bootstrap) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "100");
        return p;
    }

    static String topic(String bootstrap, int partitions) throws Exception {
        String name = "replay-it-" + UUID.randomUUID();
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(p)) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1)))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        }
        return name;
    }

    static void send(String bootstrap, String topic, int from, int to) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            for (int i = from; i < to; i++) {
                byte[] v = Integer.toString(i).getBytes(StandardCharsets.UTF_8);
                producer.send(new ProducerRecord<>(topic, i % 2, v, v));
            }
            producer.flush();
        }
    }

    private static List<String> numbers(int from, int to) {
        List<String> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add(Integer.toString(i));
        }
        return out;
    }

    private static Seen seen(ConsumerRecord<byte[], byte[]> r) {
        return new Seen(r.partition(), r.offset(), value(r));
    }

    private static String value(ConsumerRecord<byte[], byte[]> r) {
        return new String(r.value(), StandardCharsets.UTF_8);
    }
}
