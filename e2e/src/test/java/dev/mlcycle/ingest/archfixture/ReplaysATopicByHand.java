package dev.mlcycle.ingest.archfixture;

import java.util.List;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/** Breaks a layering rule on purpose (its own replay loop); see ArchitectureRulesCatchBreaksTest. */
public class ReplaysATopicByHand {
    void replay(KafkaConsumer<byte[], byte[]> consumer, TopicPartition tp) {
        consumer.assign(List.of(tp));
        consumer.seekToBeginning(List.of(tp));
    }
}
