package dev.mlcycle.ingest.adapter;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * Which records of one source topic are already on the dead-letter topic: the highest source offset per source
 * partition ({@link DeadLetters#sourceOffset}). A pipeline calls {@link #catchUp()} whenever the group gives it
 * partitions, so it knows the dead letters every earlier owner of them sent, whenever that was, and re-reading their
 * uncommitted records does not send those again. The first call reads the dead-letter topic from its start; each
 * later one only what was added since (one group-less consumer, kept open, remembers where it got to). For the
 * pipeline's polling thread only.
 */
public final class DeadLetterIndex implements AutoCloseable {
    private final String dlqTopic;
    private final String sourceTopic;
    private final Properties readerProperties;
    private final Duration timeout;
    private final Map<Integer, Long> highest = new HashMap<>();
    private final Set<TopicPartition> reading = new HashSet<>();
    private KafkaConsumer<byte[], byte[]> reader;

    /**
     * @param dlqTopic the dataset's dead-letter topic
     * @param sourceTopic the topic the pipeline reads; dead letters of other topics are not counted
     * @param readerProperties a group-less reader ({@link KafkaClients#reader})
     * @param timeout how long one catch-up may take
     */
    public DeadLetterIndex(String dlqTopic, String sourceTopic, Properties readerProperties, Duration timeout) {
        this.dlqTopic = dlqTopic;
        this.sourceTopic = sourceTopic;
        this.readerProperties = readerProperties;
        this.timeout = timeout;
    }

    /** The highest source offset of {@code partition} on the dead-letter topic as of the last catch-up; -1 if none. */
    public long highest(int partition) {
        return highest.getOrDefault(partition, -1L);
    }

    /**
     * Reads the dead-letter topic from where the last call stopped up to its current end (a partition added to the
     * topic since, from its start). Nothing if the topic does not exist yet.
     *
     * @throws MlcycleException {@link Reason#UNAVAILABLE} if the end is not reached within the timeout
     */
    public void catchUp() {
        if (reader == null) {
            reader = new KafkaConsumer<>(readerProperties);
        }
        List<PartitionInfo> infos = reader.partitionsFor(dlqTopic, timeout);
        if (infos == null || infos.isEmpty()) {
            return;
        }
        List<TopicPartition> added = new ArrayList<>();
        for (PartitionInfo i : infos) {
            TopicPartition tp = new TopicPartition(dlqTopic, i.partition());
            if (reading.add(tp)) {
                added.add(tp);
            }
        }
        if (!added.isEmpty()) {
            reader.assign(List.copyOf(reading));
            reader.seekToBeginning(added);
        }
        Map<TopicPartition, Long> end = reader.endOffsets(reading, timeout);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (reading.stream().anyMatch(tp -> reader.position(tp, timeout) < end.get(tp))) {
            if (System.nanoTime() > deadline) {
                throw new MlcycleException(
                        Reason.UNAVAILABLE,
                        "reading the dead letters of " + sourceTopic + " on " + dlqTopic + " took longer than "
                                + timeout);
            }
            for (ConsumerRecord<byte[], byte[]> r : reader.poll(Duration.ofMillis(200))) {
                DeadLetters.sourceOffset(r, sourceTopic)
                        .ifPresent(o -> highest.merge(o.partition(), o.offset(), Math::max));
            }
        }
    }

    /** The highest source offset per partition known so far; a copy. */
    public Map<Integer, Long> snapshot() {
        return Map.copyOf(highest);
    }

    @Override
    public void close() {
        if (reader != null) {
            reader.close(CloseOptions.timeout(Duration.ofSeconds(5)));
            reader = null;
        }
    }
}
