package dev.mlcycle.ingest.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlcycle.contracts.DlqHeaders;
import dev.mlcycle.contracts.validation.RejectReason;
import dev.mlcycle.contracts.validation.Rejection;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class DeadLettersTest {

    private static ConsumerRecord<byte[], byte[]> source(byte[] value, RecordHeaders headers) {
        return new ConsumerRecord<>(
                "mlcycle.events.credit",
                4,
                1234L,
                1_700_000_000_000L,
                TimestampType.CREATE_TIME,
                3,
                value == null ? -1 : value.length,
                "c-1".getBytes(StandardCharsets.UTF_8),
                value,
                headers,
                Optional.empty());
    }

    private static String header(ProducerRecord<byte[], byte[]> r, String key) {
        return new String(r.headers().lastHeader(key).value(), StandardCharsets.UTF_8);
    }

    @Test
    void keepsTheOriginalBytesKeyAndHeadersAndSaysWhyAndWhereFrom() {
        byte[] value = {'{', (byte) 0xC3, '}'};
        RecordHeaders headers = new RecordHeaders();
        headers.add("trace-id", "abc".getBytes(StandardCharsets.UTF_8));
        headers.add(DlqHeaders.REASON, "FORGED".getBytes(StandardCharsets.UTF_8));
        Rejection why = new Rejection(RejectReason.NOT_UTF8, "", "expected UTF-8 text, got byte 0xC3 at 1");

        ProducerRecord<byte[], byte[]> dl = DeadLetters.toDeadLetter("mlcycle.dlq.credit", source(value, headers), why);

        assertThat(dl.topic()).isEqualTo("mlcycle.dlq.credit");
        assertThat(dl.value()).isEqualTo(value);
        assertThat(new String(dl.key(), StandardCharsets.UTF_8)).isEqualTo("c-1");
        assertThat(dl.partition()).isNull();
        assertThat(header(dl, "trace-id")).isEqualTo("abc");
        // A producer's own mlcycle.* header cannot pass itself off as ours.
        assertThat(dl.headers().headers(DlqHeaders.REASON)).hasSize(1);
        assertThat(header(dl, DlqHeaders.REASON)).isEqualTo("NOT_UTF8");
        assertThat(header(dl, DlqHeaders.FIELD)).isEmpty();
        assertThat(header(dl, DlqHeaders.DETAIL)).isEqualTo(why.detail());
        assertThat(header(dl, DlqHeaders.SOURCE_TOPIC)).isEqualTo("mlcycle.events.credit");
        assertThat(header(dl, DlqHeaders.SOURCE_PARTITION)).isEqualTo("4");
        assertThat(header(dl, DlqHeaders.SOURCE_OFFSET)).isEqualTo("1234");
        assertThat(header(dl, DlqHeaders.SOURCE_TIMESTAMP)).isEqualTo("1700000000000");
        assertThat(dl.headers().lastHeader(DeadLetters.TRUNCATED)).isNull();
    }

    @Test
    void aValueTooLargeForTheTopicIsCutAndSaysHowLongItWas() {
        byte[] value = new byte[DeadLetters.MAX_VALUE_BYTES + 10];
        Rejection why = new Rejection(RejectReason.TOO_LARGE, "", "too large");

        ProducerRecord<byte[], byte[]> dl =
                DeadLetters.toDeadLetter("mlcycle.dlq.credit", source(value, new RecordHeaders()), why);

        assertThat(dl.value()).hasSize(DeadLetters.MAX_VALUE_BYTES);
        assertThat(header(dl, DeadLetters.TRUNCATED)).isEqualTo(Integer.toString(value.length));
    }

    @Test
    void aTombstoneStaysATombstone() {
        Rejection why = new Rejection(RejectReason.EMPTY, "", "no value");
        ProducerRecord<byte[], byte[]> dl =
                DeadLetters.toDeadLetter("mlcycle.dlq.credit", source(null, new RecordHeaders()), why);
        assertThat(dl.value()).isNull();
        assertThat(header(dl, DlqHeaders.REASON)).isEqualTo("EMPTY");
    }
}
