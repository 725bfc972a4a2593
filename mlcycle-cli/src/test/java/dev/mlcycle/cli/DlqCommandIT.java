package dev.mlcycle.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlcycle.contracts.DlqHeaders;
import dev.mlcycle.contracts.Topics;
import dev.mlcycle.contracts.json.Json;
import dev.mlcycle.kafka.local.junit.Bootstrap;
import dev.mlcycle.kafka.local.junit.WithLocalKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** {@code mlcycle dlq} in-process against the shared local broker, over dead letters produced here. */
@WithLocalKafka(datasets = "credit")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DlqCommandIT {
    static final String TOPIC = Topics.dlq("credit");
    static final int BIG = 3 << 20;

    String bootstrap;

    @BeforeAll
    void produceDeadLetters(@Bootstrap String bootstrap) throws Exception {
        this.bootstrap = bootstrap;
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Topics.MAX_DATA_MESSAGE_BYTES);
        props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 64L << 20);
        try (KafkaProducer<byte[], byte[]> p =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < 3; i++) {
                p.send(letter(
                                "c-" + i,
                                "{\"event_id\":\"e" + i + "\",\"region\":\"mars\"}",
                                "UNKNOWN_CATEGORY",
                                "region",
                                "expected one of north, south, east, west, central, got \"mars\"",
                                i))
                        .get();
            }
            p.send(letter(
                            "c-9",
                            "{\"event_id\":\"e9\",\"income\":\"abc\"}",
                            "WRONG_TYPE",
                            "income",
                            "expected a number, got \"abc\"",
                            9))
                    .get();
            ProducerRecord<byte[], byte[]> binary = letter("c-10", "", "NOT_UTF8", "", "not UTF-8 at byte 1", 10);
            p.send(new ProducerRecord<>(
                            TOPIC, null, binary.key(), new byte[] {'{', (byte) 0xff, '\n', '}'}, binary.headers()))
                    .get();
            byte[] big = new byte[BIG];
            Arrays.fill(big, (byte) 'x');
            ProducerRecord<byte[], byte[]> large = letter("c-11", "", "TOO_LARGE", "", "3145728 bytes, over 1 MiB", 11);
            p.send(new ProducerRecord<>(TOPIC, null, large.key(), big, large.headers()))
                    .get();
        }
    }

    static ProducerRecord<byte[], byte[]> letter(
            String key, String value, String reason, String field, String detail, long sourceOffset) {
        ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(
                TOPIC, key.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8));
        r.headers()
                .add(DlqHeaders.REASON, bytes(reason))
                .add(DlqHeaders.FIELD, bytes(field))
                .add(DlqHeaders.DETAIL, bytes(detail))
                .add(DlqHeaders.SOURCE_TOPIC, bytes(Topics.events("credit")))
                .add(DlqHeaders.SOURCE_PARTITION, bytes("2"))
                .add(DlqHeaders.SOURCE_OFFSET, bytes(Long.toString(sourceOffset)))
                .add(DlqHeaders.SOURCE_TIMESTAMP, bytes("1767225600000"));
        return r;
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static CommandLineIT.Run dlq(String... args) {
        List<String> all = new ArrayList<>(List.of("dlq"));
        all.addAll(List.of(args));
        return CommandLineIT.run(all.toArray(String[]::new));
    }

    @Test
    void showsTheLastDeadLettersWithSourceReasonAndPreviewThenCountsPerReason() {
        CommandLineIT.Run r = dlq("--bootstrap", bootstrap, "--dataset", "credit", "--limit", "3");
        assertThat(r.exit()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(0)).startsWith("OFFSET").contains("SOURCE", "REASON", "FIELD", "DETAIL", "VALUE");
        assertThat(lines.get(1))
                .contains("mlcycle.events.credit-2@9", "WRONG_TYPE", "income", "expected a number")
                .endsWith("{\"event_id\":\"e9\",\"income\":\"abc\"}");
        assertThat(lines.get(2)).contains("NOT_UTF8").endsWith("{\\xFF\\n}");
        assertThat(lines.get(3))
                .contains("TOO_LARGE", "mlcycle.events.credit-2@11")
                .endsWith("(3.0 MiB)");
        assertThat(lines.get(4)).isEqualTo("showing the last 3 of 6; --all shows every one");
        assertThat(r.out())
                .containsPattern("UNKNOWN_CATEGORY\\s+3\\n")
                .containsPattern("WRONG_TYPE\\s+1\\n")
                .containsPattern("total\\s+6\\n");
    }

    @Test
    void filtersByReasonAndCountsOnlyTheMatches() {
        CommandLineIT.Run r =
                dlq("--bootstrap", bootstrap, "--dataset", "credit", "--reason", "unknown_category", "--all");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out().lines().filter(l -> l.contains("UNKNOWN_CATEGORY") && l.contains("mars")))
                .hasSize(3);
        assertThat(r.out()).doesNotContain("WRONG_TYPE").doesNotContain("showing the last");
        assertThat(r.out())
                .containsPattern("total\\s+3\\n")
                .contains("(3 of the 6 dead letters in mlcycle.dlq.credit have reason UNKNOWN_CATEGORY)");
    }

    @Test
    void printsOneJsonObjectPerLineWithEveryHeaderAndNoSummary() throws Exception {
        CommandLineIT.Run r = dlq("--bootstrap", bootstrap, "--dataset", "credit", "--json", "--all");
        assertThat(r.exit()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(6);
        List<JsonNode> objects = new ArrayList<>();
        for (String line : lines) {
            objects.add(Json.mapper().readTree(line));
        }
        assertThat(objects).extracting(j -> j.get("dlq_offset").asLong()).isSorted();
        JsonNode first = objects.get(0);
        assertThat(first.get("reason").asText()).isEqualTo("UNKNOWN_CATEGORY");
        assertThat(first.get("key").asText()).isEqualTo("c-0");
        assertThat(first.get("value").asText()).isEqualTo("{\"event_id\":\"e0\",\"region\":\"mars\"}");
        assertThat(first.get("source_offset").asLong()).isZero();
        assertThat(first.get("headers").get(DlqHeaders.SOURCE_TOPIC).asText()).isEqualTo("mlcycle.events.credit");
        JsonNode binary = objects.get(4);
        assertThat(binary.has("value")).isFalse();
        assertThat(Base64.getDecoder().decode(binary.get("value_base64").asText()))
                .containsExactly('{', 0xff, '\n', '}');
        assertThat(objects.get(5).get("value").asText()).hasSize(BIG);
    }

    @Test
    void printsOnlyTheCountsWithSummary() {
        CommandLineIT.Run r = dlq("--bootstrap", bootstrap, "--dataset", "credit", "--summary");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out().lines().toList())
                .containsExactly(
                        "REASON                 COUNT",
                        "UNKNOWN_CATEGORY           3",
                        "NOT_UTF8                   1",
                        "TOO_LARGE                  1",
                        "WRONG_TYPE                 1",
                        "total                      6");
    }

    @Test
    void refusesAnUnknownReasonCodeListingTheValidOnes() {
        CommandLineIT.Run r = dlq("--bootstrap", bootstrap, "--reason", "MARS");
        assertThat(r.exit()).isEqualTo(Main.EXIT_USAGE);
        assertThat(r.err())
                .contains("mlcycle dlq: --reason: expected one of EMPTY, TOO_LARGE")
                .contains("got \"MARS\"");
    }

    @Test
    void saysPlainlyThatAKnownDatasetWithoutADlqTopicHasNoDeadLetters(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("datasets"));
        try (var in = getClass().getClassLoader().getResourceAsStream("datasets/credit.yaml")) {
            String spec = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("name: credit", "name: shop");
            Files.writeString(dir.resolve("datasets/shop.yaml"), spec);
        }
        CommandLineIT.Run r = dlq("--bootstrap", bootstrap, "--data-dir", dir.toString(), "--dataset", "shop");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out())
                .isEqualTo("no dead letters: topic mlcycle.dlq.shop does not exist" + System.lineSeparator());
    }

    @Test
    void refusesAnUnknownDataset(@TempDir Path dir) {
        CommandLineIT.Run r = dlq("--bootstrap", bootstrap, "--data-dir", dir.toString(), "--dataset", "nosuch");
        assertThat(r.exit()).isEqualTo(Main.EXIT_USAGE);
        assertThat(r.err()).contains("no dataset named \"nosuch\": expected one of [credit, housing]");
        CommandLineIT.Run bad = dlq("--bootstrap", bootstrap, "--dataset", "No-Such");
        assertThat(bad.exit()).isEqualTo(Main.EXIT_USAGE);
        assertThat(bad.err()).contains("dataset name: expected");
    }

    @Test
    void saysClearlyWhenNoBrokerAnswers() {
        CommandLineIT.Run r = dlq("--bootstrap", "127.0.0.1:1");
        assertThat(r.exit()).isEqualTo(Main.EXIT_UNAVAILABLE);
        assertThat(r.err())
                .contains("mlcycle dlq: no answer from Kafka at 127.0.0.1:1")
                .contains("is it running?");
    }

    @Test
    void refusesContradictoryOptions() {
        assertThat(dlq("--bootstrap", bootstrap, "--all", "--limit", "3").err())
                .contains("--all and --limit exclude each other");
        assertThat(dlq("--bootstrap", bootstrap, "--limit", "0").exit()).isEqualTo(Main.EXIT_USAGE);
        assertThat(dlq("--bootstrap", bootstrap, "--json", "--summary").err())
                .contains("--json and --summary exclude each other");
    }
}
