package dev.mlcycle.ingest.service;

import dev.mlcycle.contracts.DlqHeaders;
import dev.mlcycle.contracts.Topics;
import dev.mlcycle.contracts.validation.Utf8;
import dev.mlcycle.ingest.adapter.DeadLetterReader;
import dev.mlcycle.ingest.adapter.DeadLetters;
import dev.mlcycle.ingest.adapter.KafkaClients;
import dev.mlcycle.ingest.config.IngestConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/** Answers "what was rejected, and why" from a dataset's dead-letter topic. */
@ApplicationScoped
public class DeadLetterInspector {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final DeadLetterReader reader;

    public DeadLetterInspector(IngestConfig config) {
        this.reader = new DeadLetterReader(
                KafkaClients.reader(config.kafka().bootstrapServers(), "mlcycle-ingest-dlq-inspector"));
    }

    /**
     * One dead letter as people read it.
     *
     * @param value the original value when it is UTF-8 text, else null
     * @param valueBase64 the original value in base64 when it is not UTF-8 text, else null
     * @param truncatedFrom the original length when the stored value was cut to fit the topic, else null
     */
    public record DeadLetter(
            long offset,
            String reason,
            String field,
            String detail,
            String sourceTopic,
            Integer sourcePartition,
            Long sourceOffset,
            String key,
            int valueBytes,
            String value,
            String valueBase64,
            Integer truncatedFrom) {}

    /** The newest {@code limit} dead letters of a dataset, optionally of one reason, oldest first. */
    public List<DeadLetter> recent(String dataset, int limit, String reason) {
        String topic = Topics.dlq(dataset);
        return reader
                .last(topic, limit, r -> reason == null || reason.equals(header(r, DlqHeaders.REASON)), TIMEOUT)
                .stream()
                .map(DeadLetterInspector::toDeadLetter)
                .toList();
    }

    private static DeadLetter toDeadLetter(ConsumerRecord<byte[], byte[]> r) {
        byte[] v = r.value() == null ? new byte[0] : r.value();
        String text = Utf8.decodeOrNull(v);
        String truncated = header(r, DeadLetters.TRUNCATED);
        Long partition = number(header(r, DlqHeaders.SOURCE_PARTITION));
        return new DeadLetter(
                r.offset(),
                header(r, DlqHeaders.REASON),
                header(r, DlqHeaders.FIELD),
                header(r, DlqHeaders.DETAIL),
                header(r, DlqHeaders.SOURCE_TOPIC),
                partition == null ? null : partition.intValue(),
                number(header(r, DlqHeaders.SOURCE_OFFSET)),
                r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8),
                v.length,
                text,
                text == null ? Base64.getEncoder().encodeToString(v) : null,
                truncated == null ? null : Integer.valueOf(truncated));
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static Long number(String s) {
        try {
            return s == null ? null : Long.valueOf(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
