package dev.mlcycle.serving.log;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link PredictionLog} buffers and sends.
 *
 * @param bufferRecords how many records may wait for the sender; beyond it {@link PredictionLog#log} drops and
 *     counts, at least 1
 * @param maxBlock how long the sender may wait in {@code KafkaProducer.send} for metadata or buffer space (its
 *     {@code max.block.ms}); small, so that a broker that is down is noticed quickly
 * @param deliveryTimeout how long a sent record may take to be acknowledged before it counts as a failed send
 *     ({@code delivery.timeout.ms})
 * @param topicTimeout how long creating a model's predictions topic may take
 * @param retryBackoff how long the sender waits before trying again after the broker refused or did not answer
 * @param closeTimeout how long {@link PredictionLog#close()} may take to send what is buffered
 */
public record PredictionLogOptions(
        int bufferRecords,
        Duration maxBlock,
        Duration deliveryTimeout,
        Duration topicTimeout,
        Duration retryBackoff,
        Duration closeTimeout) {

    /** The default bound of the buffer: about 10 MB of typical records. */
    public static final int DEFAULT_BUFFER_RECORDS = 10_000;

    public PredictionLogOptions {
        if (bufferRecords < 1) {
            throw new IllegalArgumentException(
                    "prediction log buffer: expected at least 1 record, got " + bufferRecords);
        }
        positive(maxBlock, "maxBlock");
        positive(deliveryTimeout, "deliveryTimeout");
        positive(topicTimeout, "topicTimeout");
        positive(retryBackoff, "retryBackoff");
        positive(closeTimeout, "closeTimeout");
    }

    /** A buffer of {@code bufferRecords} and the default timeouts. */
    public static PredictionLogOptions of(int bufferRecords) {
        return new PredictionLogOptions(
                bufferRecords,
                Duration.ofMillis(500),
                Duration.ofSeconds(30),
                Duration.ofSeconds(10),
                Duration.ofMillis(500),
                Duration.ofSeconds(5));
    }

    /** The defaults: {@value #DEFAULT_BUFFER_RECORDS} records. */
    public static PredictionLogOptions defaults() {
        return of(DEFAULT_BUFFER_RECORDS);
    }

    /** These options with another close timeout. */
    public PredictionLogOptions withCloseTimeout(Duration timeout) {
        return new PredictionLogOptions(bufferRecords, maxBlock, deliveryTimeout, topicTimeout, retryBackoff, timeout);
    }

    private static void positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("prediction log " + name + ": expected a positive duration, got " + d);
        }
    }
}
