package dev.mlcycle.contracts;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How a topic is created: its name, partition count and the topic configs that set its retention or
 * compaction.
 *
 * @param name the topic name
 * @param partitions number of partitions, at least 1
 * @param compacted true for a log-compacted topic (latest value per key), false for time retention
 * @param retention how long records are kept; {@code null} keeps them forever (compacted topics)
 * @param keyDescription what the record key holds, for people reading {@code mlcycle topics}
 */
public record TopicSpec(String name, int partitions, boolean compacted, Duration retention, String keyDescription) {

    public TopicSpec {
        Topics.requireValidTopicName(name);
        if (partitions < 1) {
            throw new IllegalArgumentException("topic " + name + ": partitions must be at least 1, got " + partitions);
        }
        if (retention != null && (retention.isNegative() || retention.isZero())) {
            throw new IllegalArgumentException("topic " + name + ": retention must be positive, got " + retention);
        }
        Objects.requireNonNull(keyDescription, "keyDescription");
    }

    /** The Kafka topic configs ({@code cleanup.policy}, {@code retention.ms}, ...) for this topic. */
    public Map<String, String> configs() {
        Map<String, String> configs = new LinkedHashMap<>();
        configs.put("cleanup.policy", compacted ? "compact" : "delete");
        configs.put("retention.ms", retention == null ? "-1" : Long.toString(retention.toMillis()));
        if (!compacted && Topics.isDatasetTopic(name)) {
            // Data topics take records up to 16 MiB, so an oversized value still reaches ingest and
            // its dead-letter topic whole instead of failing in the producer.
            configs.put("max.message.bytes", Integer.toString(Topics.MAX_DATA_MESSAGE_BYTES));
        }
        if (compacted) {
            // Compact soon after a segment rolls so a restarted reader replays few stale versions.
            configs.put("min.cleanable.dirty.ratio", "0.1");
            configs.put("segment.ms", Long.toString(Duration.ofHours(1).toMillis()));
        }
        return configs;
    }
}
