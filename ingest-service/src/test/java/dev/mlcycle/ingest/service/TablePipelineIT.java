package dev.mlcycle.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mlcycle.contracts.DlqHeaders;
import dev.mlcycle.contracts.Topics;
import dev.mlcycle.contracts.json.Codecs;
import dev.mlcycle.contracts.record.FeatureEvent;
import dev.mlcycle.contracts.record.LakeCommit;
import dev.mlcycle.contracts.record.OffsetRange;
import dev.mlcycle.contracts.spec.DatasetSpec;
import dev.mlcycle.contracts.spec.DatasetSpecs;
import dev.mlcycle.contracts.validation.FeatureEventCodec;
import dev.mlcycle.datagen.model.CreditExamples;
import dev.mlcycle.ingest.adapter.CommitAnnouncer;
import dev.mlcycle.ingest.adapter.CommitLog;
import dev.mlcycle.ingest.adapter.DeadLetterIndex;
import dev.mlcycle.ingest.adapter.DeadLetters;
import dev.mlcycle.ingest.adapter.KafkaClients;
import dev.mlcycle.ingest.adapter.TopicSource;
import dev.mlcycle.kafka.local.LocalKafka;
import dev.mlcycle.kafka.local.junit.WithLocalKafka;
import dev.mlcycle.lake.CompactionOptions;
import dev.mlcycle.lake.Compactor;
import dev.mlcycle.lake.Lake;
import dev.mlcycle.lake.LakeTable;
import dev.mlcycle.lake.RowBatch;
import dev.mlcycle.lake.SourcePartition;
import dev.mlcycle.lake.TableKind;
import dev.mlcycle.lake.TableWriter;
import dev.mlcycle.lake.WriterOptions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One table's pipeline against the real broker and a real lake on disk: exactly the valid rows land, once, and the
 * rejected records are dead-lettered once, across graceful stops, crashes (halt) and a misleading consumer group.
 */
@WithLocalKafka
class TablePipelineIT {
    private static final AtomicInteger DATASETS = new AtomicInteger();

    @TempDir
    Path data;

    private final List<Running> running = new ArrayList<>();
    private final List<CommitAnnouncer> announcers = new ArrayList<>();
    private Lake lake;

    @AfterEach
    void stopAll() {
        running.forEach(r -> r.pipeline.halt());
        running.forEach(Running::join);
        announcers.forEach(CommitAnnouncer::close);
        if (lake != null) {
            lake.close();
        }
    }

    @Test
    void landsTheValidRowsOnceAndDeadLettersTheRestWithTheirReasons(LocalKafka kafka) throws Exception {
        DatasetSpec spec = newDataset(kafka);
        List<byte[]> bad = List.of(
                "{not json".getBytes(StandardCharsets.UTF_8),
                validJson(spec, "x-1", 0).replace("\"north\"", "\"mars\"").getBytes(StandardCharsets.UTF_8),
                validJson(spec, "x-2", 0).replace("\"age\":30", "\"age\":-3").getBytes(StandardCharsets.UTF_8));
        produce(kafka, spec, 0, 3000, bad, 1000);

        Running r = start(kafka, spec, new FlushPolicy(Duration.ofMillis(300), Duration.ofSeconds(30), 1000, 1 << 30));
        awaitCaughtUp(kafka, spec);

        assertThat(ids(spec)).hasSize(3000).doesNotHaveDuplicates();
        List<ConsumerRecord<byte[], byte[]>> dead = readAll(kafka, Topics.dlq(spec.name()));
        assertThat(dead)
                .extracting(d -> header(d, DlqHeaders.REASON))
                .containsExactlyInAnyOrder("NOT_JSON", "UNKNOWN_CATEGORY", "OUT_OF_RANGE");
        assertThat(dead).extracting(ConsumerRecord::value).containsExactlyInAnyOrderElementsOf(bad);
        for (ConsumerRecord<byte[], byte[]> d : dead) {
            assertThat(header(d, DlqHeaders.SOURCE_TOPIC)).isEqualTo(Topics.events(spec.name()));
            assertThat(Long.parseLong(header(d, DlqHeaders.SOURCE_OFFSET))).isNotNegative();
        }
        assertThat(r.status.rejectedCount()).isEqualTo(3);
        assertThat(r.meters.rejectedCount(dev.mlcycle.contracts.validation.RejectReason.UNKNOWN_CATEGORY))
                .isEqualTo(1);

        // Every append is announced with its rows, offsets and event times.
        List<LakeCommit> commits = readAll(kafka, Topics.LAKE_COMMITS).stream()
                .filter(c -> spec.name().equals(new String(c.key(), StandardCharsets.UTF_8)))
                .map(c -> Codecs.LAKE_COMMIT.decode(c.value(), "lake commit"))
                .toList();
        assertThat(commits).isNotEmpty();
        assertThat(commits.stream().mapToLong(LakeCommit::rows).sum()).isEqualTo(3000);
        assertThat(commits).allSatisfy(c -> {
            assertThat(c.table()).isEqualTo("events");
            assertThat(c.operation()).isEqualTo(LakeCommit.Operation.APPEND);
        });
        long offsetsCovered = commits.stream()
                .flatMap(c -> c.offsets().stream())
                .mapToLong(o -> o.untilOffset() - o.fromOffset())
                .sum();
        assertThat(offsetsCovered).isEqualTo(3003);
    }

    @Test
    void resumesFromTheLakeNotFromTheConsumerGroup(LocalKafka kafka) throws Exception {
        DatasetSpec spec = newDataset(kafka);
        produce(kafka, spec, 0, 1000, List.of(), 0);
        Running first = start(kafka, spec, quick());
        awaitCaughtUp(kafka, spec);
        first.pipeline.stop();
        first.join();

        // The group now claims nothing was read; the lake knows better.
        try (Admin admin = kafka.admin()) {
            Map<TopicPartition, OffsetAndMetadata> zero = new HashMap<>();
            for (int p = 0; p < Topics.DATA_PARTITIONS; p++) {
                zero.put(new TopicPartition(Topics.events(spec.name()), p), new OffsetAndMetadata(0));
            }
            // A static member stays in the group after it stops; remove it so the offsets can be altered.
            admin.removeMembersFromConsumerGroup(
                            group(spec), new org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions())
                    .all()
                    .get();
            admin.alterConsumerGroupOffsets(group(spec), zero).all().get();
        }
        produce(kafka, spec, 1000, 500, List.of(), 0);
        start(kafka, spec, quick());
        awaitCaughtUp(kafka, spec);

        assertThat(ids(spec)).hasSize(1500).doesNotHaveDuplicates();
    }

    @Test
    void aCrashLosesNothingAndDuplicatesNothingNotEvenDeadLetters(LocalKafka kafka) throws Exception {
        DatasetSpec spec = newDataset(kafka);
        List<byte[]> bad = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            bad.add(("{broken " + i).getBytes(StandardCharsets.UTF_8));
        }
        produce(kafka, spec, 0, 4000, bad, 100);

        // Commits every 1500 records; halted right after its first commit with the rest buffered
        // and their dead letters already sent.
        Running crashing =
                start(kafka, spec, new FlushPolicy(Duration.ofMinutes(5), Duration.ofMinutes(5), 1500, 1 << 30));
        await().atMost(Duration.ofSeconds(60)).until(() -> crashing.status.commits() >= 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> crashing.status.recordsIn() >= 3000);
        crashing.pipeline.halt();
        crashing.join();
        long committedBefore = countRows(spec);
        assertThat(committedBefore).isLessThan(4000);
        assertThat(readAll(kafka, Topics.dlq(spec.name())).size()).isGreaterThan(15);

        start(kafka, spec, quick());
        awaitCaughtUp(kafka, spec);

        assertThat(ids(spec)).hasSize(4000).doesNotHaveDuplicates();
        assertThat(readAll(kafka, Topics.dlq(spec.name())))
                .extracting(ConsumerRecord::value)
                .containsExactlyInAnyOrderElementsOf(bad);
    }

    @Test
    void poisonNeverStopsThePipeline(LocalKafka kafka) throws Exception {
        DatasetSpec spec = newDataset(kafka);
        byte[] huge = ("{\"event_id\":\"" + "a".repeat(10 * 1024 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
        byte[] notUtf8 = {'{', '"', (byte) 0xFF, (byte) 0xFE, '"', ':', '1', '}'};
        byte[] deep = ("{\"a\":" + "[".repeat(5000) + "]".repeat(5000) + "}").getBytes(StandardCharsets.UTF_8);
        StringBuilder nulls = new StringBuilder("{");
        nulls.append("\"event_id\":null,\"customer_id\":null,\"event_time\":null");
        spec.features().forEach(f -> nulls.append(",\"").append(f.name()).append("\":null"));
        byte[] allNull = nulls.append('}').toString().getBytes(StandardCharsets.UTF_8);
        List<byte[]> poison = new ArrayList<>(List.of(huge, notUtf8, deep, allNull));
        poison.add(null); // a tombstone
        produce(kafka, spec, 0, 500, poison, 100);

        start(kafka, spec, quick());
        awaitCaughtUp(kafka, spec);

        assertThat(ids(spec)).hasSize(500);
        List<ConsumerRecord<byte[], byte[]>> dead = readAll(kafka, Topics.dlq(spec.name()));
        assertThat(dead)
                .extracting(d -> header(d, DlqHeaders.REASON))
                .containsExactlyInAnyOrder("TOO_LARGE", "NOT_UTF8", "TOO_DEEP", "NULL_VALUE", "EMPTY");
        assertThat(dead)
                .filteredOn(d -> "TOO_LARGE".equals(header(d, DlqHeaders.REASON)))
                .singleElement()
                .satisfies(d -> assertThat(d.value()).isEqualTo(huge));
    }

    @Test
    void announcesOnStartExactlyTheCommitsWhoseAnnouncementNeverWentOut(LocalKafka kafka) throws Exception {
        DatasetSpec spec = newDataset(kafka);
        produce(kafka, spec, 0, 1000, List.of(), 0);
        Running first = start(kafka, spec, quick());
        awaitCaughtUp(kafka, spec);
        first.pipeline.stop();
        first.join();
        LakeTable table = lake.find(spec.name(), TableKind.EVENTS).orElseThrow();
        List<Long> announcedFirst = table.lineage();
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(announcedIds(kafka, spec)).containsExactlyElementsOf(announcedFirst));

        // Commits whose announcement never went out: a run whose commits topic refuses every announcement, a
        // snapshot committed by the lake writer directly, and a compaction.
        String refusing = "refusing-" + spec.name();
        try (Admin admin = kafka.admin()) {
            admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(refusing, 1, (short) 1)
                            .configs(Map.of("max.message.bytes", "64"))))
                    .all()
                    .get();
        }
        produce(kafka, spec, 1000, 500, List.of(), 0);
        Running refused = start(kafka, spec, quick(), consumer(kafka, spec, "refused"), announcer(kafka, refusing, 1));
        awaitCaughtUp(kafka, spec);
        refused.pipeline.stop();
        refused.join();
        try (TableWriter w = table.writer(WriterOptions.defaults())) {
            RowBatch rows = table.newBatch();
            rows.add(CreditExamples.event(7, "direct-1", "c-7", Instant.parse("2026-01-03T00:00:00Z")));
            w.commit(w.write(rows), List.of(new OffsetRange("elsewhere", 0, 0, 1)));
        }
        new Compactor(table, CompactionOptions.defaults().withMinInputFiles(2)).compact();
        List<Long> lineage = table.lineage();
        assertThat(lineage).hasSizeGreaterThanOrEqualTo(announcedFirst.size() + 2);
        assertThat(announcedIds(kafka, spec)).containsExactlyElementsOf(announcedFirst);

        // The next start announces exactly the snapshots after the last one announced, each as its writer made it.
        Running next = start(kafka, spec, quick());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(announcedIds(kafka, spec))
                .containsExactlyInAnyOrderElementsOf(lineage));
        for (LakeCommit c : announced(kafka, spec)) {
            assertThat(c).isEqualTo(table.commitOf(c.snapshotId()));
        }
        next.pipeline.stop();
        next.join();

        // And a start with nothing missing announces nothing.
        CommitAnnouncer quiet = announcer(kafka, Topics.LAKE_COMMITS, 3);
        Running again = start(kafka, spec, quick(), consumer(kafka, spec, "again"), quiet);
        await().atMost(Duration.ofSeconds(30)).until(() -> again.status.state() == PipelineStatus.State.RUNNING);
        again.pipeline.stop();
        again.join();
        quiet.close();
        assertThat(announcedIds(kafka, spec)).containsExactlyInAnyOrderElementsOf(lineage);
    }

    @Test
    void deadLettersOfAPartitionThatMovesToAnotherPipelineAreSentOnce(LocalKafka kafka) throws Exception {
        DatasetSpec spec = newDataset(kafka);
        // One pipeline that commits nothing on its own, then a second one that takes half the partitions.
        FlushPolicy never = new FlushPolicy(Duration.ofMinutes(10), Duration.ofMinutes(10), 1_000_000, 1L << 40);
        Running holding =
                start(kafka, spec, never, consumer(kafka, spec, "holding"), announcer(kafka, Topics.LAKE_COMMITS, 3));
        await().atMost(Duration.ofSeconds(60)).until(() -> membersWithPartitions(kafka, spec) == 1);
        Running taking =
                start(kafka, spec, quick(), consumer(kafka, spec, "taking"), announcer(kafka, Topics.LAKE_COMMITS, 3));
        await().atMost(Duration.ofSeconds(60)).until(() -> membersWithPartitions(kafka, spec) == 2);

        // Malformed records on every partition, after both have started.
        List<byte[]> bad = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            bad.add(("{broken " + i).getBytes(StandardCharsets.UTF_8));
        }
        produceSpread(kafka, spec, 600, bad);
        // Both have dead-lettered what they read; the holding one has committed none of it ...
        await().atMost(Duration.ofSeconds(60))
                .until(() -> readAll(kafka, Topics.dlq(spec.name())).size() >= bad.size());
        assertThat(holding.status.recordsIn()).isPositive();
        // ... and crashes: its partitions move to the other one, which reads them again from the lake's offsets.
        holding.pipeline.halt();
        holding.join();
        awaitCaughtUp(kafka, spec);

        assertThat(ids(spec)).hasSize(600).doesNotHaveDuplicates();
        assertThat(readAll(kafka, Topics.dlq(spec.name())))
                .extracting(ConsumerRecord::value)
                .containsExactlyInAnyOrderElementsOf(bad);
    }

    @Test
    void stopsAtOnceWhileTheCommitsTopicDoesNotAnswer(LocalKafka kafka) throws Exception {
        DatasetSpec spec = newDataset(kafka);
        // Nothing listens on port 1: reading the commits topic would wait out its two minutes.
        CommitLog unreachable = new CommitLog(
                Topics.LAKE_COMMITS, KafkaClients.reader("127.0.0.1:1", "test-unreachable"), Duration.ofMinutes(2));
        Running r = start(
                kafka,
                spec,
                quick(),
                consumer(kafka, spec, "unreachable"),
                announcer(kafka, Topics.LAKE_COMMITS, 3),
                unreachable);
        await().atMost(Duration.ofSeconds(10)).until(() -> r.thread.getState() == Thread.State.TIMED_WAITING);
        r.pipeline.stop();
        await().atMost(Duration.ofSeconds(15)).until(() -> !r.thread.isAlive());
        running.remove(r);
    }

    // --- harness ---

    private record Running(
            TablePipeline pipeline,
            Thread thread,
            PipelineStatus status,
            IngestMetrics.TableMeters meters,
            AtomicReference<Throwable> failure) {
        void join() {
            try {
                thread.join(Duration.ofSeconds(30).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static FlushPolicy quick() {
        return new FlushPolicy(Duration.ofMillis(200), Duration.ofSeconds(10), 2000, 1 << 30);
    }

    private DatasetSpec newDataset(LocalKafka kafka) throws IOException {
        String name = "pipe" + DATASETS.incrementAndGet() + "x" + Long.toString(System.nanoTime() % 100000);
        String yaml;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("datasets/credit.yaml")) {
            yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        DatasetSpec spec = DatasetSpecs.parse(yaml.replaceFirst("(?m)^name: credit$", "name: " + name), name + ".yaml");
        kafka.ensureContractTopics(name);
        if (lake == null) {
            lake = Lake.open(data.resolve("lake"));
        }
        return spec;
    }

    private static String group(DatasetSpec spec) {
        return "mlcycle-ingest-test." + spec.name() + ".events";
    }

    private Running start(LocalKafka kafka, DatasetSpec spec, FlushPolicy policy) {
        return start(
                kafka,
                spec,
                policy,
                KafkaClients.consumer(kafka.bootstrapServers(), group(spec), "test", 500),
                announcer(kafka, Topics.LAKE_COMMITS, 3));
    }

    private CommitAnnouncer announcer(LocalKafka kafka, String topic, int attempts) {
        CommitAnnouncer announcer = new CommitAnnouncer(
                topic,
                KafkaClients.producer(kafka.bootstrapServers(), "test-commits"),
                attempts,
                Duration.ofMillis(100),
                (commit, e) -> {});
        announcers.add(announcer);
        return announcer;
    }

    private Running start(
            LocalKafka kafka,
            DatasetSpec spec,
            FlushPolicy policy,
            java.util.Properties consumer,
            CommitAnnouncer announcer) {
        return start(
                kafka,
                spec,
                policy,
                consumer,
                announcer,
                new CommitLog(
                        Topics.LAKE_COMMITS,
                        KafkaClients.reader(kafka.bootstrapServers(), "test-commit-log"),
                        Duration.ofSeconds(30)));
    }

    private Running start(
            LocalKafka kafka,
            DatasetSpec spec,
            FlushPolicy policy,
            java.util.Properties consumer,
            CommitAnnouncer announcer,
            CommitLog commitLog) {
        String bootstrap = kafka.bootstrapServers();
        LakeTable table = lake.table(spec, TableKind.EVENTS);
        String topic = Topics.events(spec.name());
        PipelineStatus status = new PipelineStatus(spec.name(), "events", topic);
        IngestMetrics.TableMeters meters = IngestMetrics.forTable(new SimpleMeterRegistry(), spec.name(), "events");
        TablePipeline pipeline = new TablePipeline(
                new TablePipeline.Parts(
                        table,
                        RecordCheck.forEvents(spec, table, Clock.systemUTC()),
                        new TopicSource(topic, consumer),
                        new DeadLetters(Topics.dlq(spec.name()), KafkaClients.producer(bootstrap, "test-dlq")),
                        new DeadLetterIndex(
                                Topics.dlq(spec.name()),
                                topic,
                                KafkaClients.reader(bootstrap, "test-scan"),
                                Duration.ofSeconds(30)),
                        announcer,
                        commitLog,
                        table.writer(WriterOptions.defaults()),
                        policy,
                        Duration.ofMillis(100),
                        meters,
                        status),
                spec.id());
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread thread = new Thread(
                () -> {
                    try (pipeline) {
                        pipeline.run();
                    } catch (Throwable t) {
                        failure.set(t);
                    }
                },
                "test-pipeline-" + spec.name());
        thread.start();
        Running r = new Running(pipeline, thread, status, meters, failure);
        running.add(r);
        return r;
    }

    /** A consumer of its own in the test's group, leaving it at once when closed (no static membership). */
    private static java.util.Properties consumer(LocalKafka kafka, DatasetSpec spec, String name) {
        java.util.Properties p = KafkaClients.consumer(kafka.bootstrapServers(), group(spec), "test-" + name, 500);
        p.remove(org.apache.kafka.clients.consumer.ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        return p;
    }

    /** How many members of the test's group have partitions. */
    private static long membersWithPartitions(LocalKafka kafka, DatasetSpec spec) throws Exception {
        try (Admin admin = kafka.admin()) {
            return admin.describeConsumerGroups(List.of(group(spec))).all().get().get(group(spec)).members().stream()
                    .filter(m -> !m.assignment().topicPartitions().isEmpty())
                    .count();
        }
    }

    /** {@code n} valid events and the bad values, spread over every partition of the events topic. */
    private static void produceSpread(LocalKafka kafka, DatasetSpec spec, int n, List<byte[]> bad) throws Exception {
        var props = KafkaClients.producer(kafka.bootstrapServers(), "test-producer");
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(props)) {
            String topic = Topics.events(spec.name());
            List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                sent.add(p.send(new ProducerRecord<>(
                        topic,
                        i % Topics.DATA_PARTITIONS,
                        ("c-" + (i % 97)).getBytes(StandardCharsets.UTF_8),
                        validJson(spec, spec.name() + "-" + i, i).getBytes(StandardCharsets.UTF_8))));
            }
            for (int b = 0; b < bad.size(); b++) {
                sent.add(p.send(new ProducerRecord<>(topic, b % Topics.DATA_PARTITIONS, null, bad.get(b))));
            }
            p.flush();
            for (var f : sent) {
                f.get();
            }
        }
    }

    private static List<LakeCommit> announced(LocalKafka kafka, DatasetSpec spec) {
        return readAll(kafka, Topics.LAKE_COMMITS).stream()
                .filter(c -> spec.name().equals(new String(c.key(), StandardCharsets.UTF_8)))
                .map(c -> Codecs.LAKE_COMMIT.decode(c.value(), "lake commit"))
                .filter(c -> c.table().equals("events"))
                .toList();
    }

    private static List<Long> announcedIds(LocalKafka kafka, DatasetSpec spec) {
        return announced(kafka, spec).stream().map(LakeCommit::snapshotId).toList();
    }

    private static String validJson(DatasetSpec spec, String id, int i) {
        FeatureEvent e = CreditExamples.event(
                i, id, "c-" + (i % 97), Instant.parse("2026-01-01T00:00:00Z").plusSeconds(600L * i));
        return new String(new FeatureEventCodec(spec).encode(e), StandardCharsets.UTF_8);
    }

    /** Valid events {@code from..from+n-1}, with the bad values spread among them every {@code every} records. */
    private static void produce(LocalKafka kafka, DatasetSpec spec, int from, int n, List<byte[]> bad, int every)
            throws Exception {
        var props = KafkaClients.producer(kafka.bootstrapServers(), "test-producer");
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(props)) {
            String topic = Topics.events(spec.name());
            List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
            int b = 0;
            for (int i = from; i < from + n; i++) {
                String json = validJson(spec, spec.name() + "-" + i, i);
                sent.add(p.send(new ProducerRecord<>(
                        topic,
                        ("c-" + (i % 97)).getBytes(StandardCharsets.UTF_8),
                        json.getBytes(StandardCharsets.UTF_8))));
                if (every > 0 && (i - from) % every == every - 1 && b < bad.size()) {
                    sent.add(p.send(new ProducerRecord<>(topic, null, bad.get(b++))));
                }
            }
            while (b < bad.size()) {
                sent.add(p.send(new ProducerRecord<>(topic, null, bad.get(b++))));
            }
            p.flush();
            for (var f : sent) {
                f.get(); // a failed send fails the test here, not later as missing rows
            }
        }
    }

    private void awaitCaughtUp(LocalKafka kafka, DatasetSpec spec) {
        String topic = Topics.events(spec.name());
        Map<TopicPartition, Long> end;
        try (KafkaConsumer<byte[], byte[]> c =
                new KafkaConsumer<>(KafkaClients.reader(kafka.bootstrapServers(), "test-end"))) {
            List<TopicPartition> tps = new ArrayList<>();
            for (int p = 0; p < Topics.DATA_PARTITIONS; p++) {
                tps.add(new TopicPartition(topic, p));
            }
            end = c.endOffsets(tps);
        }
        assertThat(end.values().stream().mapToLong(Long::longValue).sum())
                .as("records on " + topic)
                .isPositive();
        LakeTable table = lake.find(spec.name(), TableKind.EVENTS).orElseThrow();
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> {
                    running.forEach(r ->
                            assertThat(r.failure.get()).as("pipeline failure").isNull());
                    table.refresh();
                    Map<SourcePartition, Long> committed = table.committedOffsets();
                    for (var e : end.entrySet()) {
                        if (e.getValue() > 0) {
                            assertThat(committed.get(new SourcePartition(
                                            topic, e.getKey().partition())))
                                    .as("committed offset of " + e.getKey())
                                    .isEqualTo(e.getValue());
                        }
                    }
                });
    }

    private List<String> ids(DatasetSpec spec) throws IOException {
        LakeTable table = lake.find(spec.name(), TableKind.EVENTS).orElseThrow();
        table.refresh();
        List<String> ids = new ArrayList<>();
        try (CloseableIterable<Record> rows =
                IcebergGenerics.read(table.iceberg()).build()) {
            rows.forEach(r -> ids.add((String) r.getField(spec.id())));
        }
        return ids;
    }

    private long countRows(DatasetSpec spec) throws IOException {
        LakeTable table = lake.find(spec.name(), TableKind.EVENTS).orElseThrow();
        table.refresh();
        return table.liveFiles(OptionalLong.empty()).stream()
                .mapToLong(f -> f.rows())
                .sum();
    }

    private static List<ConsumerRecord<byte[], byte[]>> readAll(LocalKafka kafka, String topic) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c =
                new KafkaConsumer<>(KafkaClients.reader(kafka.bootstrapServers(), "test-read"))) {
            List<TopicPartition> tps = c.partitionsFor(topic).stream()
                    .map(i -> new TopicPartition(topic, i.partition()))
                    .toList();
            c.assign(tps);
            c.seekToBeginning(tps);
            Map<TopicPartition, Long> end = c.endOffsets(tps);
            while (tps.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
