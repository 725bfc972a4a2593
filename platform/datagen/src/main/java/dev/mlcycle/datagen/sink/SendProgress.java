package dev.mlcycle.datagen.sink;

import java.time.Duration;

/**
 * Where a {@link KafkaSink} stands.
 *
 * @param sent records handed to the producer
 * @param acked records the broker acknowledged (acks=all)
 * @param failed records that failed (the sink stops at the first)
 * @param recordsPerSecond acknowledged records per second since the sink started
 * @param elapsed time since the sink started
 * @param done whether this is the final report, after every send completed
 */
public record SendProgress(
        long sent, long acked, long failed, double recordsPerSecond, Duration elapsed, boolean done) {}
