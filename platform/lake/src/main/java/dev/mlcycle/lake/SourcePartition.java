package dev.mlcycle.lake;

import java.util.Comparator;
import java.util.Objects;

/**
 * A Kafka topic partition, named without Kafka's classes (the lake does not depend on Kafka).
 *
 * @param topic the topic, e.g. {@code mlcycle.events.credit}
 * @param partition the partition number, {@code >= 0}
 */
public record SourcePartition(String topic, int partition) implements Comparable<SourcePartition> {
    private static final Comparator<SourcePartition> ORDER =
            Comparator.comparing(SourcePartition::topic).thenComparingInt(SourcePartition::partition);

    public SourcePartition {
        Objects.requireNonNull(topic, "topic");
        if (topic.isBlank()) {
            throw new IllegalArgumentException("topic must not be blank");
        }
        if (partition < 0) {
            throw new IllegalArgumentException("partition must be >= 0, got " + partition + " for topic " + topic);
        }
    }

    @Override
    public int compareTo(SourcePartition other) {
        return ORDER.compare(this, other);
    }

    /** {@code topic-partition}, as Kafka prints it: {@code mlcycle.events.credit-3}. */
    @Override
    public String toString() {
        return topic + "-" + partition;
    }
}
