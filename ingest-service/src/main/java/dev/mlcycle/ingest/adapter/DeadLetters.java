package dev.mlcycle.ingest.adapter;

import dev.mlcycle.contracts.DlqHeaders;
import dev.mlcycle.contracts.Topics;
import dev.mlcycle.contracts.validation.Rejection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Writes rejected records to a dataset's dead-letter topic: the original key, value and headers, plus {@link
 * DlqHeaders} saying why and where from. The producer is idempotent, so the dead letters of one source partition
 * land in order and at most once per send; {@link DeadLetterIndex} lets a pipeline skip the ones an earlier owner of
 * a partition sent before it could commit.
 */
public final class DeadLetters implements AutoCloseable {
    /** Values larger than this are cut, with {@value #TRUNCATED} giving the original length. */
    static final int MAX_VALUE_BYTES = Topics.MAX_DATA_MESSAGE_BYTES - 256 * 1024;
    /** Header on a dead letter whose value had to be cut to fit the topic: the original length in bytes. */
    public static final String TRUNCATED = "mlcycle.truncated";

    private final String topic;
    private final KafkaProducer<byte[], byte[]> producer;

    public DeadLetters(String dlqTopic, Properties producerProperties) {
        this.topic = dlqTopic;
        this.producer = new KafkaProducer<>(producerProperties);
    }

    public String topic() {
        return topic;
    }

    /** Sends one dead letter; the future fails if the broker does not take it. */
    public Future<RecordMetadata> send(ConsumerRecord<byte[], byte[]> source, Rejection rejection) {
        return producer.send(toDeadLetter(topic, source, rejection));
    }

    static ProducerRecord<byte[], byte[]> toDeadLetter(
            String dlqTopic, ConsumerRecord<byte[], byte[]> source, Rejection rejection) {
        Headers headers = new RecordHeaders();
        for (Header h : source.headers()) {
            if (!h.key().startsWith("mlcycle.")) {
                headers.add(h);
            }
        }
        header(headers, DlqHeaders.REASON, rejection.reason().name());
        header(headers, DlqHeaders.FIELD, rejection.field());
        header(headers, DlqHeaders.DETAIL, rejection.detail());
        header(headers, DlqHeaders.SOURCE_TOPIC, source.topic());
        header(headers, DlqHeaders.SOURCE_PARTITION, Integer.toString(source.partition()));
        header(headers, DlqHeaders.SOURCE_OFFSET, Long.toString(source.offset()));
        header(headers, DlqHeaders.SOURCE_TIMESTAMP, Long.toString(source.timestamp()));
        byte[] value = source.value();
        if (value != null && value.length > MAX_VALUE_BYTES) {
            header(headers, TRUNCATED, Integer.toString(value.length));
            value = java.util.Arrays.copyOf(value, MAX_VALUE_BYTES);
        }
        return new ProducerRecord<>(dlqTopic, null, null, source.key(), value, headers);
    }

    private static void header(Headers headers, String key, String value) {
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    }

    /** Where a dead letter came from: a partition of the source topic, and the record's offset there. */
    public record SourceOffset(int partition, long offset) {}

    /**
     * Where {@code deadLetter} came from, if it is a dead letter of {@code sourceTopic} with our headers; empty for
     * one of another topic or written by someone else.
     */
    public static Optional<SourceOffset> sourceOffset(ConsumerRecord<byte[], byte[]> deadLetter, String sourceTopic) {
        Headers h = deadLetter.headers();
        if (!sourceTopic.equals(text(h.lastHeader(DlqHeaders.SOURCE_TOPIC)))) {
            return Optional.empty();
        }
        try {
            return Optional.of(new SourceOffset(
                    Integer.parseInt(text(h.lastHeader(DlqHeaders.SOURCE_PARTITION))),
                    Long.parseLong(text(h.lastHeader(DlqHeaders.SOURCE_OFFSET)))));
        } catch (NumberFormatException e) { // a null header too
            return Optional.empty();
        }
    }

    private static String text(Header h) {
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
