package dev.mlcycle.training.adapter;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.lake.SourcePartition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The end offsets of topics: the offset the next record of each partition will get, as a read-committed reader
 * sees it. Training compares them with the offsets the lake has committed, to know how far ingest is behind.
 */
public final class TopicEnds {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final String bootstrap;

    /** End offsets from these brokers. */
    public TopicEnds(String bootstrap) {
        this.bootstrap = bootstrap;
    }

    /**
     * The end offset of every partition of these topics; a topic that does not exist has none.
     *
     * @throws MlcycleException {@link Reason#UNAVAILABLE} when the brokers do not answer in time
     */
    public Map<SourcePartition, Long> of(List<String> topics) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "mlcycle-training-topic-ends");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                List<PartitionInfo> infos = consumer.partitionsFor(topic, TIMEOUT);
                if (infos != null) {
                    infos.forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
                }
            }
            Map<SourcePartition, Long> ends = new TreeMap<>();
            consumer.endOffsets(partitions, TIMEOUT)
                    .forEach((tp, end) -> ends.put(new SourcePartition(tp.topic(), tp.partition()), end));
            return ends;
        } catch (KafkaException e) {
            throw new MlcycleException(
                    Reason.UNAVAILABLE, "cannot read the end offsets of " + topics + ": " + e.getMessage(), e);
        }
    }
}
