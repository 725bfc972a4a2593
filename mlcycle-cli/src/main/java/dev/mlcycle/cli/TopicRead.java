package dev.mlcycle.cli;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a whole topic once: every committed record from the beginning of each partition up to its end
 * as it was when the read began, so it never waits for more. No consumer group.
 */
final class TopicRead {
    private TopicRead() {}

    /**
     * Hands every committed record of {@code topic} to {@code sink}, partition by partition in offset
     * order.
     *
     * @return false when the topic does not exist (nothing was read)
     * @throws dev.mlcycle.contracts.MlcycleException {@code UNAVAILABLE} when Kafka does not answer
     */
    static boolean readAll(
            String bootstrap, String topic, String clientId, Consumer<ConsumerRecord<byte[], byte[]>> sink)
            throws InterruptedException {
        Bounds bounds = bounds(bootstrap, topic);
        if (bounds == null) {
            return false;
        }
        if (bounds.available() == 0) {
            return true;
        }
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap, clientId)) {
            DlqCommand.scan(consumer, bounds.begin(), bounds.end(), sink);
        }
        return true;
    }

    /**
     * The committed records of a topic, per partition in partition order: from the earliest offset to the last
     * stable offset (as a read_committed consumer sees the end).
     *
     * @param begin the first offset per partition
     * @param end the offset after the last committed record per partition
     */
    record Bounds(Map<TopicPartition, Long> begin, Map<TopicPartition, Long> end) {
        /** How many offsets lie between begin and end, over all partitions. */
        long available() {
            long n = 0;
            for (TopicPartition tp : end.keySet()) {
                n += Math.max(0, end.get(tp) - begin.getOrDefault(tp, 0L));
            }
            return n;
        }

        /** The highest end offset, 0 for none. */
        long maxEnd() {
            return end.values().stream().mapToLong(Long::longValue).max().orElse(0);
        }
    }

    /**
     * The bounds of a topic's committed records.
     *
     * @return null when the topic does not exist
     * @throws dev.mlcycle.contracts.MlcycleException {@code UNAVAILABLE} when Kafka does not answer
     */
    static Bounds bounds(String bootstrap, String topic) throws InterruptedException {
        Map<TopicPartition, Long> begin = new TreeMap<>(Comparator.comparingInt(TopicPartition::partition));
        Map<TopicPartition, Long> end = new TreeMap<>(Comparator.comparingInt(TopicPartition::partition));
        try (Admin admin = KafkaCalls.admin(bootstrap)) {
            Set<String> names = KafkaCalls.get(admin.listTopics().names(), bootstrap);
            if (!names.contains(topic)) {
                return null;
            }
            TopicDescription d = KafkaCalls.get(
                            admin.describeTopics(List.of(topic)).allTopicNames(), bootstrap)
                    .get(topic);
            Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            d.partitions().forEach(p -> {
                earliest.put(new TopicPartition(topic, p.partition()), OffsetSpec.earliest());
                latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest());
            });
            ListOffsetsOptions committed = new ListOffsetsOptions(IsolationLevel.READ_COMMITTED);
            Map<TopicPartition, ListOffsetsResultInfo> b =
                    KafkaCalls.get(admin.listOffsets(earliest, committed).all(), bootstrap);
            Map<TopicPartition, ListOffsetsResultInfo> e =
                    KafkaCalls.get(admin.listOffsets(latest, committed).all(), bootstrap);
            b.forEach((tp, info) -> begin.put(tp, info.offset()));
            e.forEach((tp, info) -> end.put(tp, info.offset()));
        }
        return new Bounds(begin, end);
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String bootstrap, String clientId) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                IsolationLevel.READ_COMMITTED.toString().toLowerCase(Locale.ROOT));
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) KafkaCalls.TIMEOUT.toMillis());
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
