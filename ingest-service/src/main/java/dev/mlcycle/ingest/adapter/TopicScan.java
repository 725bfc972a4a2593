package dev.mlcycle.ingest.adapter;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/** Reads a whole topic, from its start to its end at the time of the call, without a consumer group. */
final class TopicScan {
    private TopicScan() {}

    /**
     * Hands every record up to the end offsets taken at the start to {@code each}, partition by partition in
     * offset order.
     *
     * @return false if the topic does not exist (nothing was read)
     * @throws MlcycleException {@link Reason#UNAVAILABLE} if the end is not reached within {@code timeout}
     */
    static boolean readToEnd(
            Properties readerProperties,
            String topic,
            Duration timeout,
            Consumer<ConsumerRecord<byte[], byte[]>> each) {
        try (KafkaConsumer<byte[], byte[]> reader = new KafkaConsumer<>(readerProperties)) {
            List<PartitionInfo> infos = reader.partitionsFor(topic, timeout);
            if (infos == null || infos.isEmpty()) {
                return false;
            }
            List<TopicPartition> parts = new ArrayList<>();
            infos.forEach(i -> parts.add(new TopicPartition(topic, i.partition())));
            reader.assign(parts);
            reader.seekToBeginning(parts);
            Map<TopicPartition, Long> end = reader.endOffsets(parts, timeout);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (parts.stream().anyMatch(tp -> reader.position(tp, timeout) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new MlcycleException(
                            Reason.UNAVAILABLE, "reading " + topic + " to its end took longer than " + timeout);
                }
                for (ConsumerRecord<byte[], byte[]> r : reader.poll(Duration.ofMillis(200))) {
                    if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
                        each.accept(r);
                    }
                }
            }
            return true;
        }
    }
}
