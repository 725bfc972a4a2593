package dev.mlcycle.ingest.adapter;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * One topic read by one consumer, for one pipeline thread (a Kafka consumer is not thread-safe). Partitions come
 * from the consumer group; where each starts is the pipeline's decision ({@link Assignments}), taken from the lake.
 */
public final class TopicSource implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(TopicSource.class);

    private final String topic;
    private final KafkaConsumer<byte[], byte[]> consumer;

    /** What the pipeline does when the group gives or takes partitions. Called on the polling thread. */
    public interface Assignments {
        void assigned(Set<Integer> partitions);

        void revoked(Set<Integer> partitions);

        void lost(Set<Integer> partitions);
    }

    public TopicSource(String topic, Properties consumerProperties) {
        this.topic = topic;
        this.consumer = new KafkaConsumer<>(consumerProperties);
    }

    public String topic() {
        return topic;
    }

    public void subscribe(Assignments assignments) {
        consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                assignments.assigned(numbers(partitions));
            }

            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                assignments.revoked(numbers(partitions));
            }

            @Override
            public void onPartitionsLost(Collection<TopicPartition> partitions) {
                assignments.lost(numbers(partitions));
            }
        });
    }

    public ConsumerRecords<byte[], byte[]> poll(Duration timeout) {
        return consumer.poll(timeout);
    }

    public void seek(int partition, long offset) {
        consumer.seek(tp(partition), offset);
    }

    public long position(int partition) {
        return consumer.position(tp(partition));
    }

    public void pause(int partition) {
        consumer.pause(List.of(tp(partition)));
    }

    /** The first offset the topic still has, per partition. */
    public Map<Integer, Long> beginningOffsets(Set<Integer> partitions) {
        return byNumber(consumer.beginningOffsets(tps(partitions)));
    }

    /** The offset after the last record, per partition. */
    public Map<Integer, Long> endOffsets(Set<Integer> partitions) {
        return byNumber(consumer.endOffsets(tps(partitions)));
    }

    /** Records not yet read, from what the consumer last fetched (no broker round trip); empty if unknown. */
    public OptionalLong lag(int partition) {
        return consumer.currentLag(tp(partition));
    }

    public Set<Integer> assignment() {
        return numbers(consumer.assignment());
    }

    /**
     * Tells the group how far the lake has got, so Kafka tools show the right lag. Informational only: a restart
     * resumes from the lake, never from these, so a failed commit (a broker restarting, say) is logged as a warning
     * and left to the next one (without a callback, Kafka would log it as an error).
     */
    public void commitAsync(Map<Integer, Long> nextOffsets) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        nextOffsets.forEach((p, o) -> offsets.put(tp(p), new OffsetAndMetadata(o)));
        consumer.commitAsync(offsets, (done, e) -> {
            if (e != null) {
                LOG.warnf(
                        "%s: telling the consumer group the lake's offsets failed (the next commit tells it): %s",
                        topic, e.toString());
            }
        });
    }

    public void wakeup() {
        consumer.wakeup();
    }

    @Override
    public void close() {
        consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
    }

    private TopicPartition tp(int partition) {
        return new TopicPartition(topic, partition);
    }

    private List<TopicPartition> tps(Set<Integer> partitions) {
        return partitions.stream().map(this::tp).toList();
    }

    private static Set<Integer> numbers(Collection<TopicPartition> partitions) {
        return partitions.stream().map(TopicPartition::partition).collect(Collectors.toUnmodifiableSet());
    }

    private static Map<Integer, Long> byNumber(Map<TopicPartition, Long> offsets) {
        Map<Integer, Long> out = new HashMap<>();
        offsets.forEach((tp, o) -> out.put(tp.partition(), o));
        return out;
    }
}
