package dev.mlcycle.contracts.archfixture;

/** Breaks a layering rule on purpose; see ArchitectureRulesCatchBreaksTest. */
public class UsesKafka {
    public Object broken() {
        return new org.apache.kafka.common.TopicPartition("t", 0);
    }
}
