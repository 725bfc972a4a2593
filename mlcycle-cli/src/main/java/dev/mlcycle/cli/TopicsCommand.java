package dev.mlcycle.cli;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.contracts.Topics;
import dev.mlcycle.topics.TopicReplay;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mlcycle topics}: the broker's topics with partitions, message counts, retention and policy. */
@Command(
        name = "topics",
        mixinStandardHelpOptions = true,
        description = "List topics with partitions, message counts, cleanup policy and retention.")
final class TopicsCommand implements Callable<Integer> {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Mixin
    CommonOptions common;

    @Option(names = "--all", description = "Also list topics that are not mlcycle's (internal ones stay hidden).")
    boolean all;

    @Option(
            names = "--exact",
            description = {
                "Count messages by reading them (committed records only) instead of from offsets.",
                "Offsets overcount compacted topics and transaction markers; reading is exact but slower."
            })
    boolean exact;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** One row of the listing. */
    record Row(String topic, int partitions, long messages, String policy, String retention) {}

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        List<Row> rows = list(common.bootstrap(), all, exact);
        if (rows.isEmpty()) {
            out.println(
                    "No " + (all ? "" : "mlcycle ") + "topics on " + common.bootstrap() + ". Start with: mlcycle up");
            return 0;
        }
        int w = Math.max(
                5, rows.stream().mapToInt(r -> r.topic().length()).max().orElse(5));
        String fmt = "%-" + w + "s  %10s  %14s  %-8s  %s%n";
        out.printf(Locale.ROOT, fmt, "TOPIC", "PARTITIONS", "MESSAGES", "POLICY", "RETENTION");
        boolean approximate = false;
        for (Row r : rows) {
            boolean approx = !exact && r.policy().contains("compact");
            approximate |= approx;
            out.printf(
                    Locale.ROOT,
                    fmt,
                    r.topic(),
                    r.partitions(),
                    (approx ? "<= " : "") + String.format(Locale.ROOT, "%,d", r.messages()),
                    r.policy(),
                    r.retention());
        }
        if (approximate) {
            out.println(
                    "<= : offset span of a compacted topic; compaction may have removed some. --exact counts them.");
        }
        out.flush();
        return 0;
    }

    static List<Row> list(String bootstrap, boolean all, boolean exact) throws InterruptedException {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        try (Admin admin = Admin.create(props)) {
            List<String> names = new ArrayList<>();
            for (String n : get(admin.listTopics().names())) {
                if (all || n.startsWith(Topics.PREFIX)) {
                    names.add(n);
                }
            }
            names.sort(String::compareTo);
            if (names.isEmpty()) {
                return List.of();
            }
            Map<String, TopicDescription> descriptions =
                    get(admin.describeTopics(names).allTopicNames());
            Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (TopicDescription d : descriptions.values()) {
                d.partitions().forEach(p -> {
                    earliest.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.earliest());
                    latest.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest());
                });
            }
            Map<TopicPartition, ListOffsetsResultInfo> begin =
                    get(admin.listOffsets(earliest).all());
            Map<TopicPartition, ListOffsetsResultInfo> end =
                    get(admin.listOffsets(latest).all());
            List<ConfigResource> resources = names.stream()
                    .map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n))
                    .toList();
            Map<ConfigResource, Config> configs =
                    get(admin.describeConfigs(resources).all());

            Map<String, Long> counts = new TreeMap<>();
            for (TopicPartition tp : end.keySet()) {
                counts.merge(tp.topic(), end.get(tp).offset() - begin.get(tp).offset(), Long::sum);
            }
            if (exact) {
                counts = countByReading(bootstrap, begin, end);
            }
            List<Row> rows = new ArrayList<>();
            for (String n : names) {
                Config c = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, n));
                String policy = c.get("cleanup.policy") == null
                        ? "?"
                        : c.get("cleanup.policy").value();
                String retention = c.get("retention.ms") == null
                        ? "?"
                        : retention(Long.parseLong(c.get("retention.ms").value()));
                rows.add(new Row(
                        n, descriptions.get(n).partitions().size(), counts.getOrDefault(n, 0L), policy, retention));
            }
            return rows;
        }
    }

    /** Reads every partition from its first to its last offset, counting committed records. */
    private static Map<String, Long> countByReading(
            String bootstrap,
            Map<TopicPartition, ListOffsetsResultInfo> begin,
            Map<TopicPartition, ListOffsetsResultInfo> end) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                IsolationLevel.READ_COMMITTED.toString().toLowerCase(Locale.ROOT));
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        Map<String, Long> counts = new TreeMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            Map<TopicPartition, Long> from = new LinkedHashMap<>();
            Map<TopicPartition, Long> to = new HashMap<>();
            for (TopicPartition tp : end.keySet()) {
                counts.putIfAbsent(tp.topic(), 0L);
                from.put(tp, begin.get(tp).offset());
                to.put(tp, end.get(tp).offset());
            }
            try {
                TopicReplay.over(consumer)
                        .range(
                                from,
                                to,
                                TopicReplay.Bound.within(Duration.ofMinutes(5)),
                                r -> counts.merge(r.topic(), 1L, Long::sum));
            } catch (MlcycleException e) {
                throw new MlcycleException(
                        Reason.UNAVAILABLE,
                        "counting took over 5 minutes or Kafka stopped answering (" + e.getMessage()
                                + "); use mlcycle topics without --exact",
                        e);
            }
        }
        return counts;
    }

    static String retention(long ms) {
        if (ms < 0) {
            return "forever";
        }
        Duration d = Duration.ofMillis(ms);
        if (d.toDaysPart() > 0 && d.toHoursPart() == 0 && d.toMinutesPart() == 0) {
            return d.toDays() + "d";
        }
        if (d.toHours() > 0 && d.toMinutesPart() == 0) {
            return d.toHours() + "h";
        }
        return d.toMinutes() + "m";
    }

    private static <T> T get(org.apache.kafka.common.KafkaFuture<T> future) throws InterruptedException {
        try {
            return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw new MlcycleException(
                        Reason.UNAVAILABLE,
                        "no answer from Kafka within " + TIMEOUT.toSeconds() + " s; is it running? (mlcycle up)",
                        e.getCause());
            }
            throw new MlcycleException(
                    Reason.UNAVAILABLE, "Kafka refused: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new MlcycleException(
                    Reason.UNAVAILABLE,
                    "no answer from Kafka within " + TIMEOUT.toSeconds() + " s; is it running? (mlcycle up)");
        }
    }
}
