package dev.mlcycle.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlcycle.contracts.DlqHeaders;
import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class DlqCommandTest {
    static ConsumerRecord<byte[], byte[]> letter(long offset, byte[] key, byte[] value, String... headerPairs) {
        RecordHeaders headers = new RecordHeaders();
        for (int i = 0; i < headerPairs.length; i += 2) {
            headers.add(headerPairs[i], headerPairs[i + 1].getBytes(StandardCharsets.UTF_8));
        }
        return new ConsumerRecord<>(
                "mlcycle.dlq.credit",
                0,
                offset,
                1_767_225_600_000L,
                TimestampType.CREATE_TIME,
                key == null ? -1 : key.length,
                value == null ? -1 : value.length,
                key,
                value,
                headers,
                Optional.empty());
    }

    static ConsumerRecord<byte[], byte[]> unknownCategory(long offset, byte[] value) {
        return letter(
                offset,
                "c-000042".getBytes(StandardCharsets.UTF_8),
                value,
                DlqHeaders.REASON,
                "UNKNOWN_CATEGORY",
                DlqHeaders.FIELD,
                "region",
                DlqHeaders.DETAIL,
                "expected one of north, south, east, west, central, got \"mars\"",
                DlqHeaders.SOURCE_TOPIC,
                "mlcycle.events.credit",
                DlqHeaders.SOURCE_PARTITION,
                "3",
                DlqHeaders.SOURCE_OFFSET,
                "4711",
                DlqHeaders.SOURCE_TIMESTAMP,
                "1767225600123");
    }

    @Test
    void acceptsReasonCodesInAnyCaseAndWithDashes() {
        assertThat(DlqCommand.reasonFilter(List.of("unknown-category", "WRONG_TYPE", " not_json ")))
                .containsExactly("UNKNOWN_CATEGORY", "WRONG_TYPE", "NOT_JSON");
        assertThat(DlqCommand.reasonFilter(null)).isNull();
        assertThat(DlqCommand.reasonFilter(List.of())).isNull();
    }

    @Test
    void refusesAnUnknownReasonListingTheValidCodes() {
        assertThatThrownBy(() -> DlqCommand.reasonFilter(List.of("UNKNOWN_CATEGORY", "MARS")))
                .isInstanceOfSatisfying(MlcycleException.class, e -> assertThat(e.reason())
                        .isEqualTo(MlcycleException.Reason.INVALID_ARGUMENT))
                .hasMessage("--reason: expected one of EMPTY, TOO_LARGE, NOT_UTF8, NOT_JSON, TOO_DEEP, NOT_AN_OBJECT,"
                        + " DUPLICATE_FIELD, UNKNOWN_FIELD, MISSING_FIELD, NULL_VALUE, WRONG_TYPE, OUT_OF_RANGE,"
                        + " UNKNOWN_CATEGORY, BAD_TIMESTAMP, INVALID_VALUE, DUPLICATE_ID, KEY_MISMATCH, got \"MARS\"");
    }

    @Test
    void refusesAnEmptyReason() {
        assertThatThrownBy(() -> DlqCommand.reasonFilter(List.of(" ")))
                .hasMessage("--reason: expected a reason code, got nothing");
    }

    @Test
    void jsonLineCarriesEveryHeaderTheKeyAndAUtf8Value() throws Exception {
        String value = "{\"event_id\":\"e1\",\"region\":\"mars\"}";
        JsonNode j =
                Json.mapper().readTree(DlqCommand.jsonLine(unknownCategory(7, value.getBytes(StandardCharsets.UTF_8))));
        assertThat(j.get("dlq_partition").asInt()).isZero();
        assertThat(j.get("dlq_offset").asLong()).isEqualTo(7);
        assertThat(j.get("dlq_timestamp").asLong()).isEqualTo(1_767_225_600_000L);
        assertThat(j.get("key").asText()).isEqualTo("c-000042");
        assertThat(j.get("reason").asText()).isEqualTo("UNKNOWN_CATEGORY");
        assertThat(j.get("field").asText()).isEqualTo("region");
        assertThat(j.get("detail").asText()).contains("got \"mars\"");
        assertThat(j.get("source_topic").asText()).isEqualTo("mlcycle.events.credit");
        assertThat(j.get("source_partition").isIntegralNumber()).isTrue();
        assertThat(j.get("source_partition").asInt()).isEqualTo(3);
        assertThat(j.get("source_offset").asLong()).isEqualTo(4711);
        assertThat(j.get("source_timestamp").asLong()).isEqualTo(1_767_225_600_123L);
        assertThat(j.get("headers").size()).isEqualTo(7);
        assertThat(j.get("headers").get(DlqHeaders.SOURCE_OFFSET).asText()).isEqualTo("4711");
        assertThat(j.get("size").asInt()).isEqualTo(value.length());
        assertThat(j.get("value").asText()).isEqualTo(value);
        assertThat(j.has("value_base64")).isFalse();
    }

    @Test
    void jsonLineCarriesAValueThatIsNotUtf8AsBase64() throws Exception {
        byte[] value = {'{', (byte) 0xff, (byte) 0xfe, '}'};
        JsonNode j = Json.mapper().readTree(DlqCommand.jsonLine(letter(0, null, value, DlqHeaders.REASON, "NOT_UTF8")));
        assertThat(j.has("value")).isFalse();
        assertThat(Base64.getDecoder().decode(j.get("value_base64").asText())).isEqualTo(value);
        assertThat(j.get("key").isNull()).isTrue();
        assertThat(j.get("field").isNull()).isTrue();
        assertThat(j.get("source_offset").isNull()).isTrue();
    }

    @Test
    void jsonLineIsOneLineEvenWhenTheValueHasNewlines() {
        String line = DlqCommand.jsonLine(letter(0, null, "a\nb\r\n".getBytes(StandardCharsets.UTF_8)));
        assertThat(line).doesNotContain("\n").doesNotContain("\r");
    }

    @Test
    void jsonLineOfATombstoneHasANullValueAndAReasonPlaceholderWithoutHeaders() throws Exception {
        JsonNode j = Json.mapper().readTree(DlqCommand.jsonLine(letter(3, null, null)));
        assertThat(j.get("value").isNull()).isTrue();
        assertThat(j.get("size").asInt()).isZero();
        assertThat(j.get("reason").asText()).isEqualTo("?");
        assertThat(j.get("headers").size()).isZero();
    }

    @Test
    void textLineShowsOffsetSourceReasonFieldDetailAndPreview() {
        String line =
                DlqCommand.textLine(unknownCategory(12, "{\"region\":\"mars\"}\n".getBytes(StandardCharsets.UTF_8)), 6);
        assertThat(line)
                .startsWith("    12  mlcycle.events.credit-3@4711")
                .contains("  UNKNOWN_CATEGORY  region ")
                .contains("expected one of north, south")
                .endsWith("{\"region\":\"mars\"}\\n");
        assertThat(line.indexOf("UNKNOWN_CATEGORY"))
                .isEqualTo(DlqCommand.headerLine(6).indexOf("REASON"));
        assertThat(line.indexOf("{\"region\""))
                .isEqualTo(DlqCommand.headerLine(6).indexOf("VALUE"));
    }

    @Test
    void textLineShowsTheSizeOfBigValuesAndCutsLongDetails() {
        byte[] big = new byte[20 * 1024];
        java.util.Arrays.fill(big, (byte) 'x');
        String line = DlqCommand.textLine(
                letter(0, null, big, DlqHeaders.REASON, "TOO_LARGE", DlqHeaders.DETAIL, "d".repeat(500)), 6);
        assertThat(line).endsWith("x".repeat(60) + Text.ELLIPSIS + "  (20.0 KiB)");
        assertThat(line).contains("d".repeat(DlqCommand.DETAIL_CHARS - 3) + Text.ELLIPSIS);
        assertThat(line).contains("  -  ").contains(" ?  ");
    }

    @Test
    void summaryListsMostFrequentReasonsFirstWithATotal() {
        DlqCommand.Counts c = new DlqCommand.Counts();
        c.add("WRONG_TYPE");
        c.add("UNKNOWN_CATEGORY");
        c.add("UNKNOWN_CATEGORY");
        c.add("BAD_TIMESTAMP");
        c.seen = 4;
        java.io.StringWriter s = new java.io.StringWriter();
        DlqCommand.printSummary(new java.io.PrintWriter(s), c, null, "mlcycle.dlq.credit");
        assertThat(s.toString().lines().toList())
                .containsExactly(
                        "REASON                 COUNT",
                        "UNKNOWN_CATEGORY           2",
                        "BAD_TIMESTAMP              1",
                        "WRONG_TYPE                 1",
                        "total                      4");
    }
}
