package dev.mlcycle.ingest.adapter;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.topics.TopicReplay;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

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
    /** One group-less reader kept open: each catch-up goes on from where the last one stopped. */
    private TopicReplay reader;

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
            reader = TopicReplay.open(readerProperties);
        }
        try {
            reader.toEnd(dlqTopic, TopicReplay.Bound.within(timeout), r -> DeadLetters.sourceOffset(r, sourceTopic)
                    .ifPresent(o -> highest.merge(o.partition(), o.offset(), Math::max)));
        } catch (MlcycleException e) {
            throw new MlcycleException(
                    e.reason(),
                    "reading the dead letters of " + sourceTopic + " on " + dlqTopic + ": " + e.getMessage(),
                    e);
        }
    }

    /** The highest source offset per partition known so far; a copy. */
    public Map<Integer, Long> snapshot() {
        return Map.copyOf(highest);
    }

    @Override
    public void close() {
        if (reader != null) {
            reader.close();
            reader = null;
        }
    }
}
