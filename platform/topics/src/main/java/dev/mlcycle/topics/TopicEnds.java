package dev.mlcycle.topics;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The end offsets of topics: the offset the next record of each partition will get, as a read-committed reader sees
 * it. How far a reader of those topics (ingest, for training) is behind.
 */
public final class TopicEnds {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final String bootstrap;
    private final String clientId;

    /** End offsets from these brokers, asked for by a consumer with this client id. */
    public TopicEnds(String bootstrap, String clientId) {
        this.bootstrap = bootstrap;
        this.clientId = clientId;
    }

    /**
     * The end offset of every partition of these topics, by topic then partition; a topic that does not exist has
     * none.
     *
     * @throws MlcycleException {@link Reason#UNAVAILABLE} when the brokers do not answer in time
     */
    public Map<TopicPartition, Long> of(List<String> topics) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (TopicReplay reader = TopicReplay.open(p)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                reader.partitions(topic, TIMEOUT).ifPresent(partitions::addAll);
            }
            Map<TopicPartition, Long> ends = new TreeMap<>(
                    Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition));
            ends.putAll(reader.endOffsets(partitions, TIMEOUT));
            return ends;
        } catch (KafkaException e) {
            throw new MlcycleException(
                    Reason.UNAVAILABLE, "cannot read the end offsets of " + topics + ": " + e.getMessage(), e);
        }
    }
}
