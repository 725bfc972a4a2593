package dev.mlcycle.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads a whole topic, every partition from its start to its current end, in partition order. */
final class TopicReader {
    private TopicReader() {}

    static List<ConsumerRecord<byte[], byte[]>> readAll(String bootstrap, String topic) {
        Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> byPartition =
                new TreeMap<>((a, b) -> Integer.compare(a.partition(), b.partition()));
        forEach(bootstrap, topic, r -> byPartition
                .computeIfAbsent(new TopicPartition(r.topic(), r.partition()), k -> new ArrayList<>())
                .add(r));
        List<ConsumerRecord<byte[], byte[]>> all = new ArrayList<>();
        byPartition.values().forEach(all::addAll);
        return all;
    }

    /**
     * Streams every record of {@code topic} from the start to the end offsets taken when the call began,
     * without keeping them: for topics too large to hold in memory.
     */
    static void forEach(String bootstrap, String topic, Consumer<ConsumerRecord<byte[], byte[]>> action) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap)) {
            List<TopicPartition> partitions = partitions(consumer, topic);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<TopicPartition> pending = new ArrayList<>(partitions);
            pending.removeIf(tp -> end.get(tp) == 0);
            consumer.assign(pending);
            consumer.seekToBeginning(pending);
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (!pending.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " to its end within 3 minutes");
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
                        action.accept(r);
                    }
                }
                pending.removeIf(tp -> consumer.position(tp) >= end.get(tp));
                consumer.assign(pending);
            }
        }
    }

    /** The end offset (the next offset to be written) of every partition of {@code topic}, by partition. */
    static Map<Integer, Long> endOffsets(String bootstrap, String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap)) {
            Map<Integer, Long> out = new TreeMap<>();
            consumer.endOffsets(partitions(consumer, topic)).forEach((tp, end) -> out.put(tp.partition(), end));
            return out;
        }
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String bootstrap) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, String topic) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (PartitionInfo p : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
            partitions.add(new TopicPartition(p.topic(), p.partition()));
        }
        partitions.sort((a, b) -> Integer.compare(a.partition(), b.partition()));
        return partitions;
    }
}
