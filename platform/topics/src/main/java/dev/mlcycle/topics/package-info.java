/**
 * The one way every service reads a topic without a consumer group: {@link dev.mlcycle.topics.TopicReplay} reads it
 * to the end it has when the read begins (from the beginning, from where the last read stopped, or given offsets),
 * within a bound; {@link dev.mlcycle.topics.TopicFollower} follows it on its own thread, restarting a failed consumer
 * after a backoff and saying when it has caught up; {@link dev.mlcycle.topics.TopicEnds} says where topics end.
 * Kafka clients, contracts and slf4j only.
 */
package dev.mlcycle.topics;
