package dev.mlcycle.ingest.adapter;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Reads the newest records of a dead-letter topic, up to its end at the time of the call. */
public final class DeadLetterReader {
    private final Properties readerProperties;

    public DeadLetterReader(Properties readerProperties) {
        this.readerProperties = readerProperties;
    }

    /**
     * The last {@code limit} records that pass {@code filter}, oldest first; empty if the topic does not exist.
     * Reads the whole topic (dead-letter topics are small: they hold what went wrong); {@link
     * dev.mlcycle.contracts.MlcycleException.Reason#UNAVAILABLE} if that takes longer than {@code timeout}.
     */
    public List<ConsumerRecord<byte[], byte[]>> last(
            String topic, int limit, Predicate<ConsumerRecord<byte[], byte[]>> filter, Duration timeout) {
        Deque<ConsumerRecord<byte[], byte[]>> kept = new ArrayDeque<>();
        TopicScan.readToEnd(readerProperties, topic, timeout, r -> {
            if (filter.test(r)) {
                kept.addLast(r);
                if (kept.size() > limit) {
                    kept.removeFirst();
                }
            }
        });
        return new ArrayList<>(kept);
    }
}
