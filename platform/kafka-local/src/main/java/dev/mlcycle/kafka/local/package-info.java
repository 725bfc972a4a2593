/**
 * A real Apache Kafka broker (KRaft, one node that is broker and controller) for local mode and tests,
 * run inside this JVM or as a child JVM, and the creation of mlcycle's contract topics on it.
 *
 * <p>{@link dev.mlcycle.kafka.local.LocalKafka} is the broker, {@link dev.mlcycle.kafka.local.BrokerMain}
 * the child JVM's entry point, {@link dev.mlcycle.kafka.local.TopicProvisioner} creates topics from
 * {@link dev.mlcycle.contracts.TopicSpec}s and {@link dev.mlcycle.kafka.local.SharedLocalKafka} is the
 * one broker a test JVM shares.
 */
package dev.mlcycle.kafka.local;
