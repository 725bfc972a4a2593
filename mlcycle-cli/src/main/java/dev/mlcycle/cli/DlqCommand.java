package dev.mlcycle.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlcycle.contracts.DlqHeaders;
import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.contracts.Topics;
import dev.mlcycle.contracts.json.Json;
import dev.mlcycle.contracts.spec.DatasetCatalog;
import dev.mlcycle.contracts.validation.RejectReason;
import dev.mlcycle.contracts.validation.Utf8;
import dev.mlcycle.topics.TopicReplay;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mlcycle dlq}: the dead letters of a dataset, i.e. the records ingest rejected, with the
 * reason, the field, the detail and where each came from. Reads {@code mlcycle.dlq.<dataset>} from
 * its beginning up to the end offsets taken at start, so it never waits for more.
 */
@Command(
        name = "dlq",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Show the dead letters of a dataset: what ingest rejected, why, and from where.",
            "Reads mlcycle.dlq.<dataset> from its start to its end at start; never waits.",
            "A line per record: DLQ offset, source topic-partition@offset, reason, field,",
            "detail and the start of the value (control and non-UTF-8 bytes escaped);",
            "then the count per reason."
        },
        footer = {
            "",
            "Reasons: EMPTY, TOO_LARGE, NOT_UTF8, NOT_JSON, TOO_DEEP, NOT_AN_OBJECT,",
            "  DUPLICATE_FIELD, UNKNOWN_FIELD, MISSING_FIELD, NULL_VALUE, WRONG_TYPE,",
            "  OUT_OF_RANGE, UNKNOWN_CATEGORY, BAD_TIMESTAMP, INVALID_VALUE, DUPLICATE_ID,",
            "  KEY_MISMATCH",
            "",
            "Examples:",
            "  mlcycle dlq --dataset credit",
            "  mlcycle dlq --dataset credit --reason UNKNOWN_CATEGORY,WRONG_TYPE --all",
            "  mlcycle dlq --dataset credit --summary",
            "  mlcycle dlq --dataset credit --json --all | jq -r .value"
        })
final class DlqCommand implements Callable<Integer> {
    static final int DEFAULT_LIMIT = 50;
    /** Characters of a value shown in a line. */
    static final int PREVIEW_CHARS = 60;
    /** Characters of the detail shown in a line; {@code --json} has all of it. */
    static final int DETAIL_CHARS = 60;
    /** Values from this size on get their size shown beside the preview. */
    static final int BIG_VALUE_BYTES = 1024;
    /** Polls without progress before reading gives up. */
    private static final Duration STALL_TIMEOUT = Duration.ofSeconds(30);
    /** A 16 MiB record plus its headers and batch framing. */
    private static final int FETCH_BYTES = Topics.MAX_DATA_MESSAGE_BYTES + (1 << 20);

    private static final String NO_REASON = "?";

    @Mixin
    CommonOptions common;

    @Option(
            names = "--dataset",
            paramLabel = "NAME",
            defaultValue = "credit",
            description = "Dataset whose dead letters to show (default: ${DEFAULT-VALUE}).")
    String dataset;

    @Option(
            names = "--limit",
            paramLabel = "N",
            description = "Show the last N dead letters (default: " + DEFAULT_LIMIT + ").")
    Integer limit;

    @Option(names = "--all", description = "Show every dead letter, not only the last " + DEFAULT_LIMIT + ".")
    boolean all;

    @Option(
            names = "--reason",
            paramLabel = "CODE",
            split = ",",
            description = "Only dead letters with these reasons (repeat or separate with commas).")
    List<String> reasons;

    @Option(
            names = "--json",
            description = {
                "One JSON object per line: every header, DLQ offset, key, and the value as",
                "`value` (UTF-8) or `value_base64`. No summary."
            })
    boolean json;

    @Option(names = "--summary", description = "Only the counts per reason and the total.")
    boolean summary;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (all && limit != null) {
            throw new MlcycleException(
                    Reason.INVALID_ARGUMENT, "--all and --limit exclude each other: --all shows every dead letter");
        }
        if (limit != null && limit < 1) {
            throw new MlcycleException(Reason.INVALID_ARGUMENT, "--limit: expected a number >= 1, got " + limit);
        }
        if (json && summary) {
            throw new MlcycleException(
                    Reason.INVALID_ARGUMENT, "--json and --summary exclude each other: --json prints no summary");
        }
        Set<String> wanted = reasonFilter(reasons);
        String topic = Topics.dlq(dataset);
        String bootstrap = common.bootstrap();
        // In JSON mode stdout carries JSON lines only; sentences go to stderr.
        PrintWriter notes = json ? err : out;

        TopicRead.Bounds bounds = TopicRead.bounds(bootstrap, topic);
        if (bounds == null) {
            List<String> known = new DatasetCatalog(common.dataDirPath()).known();
            if (!known.contains(dataset)) {
                throw new MlcycleException(
                        Reason.NOT_FOUND,
                        "no dataset named \"" + dataset + "\": expected one of " + known + ", and Kafka at " + bootstrap
                                + " has no topic " + topic);
            }
            notes.println("no dead letters: topic " + topic + " does not exist");
            notes.flush();
            return 0;
        }
        Map<TopicPartition, Long> begin = bounds.begin();
        Map<TopicPartition, Long> end = bounds.end();
        long available = bounds.available();
        if (available == 0) {
            notes.println("no dead letters: topic " + topic + " is empty");
            notes.flush();
            return 0;
        }

        int offsetWidth = Math.max(6, Long.toString(bounds.maxEnd()).length());
        Counts counts = new Counts();
        int shown = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap)) {
            if (all && !summary) {
                // One pass: print as we read.
                int[] n = {0};
                scan(consumer, begin, end, rec -> {
                    String reason = reasonOf(rec);
                    counts.seen++;
                    if (wanted == null || wanted.contains(reason)) {
                        counts.add(reason);
                        if (n[0]++ == 0) {
                            printHeaderUnlessJson(out, offsetWidth);
                        }
                        render(out, rec, offsetWidth);
                    }
                });
                shown = n[0];
            } else {
                // Two passes: count and remember where the last N are, then read only those again.
                int keep = summary ? 0 : (limit == null ? DEFAULT_LIMIT : limit);
                ArrayDeque<long[]> last = new ArrayDeque<>();
                scan(consumer, begin, end, rec -> {
                    String reason = reasonOf(rec);
                    counts.seen++;
                    if (wanted == null || wanted.contains(reason)) {
                        counts.add(reason);
                        if (keep > 0) {
                            last.addLast(new long[] {rec.partition(), rec.offset()});
                            if (last.size() > keep) {
                                last.removeFirst();
                            }
                        }
                    }
                });
                if (!last.isEmpty()) {
                    Map<Integer, TreeSet<Long>> selected = new TreeMap<>();
                    for (long[] po : last) {
                        selected.computeIfAbsent((int) po[0], k -> new TreeSet<>())
                                .add(po[1]);
                    }
                    Map<TopicPartition, Long> from = new TreeMap<>(Comparator.comparingInt(TopicPartition::partition));
                    Map<TopicPartition, Long> to = new TreeMap<>(Comparator.comparingInt(TopicPartition::partition));
                    selected.forEach((p, offsets) -> {
                        from.put(new TopicPartition(topic, p), offsets.first());
                        to.put(new TopicPartition(topic, p), offsets.last() + 1);
                    });
                    printHeaderUnlessJson(out, offsetWidth);
                    scan(consumer, from, to, rec -> {
                        if (selected.get(rec.partition()).contains(rec.offset())) {
                            render(out, rec, offsetWidth);
                        }
                    });
                    shown = last.size();
                }
            }
        }

        if (!json) {
            if (counts.total() == 0) {
                out.printf(
                        Locale.ROOT,
                        "no dead letters with reason %s in %s (%,d others)%n",
                        String.join(" or ", wanted),
                        topic,
                        counts.seen);
            } else {
                if (!summary) {
                    if (shown < counts.total()) {
                        out.printf(
                                Locale.ROOT,
                                "showing the last %,d of %,d; --all shows every one%n",
                                shown,
                                counts.total());
                    }
                    out.println();
                }
                printSummary(out, counts, wanted, topic);
            }
        }
        out.flush();
        return 0;
    }

    private void render(PrintWriter out, ConsumerRecord<byte[], byte[]> rec, int offsetWidth) {
        out.println(json ? jsonLine(rec) : textLine(rec, offsetWidth));
    }

    /** Counts per reason, in the order first seen; {@link #seen} counts records before filtering. */
    static final class Counts {
        final Map<String, Long> byReason = new HashMap<>();
        long seen;

        void add(String reason) {
            byReason.merge(reason, 1L, Long::sum);
        }

        long total() {
            return byReason.values().stream().mapToLong(Long::longValue).sum();
        }

        /** Most frequent first; ties by name. */
        List<Map.Entry<String, Long>> sorted() {
            List<Map.Entry<String, Long>> entries = new ArrayList<>(byReason.entrySet());
            entries.sort(
                    Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
            return entries;
        }
    }

    static void printSummary(PrintWriter out, Counts counts, Set<String> wanted, String topic) {
        int w = Math.max(
                "REASON".length(),
                counts.byReason.keySet().stream().mapToInt(String::length).max().orElse(0));
        String fmt = "%-" + w + "s  %,10d%n";
        out.printf(Locale.ROOT, "%-" + w + "s  %10s%n", "REASON", "COUNT");
        for (Map.Entry<String, Long> e : counts.sorted()) {
            out.printf(Locale.ROOT, fmt, e.getKey(), e.getValue());
        }
        out.printf(Locale.ROOT, fmt, "total", counts.total());
        if (wanted != null) {
            out.printf(
                    Locale.ROOT,
                    "(%,d of the %,d dead letters in %s have reason %s)%n",
                    counts.total(),
                    counts.seen,
                    topic,
                    String.join(" or ", wanted));
        }
    }

    private void printHeaderUnlessJson(PrintWriter out, int offsetWidth) {
        if (!json) {
            out.println(headerLine(offsetWidth));
        }
    }

    static String headerLine(int offsetWidth) {
        return columns(offsetWidth, "OFFSET", "SOURCE", "REASON", "FIELD", "DETAIL", "VALUE");
    }

    private static String columns(
            int offsetWidth, String offset, String source, String reason, String field, String detail, String value) {
        String line = String.format(
                Locale.ROOT,
                "%" + offsetWidth + "s  %-32s  %-16s  %-12s  %-" + DETAIL_CHARS + "s  %s",
                offset,
                source,
                reason,
                field,
                detail,
                value);
        return line.stripTrailing();
    }

    /** One dead letter as a line of the table. */
    static String textLine(ConsumerRecord<byte[], byte[]> rec, int offsetWidth) {
        String field = header(rec, DlqHeaders.FIELD);
        byte[] value = rec.value();
        String preview = Text.preview(value, PREVIEW_CHARS);
        if (value != null && value.length >= BIG_VALUE_BYTES) {
            preview += "  (" + Text.bytes(value.length) + ")";
        }
        return columns(
                offsetWidth,
                Long.toString(rec.offset()),
                source(rec),
                reasonOf(rec),
                field == null || field.isEmpty() ? "-" : Text.cut(field, 40),
                Text.cut(header(rec, DlqHeaders.DETAIL), DETAIL_CHARS),
                preview);
    }

    /** {@code topic-partition@offset} of the source record, from the headers; {@code ?} where missing. */
    static String source(ConsumerRecord<byte[], byte[]> rec) {
        String topic = header(rec, DlqHeaders.SOURCE_TOPIC);
        String partition = header(rec, DlqHeaders.SOURCE_PARTITION);
        String offset = header(rec, DlqHeaders.SOURCE_OFFSET);
        if (topic == null && partition == null && offset == null) {
            return "?";
        }
        return (topic == null ? "?" : topic) + "-" + (partition == null ? "?" : partition) + "@"
                + (offset == null ? "?" : offset);
    }

    /**
     * One dead letter as a JSON object on one line: {@code dlq_partition}, {@code dlq_offset}, {@code
     * dlq_timestamp} (epoch ms), {@code key} (or {@code key_base64}), {@code reason}, {@code field},
     * {@code detail}, {@code source_topic}, {@code source_partition}, {@code source_offset}, {@code
     * source_timestamp} (numbers where the header is one), {@code headers} (every header by name),
     * {@code size} and {@code value} (or {@code value_base64} when it is not UTF-8; null for a
     * tombstone).
     */
    static String jsonLine(ConsumerRecord<byte[], byte[]> rec) {
        ObjectNode o = Json.mapper().createObjectNode();
        o.put("dlq_partition", rec.partition());
        o.put("dlq_offset", rec.offset());
        o.put("dlq_timestamp", rec.timestamp());
        putBytes(o, "key", rec.key());
        o.put("reason", reasonOf(rec));
        putText(o, "field", header(rec, DlqHeaders.FIELD));
        putText(o, "detail", header(rec, DlqHeaders.DETAIL));
        putText(o, "source_topic", header(rec, DlqHeaders.SOURCE_TOPIC));
        putNumber(o, "source_partition", header(rec, DlqHeaders.SOURCE_PARTITION));
        putNumber(o, "source_offset", header(rec, DlqHeaders.SOURCE_OFFSET));
        putNumber(o, "source_timestamp", header(rec, DlqHeaders.SOURCE_TIMESTAMP));
        ObjectNode headers = o.putObject("headers");
        ObjectNode binaryHeaders = null;
        for (Header h : rec.headers()) {
            byte[] v = h.value();
            if (v == null) {
                headers.putNull(h.key());
            } else if (Utf8.isValid(v)) {
                headers.put(h.key(), new String(v, StandardCharsets.UTF_8));
            } else {
                if (binaryHeaders == null) {
                    binaryHeaders = Json.mapper().createObjectNode();
                }
                binaryHeaders.put(h.key(), Base64.getEncoder().encodeToString(v));
            }
        }
        if (binaryHeaders != null) {
            o.set("headers_base64", binaryHeaders);
        }
        o.put("size", rec.value() == null ? 0 : rec.value().length);
        putBytes(o, "value", rec.value());
        try {
            return Json.mapper().writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new MlcycleException(Reason.INTERNAL, "cannot write dead letter " + rec.offset() + " as JSON", e);
        }
    }

    private static void putBytes(ObjectNode o, String name, byte[] bytes) {
        if (bytes == null) {
            o.putNull(name);
        } else if (Utf8.isValid(bytes)) {
            o.put(name, new String(bytes, StandardCharsets.UTF_8));
        } else {
            o.put(name + "_base64", Base64.getEncoder().encodeToString(bytes));
        }
    }

    private static void putText(ObjectNode o, String name, String value) {
        if (value == null) {
            o.putNull(name);
        } else {
            o.put(name, value);
        }
    }

    private static void putNumber(ObjectNode o, String name, String value) {
        if (value == null) {
            o.putNull(name);
            return;
        }
        try {
            o.put(name, Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            o.put(name, value);
        }
    }

    /** The reason header, or {@code ?} when a record has none. */
    static String reasonOf(ConsumerRecord<byte[], byte[]> rec) {
        String r = header(rec, DlqHeaders.REASON);
        return r == null || r.isBlank() ? NO_REASON : r;
    }

    /** A header's value as UTF-8 (the contract), the last one when repeated; null when absent. */
    static String header(ConsumerRecord<byte[], byte[]> rec, String name) {
        Header h = rec.headers().lastHeader(name);
        if (h == null || h.value() == null) {
            return null;
        }
        return new String(h.value(), StandardCharsets.UTF_8);
    }

    /**
     * The {@code --reason} values as reason names, or null for no filter. Case and {@code -} versus
     * {@code _} do not matter; anything else that is not a {@link RejectReason} is refused with the list.
     */
    static Set<String> reasonFilter(List<String> values) {
        if (values == null || values.isEmpty()) {
            return null;
        }
        Set<String> names = new LinkedHashSet<>();
        for (String v : values) {
            String name = v.trim().toUpperCase(Locale.ROOT).replace('-', '_');
            if (name.isEmpty()) {
                continue;
            }
            try {
                names.add(RejectReason.valueOf(name).name());
            } catch (IllegalArgumentException e) {
                throw new MlcycleException(
                        Reason.INVALID_ARGUMENT,
                        "--reason: expected one of "
                                + Arrays.stream(RejectReason.values())
                                        .map(Enum::name)
                                        .collect(Collectors.joining(", "))
                                + ", got \"" + v.trim() + "\"");
            }
        }
        if (names.isEmpty()) {
            throw new MlcycleException(Reason.INVALID_ARGUMENT, "--reason: expected a reason code, got nothing");
        }
        return names;
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String bootstrap) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "mlcycle-dlq");
        props.put(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                IsolationLevel.READ_COMMITTED.toString().toLowerCase(Locale.ROOT));
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, FETCH_BYTES);
        props.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, FETCH_BYTES);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) KafkaCalls.TIMEOUT.toMillis());
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * Reads each partition in turn, in partition order, from {@code from} up to (not including) {@code
     * to}, handing every record to {@code sink} (platform/topics' {@link TopicReplay#range}). Gives up
     * with a sentence when the broker stops delivering for {@link #STALL_TIMEOUT}.
     */
    static void scan(
            KafkaConsumer<byte[], byte[]> consumer,
            Map<TopicPartition, Long> from,
            Map<TopicPartition, Long> to,
            Consumer<ConsumerRecord<byte[], byte[]>> sink) {
        try {
            TopicReplay.over(consumer).range(from, to, TopicReplay.Bound.stallAfter(STALL_TIMEOUT), sink);
        } catch (MlcycleException e) {
            throw new MlcycleException(e.reason(), e.getMessage() + "; is Kafka still running? (mlcycle up)", e);
        }
    }
}
