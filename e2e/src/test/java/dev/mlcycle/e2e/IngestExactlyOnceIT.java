package dev.mlcycle.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlcycle.contracts.DlqHeaders;
import dev.mlcycle.contracts.Topics;
import dev.mlcycle.contracts.spec.DatasetSpecs;
import dev.mlcycle.datagen.manifest.Manifest;
import dev.mlcycle.datagen.manifest.ManifestJson;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ingest issue's "done when": a million events stream into Kafka while the packaged ingest-service is
 * killed with SIGKILL ten times at random instants (some during its start-up, some while it works) and
 * the broker is restarted under it; afterwards the lake holds every valid event and label exactly once,
 * the dead-letter topic holds exactly the malformed records with their reasons, and every live Parquet
 * file is sorted, holds one day and is right-sized. The lake is checked by an independent reader (DuckDB
 * in Node.js over the live files that {@code mlcycle lake} lists), the dead letters by a plain Kafka
 * consumer.
 *
 * <p>Everything runs as child processes on free ports in a fresh data directory (kept if the test
 * fails); their logs are under {@code target/e2e-logs/IngestExactlyOnceIT/}.
 */
@ExtendWith(ChildLogs.OnFailure.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IngestExactlyOnceIT {
    static final String DATASET = "credit";
    static final long EVENTS = 1_000_000;
    static final long SEED = 20_251_121L;
    /**
     * Events per second (and as many labels): a stream of about 90 s, so that the ten crash cycles fall
     * inside it; each needs a start-up of 3 to 6 s on two busy cores, and most wait for a first commit.
     */
    static final int RATE = 11_000;

    static final int KILLS = 10;
    /**
     * Seeds the crash schedule: with the aims' weights below it picks, in order, committed, reading,
     * committed, start-up, start-up, committed, committed, reading, committed, reading.
     */
    static final long CRASH_SEED = 7;

    static final long TARGET_FILE_BYTES = 1L << 20;
    /**
     * A file may exceed the target by this share: the writer rolls a file once its bytes, as Parquet
     * reports them while writing, reach the target, so the last row group and the footer come on top.
     */
    static final double FILE_SIZE_SLACK = 0.10;
    /** After compaction no partition keeps {@value #MAX_SMALL_FILES} or more files under this share. */
    static final double SMALL_FILE_RATIO = 0.75;

    static final int MAX_SMALL_FILES = 5;
    /** The spec's sort key, which the lake's files must follow: region, employment, event_time for credit. */
    static final List<String> SORT_KEY = DatasetSpecs.loadResource(
                    IngestExactlyOnceIT.class.getClassLoader(), "datasets/" + DATASET + ".yaml")
            .sort();

    /** The packaged service; {@code -Dmlcycle.ingest.jar=...} runs another build of it. */
    static final Path INGEST_JAR = Path.of(System.getProperty(
            "mlcycle.ingest.jar",
            Processes.ROOT
                    .resolve("ingest-service/target/quarkus-app/quarkus-run.jar")
                    .toString()));

    static final String EVENTS_TOPIC = Topics.events(DATASET);
    static final String LABELS_TOPIC = Topics.labels(DATASET);
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path dataDir;

    static String bootstrap;
    static ServiceProcess broker;
    static ServiceProcess ingest;
    static ServiceProcess generate;
    static URI ingestStatus;
    static Manifest manifest;
    static LakeCli lake;
    static LakeCli.Table events;
    static LakeCli.Table labels;

    @BeforeAll
    static void streamAMillionEventsThroughTenCrashesAndABrokerRestart() throws Exception {
        Path logs = ChildLogs.dirFor(IngestExactlyOnceIT.class);
        assertThat(INGEST_JAR)
                .as("the packaged ingest-service; build it with ./mvnw -pl ingest-service -am package")
                .exists();
        int kafkaPort = Processes.freePort();
        int controllerPort = Processes.freePort();
        int ingestPort = Processes.freePort();
        bootstrap = "127.0.0.1:" + kafkaPort;
        lake = new LakeCli(dataDir);
        ChildLogs.step("data dir %s, Kafka %s, ingest port %d, logs in %s", dataDir, bootstrap, ingestPort, logs);

        List<String> upArgs = new ArrayList<>(List.of(
                "up",
                "--data-dir",
                dataDir.toString(),
                "--kafka-port",
                Integer.toString(kafkaPort),
                "--controller-port",
                Integer.toString(controllerPort),
                "--dataset",
                DATASET));
        if (Processes.mlcycle(Duration.ofSeconds(60), "up", "--help").output().contains("--no-ingest")) {
            upArgs.add("--no-ingest"); // this test runs the ingest service itself, to crash it
        }
        upArgs.add("--no-training");
        upArgs.add("--no-serving");
        upArgs.add("--no-monitoring");
        broker = ServiceProcess.mlcycle("mlcycle-up", logs, "Press Ctrl-C to stop.", upArgs.toArray(String[]::new))
                .start()
                .awaitReady(Duration.ofSeconds(120));
        ChildLogs.step("broker up (%s)", String.join(" ", upArgs));

        Map<String, String> env = new LinkedHashMap<>();
        env.put("MLCYCLE_DATA_DIR", dataDir.toString());
        env.put("MLCYCLE_KAFKA_BOOTSTRAP", bootstrap);
        env.put("QUARKUS_HTTP_PORT", Integer.toString(ingestPort));
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("INGEST_DATASETS", DATASET);
        env.put("INGEST_LAKE_TARGET_FILE_BYTES", Long.toString(TARGET_FILE_BYTES));
        env.put("INGEST_FLUSH_IDLE", "1s");
        // Commit every 2 s while the stream flows, so that crashes fall between and inside commits rather
        // than all before the first one.
        env.put("INGEST_FLUSH_MAX_INTERVAL", "2s");
        env.put("INGEST_COMPACTION_INTERVAL", "5s");
        ingestStatus = URI.create("http://127.0.0.1:" + ingestPort + "/ingest/status");
        Path app = ServiceProcess.snapshot(INGEST_JAR.getParent(), dataDir.resolve("ingest-app"));
        ingest = ServiceProcess.javaJar(
                        "ingest",
                        app.resolve(INGEST_JAR.getFileName()),
                        "1g",
                        env,
                        URI.create("http://127.0.0.1:" + ingestPort + "/q/health/ready"),
                        logs)
                .start();
        ChildLogs.step("ingest started as pid %d", ingest.pid());

        Path manifestFile = dataDir.resolve("generated/exactly-once.manifest.json");
        generate = ServiceProcess.mlcycle(
                        "generate",
                        logs,
                        "Generated ",
                        "generate",
                        "--bootstrap",
                        bootstrap,
                        "--data-dir",
                        dataDir.toString(),
                        "--dataset",
                        DATASET,
                        "--events",
                        Long.toString(EVENTS),
                        "--malformed",
                        "0.01",
                        "--seed",
                        Long.toString(SEED),
                        "--rate",
                        Integer.toString(RATE),
                        "--manifest",
                        manifestFile.toString())
                .start();
        ChildLogs.step("generate started: %,d events at %,d/s, 1 %% malformed, seed %d", EVENTS, RATE, SEED);

        List<Long> commitsAtKill = new ArrayList<>();
        // Crashes aimed at the start-up (recovering from the last crash), at the first batches (read, not yet
        // committed) and at an incarnation that has committed (between, during and right after commits).
        List<CrashLoop.Crash> crashes = new CrashLoop(ingest, new Random(CRASH_SEED))
                .aim("start-up", 2, s -> true, Duration.ZERO, Duration.ofMillis(2_500))
                .aim(
                        "reading",
                        3,
                        s -> everyTable(t -> field(t, "recordsIn").asLong() > 0),
                        Duration.ZERO,
                        Duration.ofSeconds(3))
                .aim(
                        "committed",
                        5,
                        s -> everyTable(t -> field(t, "commits").asLong() > 0),
                        Duration.ZERO,
                        Duration.ofSeconds(4))
                // A healthy incarnation commits within 10 to 20 s of its start here. One that has not even read
                // after 40 s is stuck: e.g. waiting for the consumer group to evict the member that SIGKILL
                // left behind (session.timeout.ms, 45 s by default).
                .aimTimeout(Duration.ofSeconds(40))
                .describedBy(s -> statusSummary())
                .beforeKill(s -> {
                    JsonNode status = status().orElse(null);
                    commitsAtKill.add(status == null ? 0 : sumOverTables(status, "commits"));
                    return (generate.isAlive() ? "generator streaming" : "generator done") + "; status: "
                            + summary(status);
                })
                .run(KILLS);
        assertThat(crashes).hasSize(KILLS);
        long afterCommit = commitsAtKill.stream().filter(n -> n > 0).count();
        long duringStream = crashes.stream()
                .filter(c -> c.note().startsWith("generator streaming"))
                .count();
        Map<String, Long> byAim = new java.util.TreeMap<>();
        crashes.forEach(c -> byAim.merge(c.aim(), 1L, Long::sum));
        ChildLogs.step(
                "crashes by aim %s; %d hit an incarnation that had committed; %d came while the generator streamed",
                byAim, afterCommit, duringStream);
        assertThat(afterCommit)
                .as("crashes that hit an ingest incarnation after it had committed to the lake")
                .isGreaterThanOrEqualTo(3);

        await("the generator to finish")
                .atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> !generate.isAlive());
        assertThat(generate.exitStatus())
                .as("mlcycle generate's exit status:\n%s", ChildLogs.tail(generate.log(), 30))
                .contains(0);
        manifest = ManifestJson.read(manifestFile);
        ChildLogs.step(
                "generate done: %,d valid events, %,d malformed, %,d labels",
                manifest.counts().validEvents(),
                manifest.counts().malformedTotal(),
                manifest.counts().labels());

        ChildLogs.step("restarting the broker under the running ingest; ingest status: %s", statusSummary());
        int brokerStatus = broker.stop(Duration.ofSeconds(60));
        ChildLogs.step("broker stopped with status %d (SIGTERM)", brokerStatus);
        broker.start().awaitReady(Duration.ofSeconds(120));
        ChildLogs.step("broker up again on %s", bootstrap);

        Map<Integer, Long> eventsEnd = TopicReader.endOffsets(bootstrap, EVENTS_TOPIC);
        Map<Integer, Long> labelsEnd = TopicReader.endOffsets(bootstrap, LABELS_TOPIC);
        ChildLogs.step("topic ends: events %s, labels %s", eventsEnd, labelsEnd);
        // Follow the service's own account (cheap), then hold the lake itself to it (mlcycle lake).
        long[] lastLog = {0};
        await("ingest-service to report committed offsets at the topics' ends")
                .atMost(Duration.ofMinutes(4))
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    assertThat(ingest.isAlive())
                            .as("ingest died by itself:\n%s", ChildLogs.tail(ingest.log(), 60))
                            .isTrue();
                    JsonNode status = status().orElse(null);
                    if (System.nanoTime() - lastLog[0] > 5_000_000_000L) {
                        lastLog[0] = System.nanoTime();
                        ChildLogs.step("catching up: %s", summary(status));
                    }
                    return status != null
                            && reported(status, "events").equals(nonEmpty(eventsEnd))
                            && reported(status, "labels").equals(nonEmpty(labelsEnd));
                });
        AtomicReference<LakeCli.Table> ev = new AtomicReference<>();
        AtomicReference<LakeCli.Table> lb = new AtomicReference<>();
        await("the lake's committed offsets (mlcycle lake) to reach the topics' ends")
                .atMost(Duration.ofSeconds(60))
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofSeconds(2))
                .until(() -> {
                    ev.set(lake.table(DATASET, "events").orElse(null));
                    lb.set(lake.table(DATASET, "labels").orElse(null));
                    ChildLogs.step(
                            "lake: events %s; labels %s",
                            describe(ev.get(), EVENTS_TOPIC, eventsEnd), describe(lb.get(), LABELS_TOPIC, labelsEnd));
                    return caughtUp(ev.get(), EVENTS_TOPIC, eventsEnd) && caughtUp(lb.get(), LABELS_TOPIC, labelsEnd);
                });

        await("compaction to leave fewer than " + MAX_SMALL_FILES + " small files in every partition")
                .atMost(Duration.ofMinutes(2))
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofSeconds(3))
                .until(() -> {
                    events = lake.table(DATASET, "events").orElseThrow();
                    labels = lake.table(DATASET, "labels").orElseThrow();
                    Map<String, Long> small = smallFilesByPartition(events);
                    Map<String, Long> smallLabels = smallFilesByPartition(labels);
                    ChildLogs.step(
                            "files: events %d (small per partition %s), labels %d (small %s)",
                            events.files().size(), small, labels.files().size(), smallLabels);
                    return small.values().stream().allMatch(n -> n < MAX_SMALL_FILES)
                            && smallLabels.values().stream().allMatch(n -> n < MAX_SMALL_FILES);
                });
        assertThat(events.committed(EVENTS_TOPIC))
                .as("events offsets after compaction")
                .isEqualTo(nonEmpty(eventsEnd));
        assertThat(labels.committed(LABELS_TOPIC))
                .as("labels offsets after compaction")
                .isEqualTo(nonEmpty(labelsEnd));
        ChildLogs.step("settled: events snapshot %d, labels snapshot %d", events.snapshotId(), labels.snapshotId());
    }

    @AfterAll
    static void stopEverything() {
        try {
            if (ingest != null && ingest.isAlive()) {
                ChildLogs.step("ingest stopped with status %d (SIGTERM)", ingest.stop(Duration.ofSeconds(30)));
            }
            if (broker != null && broker.isAlive()) {
                ChildLogs.step("broker stopped with status %d (SIGTERM)", broker.stop(Duration.ofSeconds(60)));
            }
            if (ingest != null) {
                ChildLogs.step("ingest logs: %s", exceptionSummary(ingest.logs()));
            }
        } finally {
            if (generate != null) {
                generate.close();
            }
            if (ingest != null) {
                ingest.close();
            }
            if (broker != null) {
                broker.close();
            }
        }
    }

    @Test
    @Order(1)
    void landsEveryValidEventAndLabelExactlyOnce() {
        JsonNode r = DuckDb.over("events", events.paths())
                .table("labels", labels.paths())
                .query("event_rows", "SELECT count(*) FROM events")
                .query("event_ids", "SELECT count(DISTINCT event_id) FROM events")
                .query("label_rows", "SELECT count(*) FROM labels")
                .query("label_ids", "SELECT count(DISTINCT event_id) FROM labels")
                .run();
        ChildLogs.step("DuckDB: %s", r);
        long valid = manifest.counts().validEvents();
        assertThat(valid).isEqualTo(EVENTS);
        assertThat(DuckDb.single(r, "event_rows")).as("event rows").isEqualTo(valid);
        assertThat(DuckDb.single(r, "event_ids")).as("distinct event ids").isEqualTo(valid);
        assertThat(DuckDb.single(r, "label_rows"))
                .as("label rows")
                .isEqualTo(manifest.counts().labels());
        assertThat(DuckDb.single(r, "label_ids"))
                .as("distinct labelled ids")
                .isEqualTo(manifest.counts().labels());
        assertThat(events.rows()).as("rows in the events snapshot's metadata").isEqualTo(valid);
        assertThat(labels.rows())
                .as("rows in the labels snapshot's metadata")
                .isEqualTo(manifest.counts().labels());
    }

    @Test
    @Order(2)
    void deadLettersExactlyTheMalformedRecordsWithTheirReasons() {
        Map<String, Long> expected = new HashMap<>();
        for (Manifest.Fault f : manifest.faults()) {
            if (f.reason() != null) {
                expected.merge(letter(f.value().getBytes(StandardCharsets.UTF_8), f.reason()), 1L, Long::sum);
            }
        }
        assertThat(expected.values().stream().mapToLong(Long::longValue).sum())
                .isEqualTo(manifest.counts().malformedTotal());

        List<ConsumerRecord<byte[], byte[]>> dlq = TopicReader.readAll(bootstrap, Topics.dlq(DATASET));
        Map<String, Long> actual = new HashMap<>();
        Map<Long, ConsumerRecord<byte[], byte[]>> bySource = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> d : dlq) {
            actual.merge(letter(d.value(), header(d, DlqHeaders.REASON)), 1L, Long::sum);
            assertThat(header(d, DlqHeaders.SOURCE_TOPIC)).isEqualTo(EVENTS_TOPIC);
            long key = sourceKey(
                    Integer.parseInt(header(d, DlqHeaders.SOURCE_PARTITION)),
                    Long.parseLong(header(d, DlqHeaders.SOURCE_OFFSET)));
            assertThat(bySource.put(key, d))
                    .as("one dead letter per source record (%s)", sourceName(key))
                    .isNull();
        }
        ChildLogs.step(
                "DLQ: %,d dead letters, manifest: %,d malformed",
                dlq.size(), manifest.counts().malformedTotal());
        assertThat(dlq).hasSize((int) manifest.counts().malformedTotal());
        assertThat(actual)
                .as("dead letters (value bytes and reason) against the manifest's malformed records")
                .isEqualTo(expected);

        // Each dead letter names the events record it came from: the same bytes at that offset.
        Map<Long, Boolean> matched = new HashMap<>();
        TopicReader.forEach(bootstrap, EVENTS_TOPIC, rec -> {
            ConsumerRecord<byte[], byte[]> d = bySource.get(sourceKey(rec.partition(), rec.offset()));
            if (d != null) {
                assertThat(d.value()).as("value of %s", sourceName(rec)).isEqualTo(rec.value());
                assertThat(d.key()).as("key of %s", sourceName(rec)).isEqualTo(rec.key());
                matched.put(sourceKey(rec.partition(), rec.offset()), true);
            }
        });
        assertThat(matched)
                .as("dead letters whose source offset holds their record")
                .hasSize(bySource.size());
    }

    @Test
    @Order(3)
    void everyEventsFileIsSortedBySpecKeyAndHoldsOneDay() {
        assertSortedWithOneDayPerFile(events, SORT_KEY, "event_time");
    }

    @Test
    @Order(4)
    void everyLabelsFileIsSortedByEventIdAndHoldsOneDay() {
        assertSortedWithOneDayPerFile(labels, List.of("event_id", "label_time"), "label_time");
    }

    /** Sorted by {@code key} inside each file, one day of {@code time} per file, that day being its partition. */
    static void assertSortedWithOneDayPerFile(LakeCli.Table table, List<String> key, String time) {
        String view = table.table();
        String outOfOrder = DuckDb.outOfOrderRows(view, key);
        JsonNode r = DuckDb.over(view, table.paths())
                .query("violations", "SELECT count(*) FROM (" + outOfOrder + ")")
                .query("examples", outOfOrder + " ORDER BY filename, file_row_number LIMIT 5")
                .query(
                        "per_file",
                        """
                        SELECT filename, count(*) AS n_rows,
                               count(DISTINCT CAST(%1$s AS DATE)) AS days,
                               CAST(min(CAST(%1$s AS DATE)) AS VARCHAR) AS day
                        FROM %2$s GROUP BY filename ORDER BY filename"""
                                .formatted(time, view))
                .run();
        assertThat(DuckDb.single(r, "violations"))
                .as("rows of %s out of %s order within their file, e.g. %s", view, key, r.get("examples"))
                .isZero();

        Map<Path, LakeCli.DataFile> files = new HashMap<>();
        table.files().forEach(f -> files.put(f.path(), f));
        assertThat(r.get("per_file")).as("%s files DuckDB read", view).hasSize(files.size());
        Pattern date = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
        for (JsonNode f : r.get("per_file")) {
            LakeCli.DataFile meta = files.get(Path.of(f.get("filename").asText()));
            assertThat(meta).as("%s is a live file", f.get("filename")).isNotNull();
            assertThat(f.get("days").asLong())
                    .as("days of %s in %s", time, meta.path())
                    .isEqualTo(1);
            assertThat(f.get("n_rows").asLong())
                    .as("rows of %s in DuckDB vs the lake's metadata", meta.path())
                    .isEqualTo(meta.rows());
            Matcher m = date.matcher(meta.partition());
            if (m.find()) {
                assertThat(f.get("day").asText())
                        .as("day of %s, partition %s", meta.path(), meta.partition())
                        .isEqualTo(m.group());
            }
        }
        ChildLogs.step("%s: %d files, each sorted by %s and holding one day", view, files.size(), key);
    }

    @Test
    @Order(5)
    void filesAreRightSizedAndCompacted() throws Exception {
        long max = (long) (TARGET_FILE_BYTES * (1 + FILE_SIZE_SLACK));
        for (LakeCli.Table t : List.of(events, labels)) {
            for (LakeCli.DataFile f : t.files()) {
                long onDisk = Files.size(f.path());
                assertThat(onDisk)
                        .as("bytes of %s on disk vs the lake's metadata", f.path())
                        .isEqualTo(f.bytes());
                assertThat(onDisk)
                        .as(
                                "%s.%s file %s: at most the target %d + %.0f %%",
                                DATASET, t.table(), f.path(), TARGET_FILE_BYTES, FILE_SIZE_SLACK * 100)
                        .isLessThanOrEqualTo(max);
            }
            assertThat(smallFilesByPartition(t))
                    .as("files under %.0f %% of the target per partition of %s", SMALL_FILE_RATIO * 100, t.table())
                    .allSatisfy((partition, n) -> assertThat(n).isLessThan(MAX_SMALL_FILES));
            long total = t.files().stream().mapToLong(LakeCli.DataFile::bytes).sum();
            ChildLogs.step(
                    "%s: %d files in %d partitions, %,d bytes, %.1f bytes/row",
                    t.table(), t.files().size(), t.byPartition().size(), total, total / (double) Math.max(1, t.rows()));
        }
        assertThat(events.byPartition())
                .as("day partitions of 1M events 1 s apart")
                .hasSizeGreaterThanOrEqualTo(11);
    }

    @Test
    @Order(6)
    void ingestLoggedNoErrorsThroughCrashesAndTheBrokerRestart() {
        for (Path log : ingest.logs()) {
            List<String> bad = Processes.read(log)
                    .lines()
                    .filter(l -> l.contains(" ERROR ") || l.startsWith("\tat ") || l.contains("Exception in thread"))
                    .limit(20)
                    .toList();
            assertThat(bad).as("ERROR lines and stack traces in %s", log).isEmpty();
        }
    }

    // ---------------------------------------------------------------------------------------------

    /** The committed offsets {@code /ingest/status} reports for one table. */
    static Map<Integer, Long> reported(JsonNode status, String table) {
        Map<Integer, Long> out = new java.util.TreeMap<>();
        for (JsonNode t : status.path("tables")) {
            if (t.path("dataset").asText().equals(DATASET)
                    && t.path("table").asText().equals(table)) {
                field(t, "committedOffsets")
                        .fields()
                        .forEachRemaining(e -> out.put(
                                Integer.parseInt(e.getKey()), e.getValue().asLong()));
            }
        }
        out.values().removeIf(v -> v == 0);
        return out;
    }

    static boolean caughtUp(LakeCli.Table t, String topic, Map<Integer, Long> end) {
        return t != null && t.committed(topic).equals(nonEmpty(end));
    }

    /** Partitions that ever held a record: the lake cannot record an offset for the others. */
    static Map<Integer, Long> nonEmpty(Map<Integer, Long> end) {
        Map<Integer, Long> out = new java.util.TreeMap<>(end);
        out.values().removeIf(v -> v == 0);
        return out;
    }

    static String describe(LakeCli.Table t, String topic, Map<Integer, Long> end) {
        if (t == null) {
            return "no table yet";
        }
        long lag = 0;
        for (Map.Entry<Integer, Long> e : end.entrySet()) {
            lag += e.getValue() - t.committed(topic).getOrDefault(e.getKey(), 0L);
        }
        return String.format(
                java.util.Locale.ROOT,
                "%,d rows in %d files, lag %,d records",
                t.rows(),
                t.files().size(),
                lag);
    }

    static Map<String, Long> smallFilesByPartition(LakeCli.Table t) {
        Map<String, Long> out = new java.util.TreeMap<>();
        t.byPartition()
                .forEach((partition, files) -> out.put(
                        partition,
                        files.stream()
                                .filter(f -> f.bytes() < SMALL_FILE_RATIO * TARGET_FILE_BYTES)
                                .count()));
        return out;
    }

    /** The ingest service's own account ({@code GET /ingest/status}), if it answers. */
    static java.util.Optional<JsonNode> status() {
        return ServiceProcess.httpGet(ingestStatus, Duration.ofSeconds(1)).map(body -> {
            try {
                return JSON.readTree(body);
            } catch (java.io.IOException e) {
                throw new AssertionError("GET " + ingestStatus + " answered no JSON: " + body, e);
            }
        });
    }

    static String statusSummary() {
        return summary(status().orElse(null));
    }

    /** One line per table for the progress log. */
    static String summary(JsonNode status) {
        if (status == null) {
            return "(no answer)";
        }
        List<String> parts = new ArrayList<>();
        for (JsonNode t : status.path("tables")) {
            parts.add(String.format(
                    java.util.Locale.ROOT,
                    "%s %s read %,d written %,d commits %d lag %,d",
                    t.path("table").asText(),
                    t.path("state").asText(),
                    field(t, "recordsIn").asLong(),
                    field(t, "recordsWritten").asLong(),
                    field(t, "commits").asLong(),
                    lag(t)));
        }
        return String.join("; ", parts);
    }

    /**
     * Whether {@code reached} holds for every table of the running ingest incarnation, or, once the stream
     * is over, that table has nothing left to read (lag known and zero).
     */
    static boolean everyTable(java.util.function.Predicate<JsonNode> reached) {
        JsonNode status = status().orElse(null);
        if (status == null || status.path("tables").isEmpty()) {
            return false;
        }
        for (JsonNode t : status.path("tables")) {
            boolean running = t.path("state").asText().equals("RUNNING");
            boolean nothingLeft = !generate.isAlive() && !field(t, "lag").isEmpty() && lag(t) == 0;
            if (!running || !(reached.test(t) || nothingLeft)) {
                return false;
            }
        }
        return true;
    }

    static long sumOverTables(JsonNode status, String camelField) {
        long n = 0;
        for (JsonNode t : status.path("tables")) {
            n += field(t, camelField).asLong();
        }
        return n;
    }

    private static long lag(JsonNode table) {
        long lag = 0;
        for (JsonNode v : field(table, "lag")) {
            lag += v.asLong();
        }
        return lag;
    }

    /** A field by its camelCase name or its snake_case twin. */
    private static JsonNode field(JsonNode node, String camel) {
        JsonNode v = node.path(camel);
        return v.isMissingNode() ? node.path(camel.replaceAll("([A-Z])", "_$1").toLowerCase(java.util.Locale.ROOT)) : v;
    }

    /** Stack traces and ERROR lines per incarnation, as a note in the log (not asserted: crashes are expected). */
    static String exceptionSummary(List<Path> logs) {
        StringBuilder sb = new StringBuilder();
        for (Path log : logs) {
            String text = Processes.read(log);
            long errors = text.lines().filter(l -> l.contains(" ERROR ")).count();
            long traces = text.lines().filter(l -> l.startsWith("\tat ")).count();
            List<String> firstErrors = text.lines()
                    .filter(l -> l.contains(" ERROR ") || l.contains("Exception:"))
                    .limit(3)
                    .toList();
            sb.append(String.format(
                    java.util.Locale.ROOT,
                    "%n  %s: %d ERROR lines, %d stack frames%s",
                    log.getFileName(),
                    errors,
                    traces,
                    firstErrors.isEmpty() ? "" : "; first: " + String.join(" | ", firstErrors)));
        }
        return sb.toString();
    }

    private static String letter(byte[] value, String reason) {
        return reason + "/" + Base64.getEncoder().encodeToString(value);
    }

    private static String header(ConsumerRecord<?, ?> r, String name) {
        Header h = r.headers().lastHeader(name);
        assertThat(h)
                .as("header %s on the dead letter at offset %d", name, r.offset())
                .isNotNull();
        return new String(h.value(), StandardCharsets.UTF_8);
    }

    private static long sourceKey(int partition, long offset) {
        return ((long) partition << 48) | offset;
    }

    private static String sourceName(long key) {
        return EVENTS_TOPIC + "-" + (key >>> 48) + "@" + (key & ((1L << 48) - 1));
    }

    private static String sourceName(ConsumerRecord<?, ?> r) {
        return r.topic() + "-" + r.partition() + "@" + r.offset();
    }
}
