package dev.mlcycle.ingest.adapter;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.topics.TopicReplay;
import java.time.Duration;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Reads a whole topic, from its start to its end at the time of the call, without a consumer group. */
final class TopicScan {
    private TopicScan() {}

    /**
     * Hands every record up to the end offsets taken at the start to {@code each}, per partition in offset order
     * ({@link TopicReplay#toEnd(String, TopicReplay.Bound, Consumer)}).
     *
     * @return false if the topic does not exist (nothing was read)
     * @throws MlcycleException {@link Reason#UNAVAILABLE} if the end is not reached within {@code timeout}
     */
    static boolean readToEnd(
            Properties readerProperties,
            String topic,
            Duration timeout,
            Consumer<ConsumerRecord<byte[], byte[]>> each) {
        try (TopicReplay reader = TopicReplay.open(readerProperties)) {
            return reader.toEnd(topic, TopicReplay.Bound.within(timeout), each);
        }
    }
}
