package dev.mlcycle.ingest.adapter;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/** Reads the newest records of a dead-letter topic, up to its end at the time of the call. */
public final class DeadLetterReader {
    private final Properties readerProperties;

    public DeadLetterReader(Properties readerProperties) {
        this.readerProperties = readerProperties;
    }

    /**
     * The last {@code limit} records that pass {@code filter}, oldest first; empty if the topic does not exist.
     * Reads the whole topic (dead-letter topics are small: they hold what went wrong).
     */
    public List<ConsumerRecord<byte[], byte[]>> last(
            String topic, int limit, Predicate<ConsumerRecord<byte[], byte[]>> filter, Duration timeout) {
        Deque<ConsumerRecord<byte[], byte[]>> kept = new ArrayDeque<>();
        try (KafkaConsumer<byte[], byte[]> reader = new KafkaConsumer<>(readerProperties)) {
            Map<String, List<PartitionInfo>> topics = reader.listTopics(timeout);
            if (!topics.containsKey(topic)) {
                return List.of();
            }
            List<TopicPartition> parts = new ArrayList<>();
            topics.get(topic).forEach(i -> parts.add(new TopicPartition(topic, i.partition())));
            reader.assign(parts);
            reader.seekToBeginning(parts);
            Map<TopicPartition, Long> end = reader.endOffsets(parts, timeout);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (parts.stream().anyMatch(tp -> reader.position(tp, timeout) < end.get(tp))
                    && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : reader.poll(Duration.ofMillis(200))) {
                    if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition())) && filter.test(r)) {
                        kept.addLast(r);
                        if (kept.size() > limit) {
                            kept.removeFirst();
                        }
                    }
                }
            }
        }
        return new ArrayList<>(kept);
    }
}
