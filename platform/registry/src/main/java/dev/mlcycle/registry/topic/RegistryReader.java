package dev.mlcycle.registry.topic;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.contracts.record.ModelRecord;
import dev.mlcycle.topics.TopicReplay;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads the registry for everyone but its writer (serving, monitoring, the CLI): the topic from the
 * beginning, under {@code isolation.level=read_committed} so only whole, committed writes are seen,
 * the latest record per model winning, a tombstone removing the model. A record that does not decode
 * is skipped with a logged warning naming its offset.
 *
 * <p>{@link #readAll} answers once; {@link #follow} keeps a {@link RegistryFollower} up to date and
 * tells a listener about every change. No consumer group is used: every reader reads everything.
 */
public final class RegistryReader {
    private final String bootstrap;
    private final RegistryOptions options;

    /** A reader of {@link dev.mlcycle.contracts.Topics#REGISTRY} with the default options. */
    public RegistryReader(String bootstrap) {
        this(bootstrap, RegistryOptions.defaults());
    }

    /** A reader with these options (topic, extra client properties; the transactional id is unused). */
    public RegistryReader(String bootstrap, RegistryOptions options) {
        this.bootstrap = RegistryTopic.requireBootstrap(bootstrap);
        this.options = Objects.requireNonNull(options, "options");
    }

    /**
     * Every model's latest committed record, read from the beginning of the topic to the end it has
     * now.
     *
     * @return the records by model name, sorted; empty if the registry is empty
     * @throws MlcycleException {@link Reason#NOT_FOUND} if the topic does not exist, {@link
     *     Reason#UNAVAILABLE} if Kafka does not answer or the end is not reached within {@code timeout}
     */
    public NavigableMap<String, ModelRecord> readAll(Duration timeout) {
        requirePositive(timeout);
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(RegistryTopic.consumerProperties(bootstrap, options, "reader"))) {
            return readAll(TopicReplay.over(consumer), bootstrap, options.topic(), timeout);
        } catch (KafkaException e) {
            throw new MlcycleException(
                    Reason.UNAVAILABLE, "cannot read " + options.topic() + " from Kafka at " + bootstrap + ": " + e, e);
        }
    }

    /**
     * Starts a follower: a thread that reads the topic from the beginning, calls {@link
     * RegistryListener#caughtUp} once it has read to the end it saw at start, then {@link
     * RegistryListener#updated} or {@link RegistryListener#deleted} for every later change. Close it
     * when done.
     */
    public RegistryFollower follow(RegistryListener listener) {
        return RegistryFollower.start(bootstrap, options, Objects.requireNonNull(listener, "listener"));
    }

    /** Reads the topic from the beginning with a reader that has not read it yet; the reader can go on later. */
    static NavigableMap<String, ModelRecord> readAll(
            TopicReplay reader, String bootstrap, String topic, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<TopicPartition> partitions = RegistryTopic.partitions(reader.consumer(), bootstrap, topic, timeout);
        Map<String, ModelRecord> state = new TreeMap<>();
        RegistryTopic.readToEnd(
                reader, partitions, bootstrap, max1ms(RegistryTopic.remaining(deadline)), c -> c.applyTo(state));
        return Collections.unmodifiableNavigableMap(new TreeMap<>(state));
    }

    static void requirePositive(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new MlcycleException(Reason.INVALID_ARGUMENT, "timeout: expected > 0, got " + timeout);
        }
    }

    private static Duration max1ms(Duration d) {
        return d.isZero() ? Duration.ofMillis(1) : d;
    }
}
