package dev.mlcycle.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mlcycle.contracts.Topics;
import dev.mlcycle.contracts.record.FeatureEvent;
import dev.mlcycle.contracts.spec.DatasetSpec;
import dev.mlcycle.contracts.spec.DatasetSpecs;
import dev.mlcycle.contracts.validation.Decoded;
import dev.mlcycle.contracts.validation.FeatureEventCodec;
import dev.mlcycle.datagen.manifest.Manifest;
import dev.mlcycle.datagen.manifest.ManifestJson;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./mlcycle up} as a user runs it: a real broker that an independent client (kafkajs, in
 * Node.js) produces to and consumes from, the contract topics listed by {@code mlcycle topics}, and
 * Ctrl-C stopping everything that was started.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MlcycleUpIT {
    @TempDir
    static Path dataDir;

    static Path log;
    static Process up;
    static String bootstrap;
    static List<ProcessHandle> started;
    static int ingestPort;
    static int trainingPort;

    @BeforeAll
    static void startMlcycleUp() throws Exception {
        int kafkaPort = Processes.freePort();
        int controllerPort = Processes.freePort();
        ingestPort = Processes.freePort();
        trainingPort = Processes.freePort();
        bootstrap = "127.0.0.1:" + kafkaPort;
        log = Files.createTempFile("mlcycle-up", ".log");
        up = Processes.startMlcycle(
                log,
                "up",
                "--data-dir",
                dataDir.toString(),
                "--kafka-port",
                Integer.toString(kafkaPort),
                "--controller-port",
                Integer.toString(controllerPort),
                "--ingest-port",
                Integer.toString(ingestPort),
                "--training-port",
                Integer.toString(trainingPort),
                "--serving-port",
                Integer.toString(Processes.freePort()),
                // monitoring creates its thirteen internal topics as it starts, and kafkajs's topic creation below
                // then raced the controller ("does not host this topic-partition"); QuickStartIT and MonitoringIT
                // start monitoring through up
                "--no-monitoring");
        await("mlcycle up to say it is up")
                .atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    assertThat(up.isAlive())
                            .as("mlcycle up exited early:\n%s", Processes.read(log))
                            .isTrue();
                    return Processes.read(log).contains("Press Ctrl-C to stop.");
                });
        started = up.descendants().toList();
    }

    @AfterAll
    static void stopIfStillRunning() {
        if (up != null && up.isAlive()) {
            up.descendants().forEach(ProcessHandle::destroyForcibly);
            up.destroyForcibly();
        }
    }

    @Test
    @Order(1)
    void startsARealBrokerAsAChildProcessAndSaysWhere() {
        String out = Processes.read(log);
        assertThat(out).contains("Kafka     " + bootstrap).contains("KRaft").contains("datasets  credit");
        assertThat(started).as("the broker runs as a child of mlcycle up").isNotEmpty();
    }

    @Test
    @Order(1)
    void startsIngestAndTrainingAndWaitsUntilTheyAreReady() {
        for (int port : new int[] {ingestPort, trainingPort}) {
            assertThat(ServiceProcess.httpOk(java.net.URI.create("http://127.0.0.1:" + port + "/q/health/ready")))
                    .as("service on port %d ready:\n%s", port, Processes.read(log))
                    .isTrue();
        }
        assertThat(dataDir.resolve("logs/training.log")).exists();
        assertThat(dataDir.resolve("admin-token"))
                .as("training-service creates the admin token")
                .exists();
    }

    @Test
    @Order(2)
    void anIndependentKafkaClientProducesAndConsumes() {
        Processes.Result r = Processes.run(
                Processes.NODE_DIR,
                Map.of(),
                Duration.ofSeconds(120),
                List.of("node", "kafkajs-roundtrip.js", bootstrap, "e2e.kafkajs", "500"));
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).contains("\"produced\":500", "\"consumed\":500", "\"matched\":true", "mlcycle.registry");
    }

    @Test
    @Order(3)
    void listsTheContractTopicsWithTheirPolicies() {
        Processes.Result r = Processes.mlcycle(Duration.ofSeconds(60), "topics", "--bootstrap", bootstrap);
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).containsPattern("mlcycle\\.events\\.credit\\s+6\\s+0\\s+delete\\s+7d");
        assertThat(r.output()).containsPattern("mlcycle\\.registry\\s+1\\s+<= 0\\s+compact\\s+forever");
        assertThat(r.output())
                .contains("mlcycle.dlq.credit", "mlcycle.labels.credit", "mlcycle.lake.commits", "mlcycle.alerts");
        assertThat(r.output()).doesNotContain("e2e.kafkajs");
        Processes.Result all =
                Processes.mlcycle(Duration.ofSeconds(60), "topics", "--all", "--exact", "--bootstrap", bootstrap);
        assertThat(all.output()).containsPattern("e2e\\.kafkajs\\s+3\\s+500\\s+delete");
    }

    static final String GENERATE_SEED = "11";

    /** 100,000 events with 1 % malformed, nulls, outliers and a covariate shift, seed 11. */
    static Processes.Result generateIntoKafka(Path manifestFile) {
        return Processes.mlcycle(
                Duration.ofMinutes(5),
                "generate",
                "--bootstrap",
                bootstrap,
                "--data-dir",
                dataDir.toString(),
                "--events",
                "100000",
                "--malformed",
                "0.01",
                "--faults",
                "nulls=0.01,outliers=0.005",
                "--seed",
                GENERATE_SEED,
                "--scenario",
                "covariate:at=50%,features=income|utilization,size=1",
                "--manifest",
                manifestFile.toString());
    }

    @Test
    @Order(4)
    void generateLandsExactlyTheValidEventsPlusTheMalformedOnesTheManifestNames() {
        Path manifestFile = dataDir.resolve("run1.manifest.json");
        Processes.Result r = generateIntoKafka(manifestFile);
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).contains("100,000 valid + 1,000 malformed").contains("100% 201,000/201,000 records");

        Manifest manifest = ManifestJson.read(manifestFile);
        assertThat(manifest.counts().validEvents()).isEqualTo(100_000);
        assertThat(manifest.counts().malformedTotal()).isEqualTo(1_000);

        DatasetSpec spec = DatasetSpecs.loadResource(getClass().getClassLoader(), "datasets/credit.yaml");
        FeatureEventCodec codec = new FeatureEventCodec(spec);
        List<ConsumerRecord<byte[], byte[]>> events = TopicReader.readAll(bootstrap, Topics.events("credit"));
        assertThat(events).hasSize(101_000);
        Set<String> validIds = new HashSet<>();
        Map<String, String> rejected = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> rec : events) {
            Decoded<FeatureEvent> d = codec.decode(rec.value());
            if (d instanceof Decoded.Valid<FeatureEvent> v) {
                assertThat(validIds.add(v.value().id()))
                        .as("event id %s is unique", v.value().id())
                        .isTrue();
                assertThat(new String(rec.key(), StandardCharsets.UTF_8))
                        .isEqualTo(v.value().key());
            } else {
                rejected.put(
                        new String(rec.value(), StandardCharsets.UTF_8),
                        ((Decoded.Invalid<FeatureEvent>) d).rejection().reason().name());
            }
        }
        assertThat(validIds).hasSize(100_000);
        Map<String, String> injected = new HashMap<>();
        for (Manifest.Fault f : manifest.faults()) {
            if (f.reason() != null) {
                injected.put(f.value(), f.reason());
            }
        }
        assertThat(rejected)
                .as("every rejected record is a malformed one the manifest names, with its reason")
                .isEqualTo(injected);
        assertThat(TopicReader.readAll(bootstrap, Topics.labels("credit"))).hasSize(100_000);
    }

    @Test
    @Order(5)
    void theSameSeedGivesByteIdenticalOutput() throws Exception {
        Path second = dataDir.resolve("run2.manifest.json");
        Processes.Result r = generateIntoKafka(second);
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(Files.mismatch(dataDir.resolve("run1.manifest.json"), second))
                .as("manifests are byte-identical")
                .isEqualTo(-1L);

        // Each partition now holds the first run followed by the second: both halves must be equal, byte for byte.
        for (String topic : List.of(Topics.events("credit"), Topics.labels("credit"))) {
            Map<Integer, List<ConsumerRecord<byte[], byte[]>>> byPartition = new TreeMap<>();
            for (ConsumerRecord<byte[], byte[]> rec : TopicReader.readAll(bootstrap, topic)) {
                byPartition
                        .computeIfAbsent(rec.partition(), k -> new ArrayList<>())
                        .add(rec);
            }
            for (List<ConsumerRecord<byte[], byte[]>> recs : byPartition.values()) {
                assertThat(recs.size() % 2).isZero();
                int half = recs.size() / 2;
                for (int i = 0; i < half; i++) {
                    assertThat(recs.get(half + i).key()).isEqualTo(recs.get(i).key());
                    assertThat(recs.get(half + i).value()).isEqualTo(recs.get(i).value());
                }
            }
        }

        Path a = dataDir.resolve("a.jsonl");
        Path b = dataDir.resolve("b.jsonl");
        for (Path out : List.of(a, b)) {
            Processes.Result f = Processes.mlcycle(
                    Duration.ofMinutes(5),
                    "generate",
                    "--output",
                    out.toString(),
                    "--data-dir",
                    dataDir.toString(),
                    "--events",
                    "20000",
                    "--malformed",
                    "0.01",
                    "--seed",
                    "5",
                    "--scenario",
                    "concept:at=0.5,strength=1",
                    "--scenario",
                    "prior:at=70%,rate=0.35");
            assertThat(f.exitCode()).as(f.output()).isZero();
        }
        assertThat(Files.size(a)).isPositive();
        assertThat(Files.mismatch(a, b)).as("file output is byte-identical").isEqualTo(-1L);
    }

    @Test
    @Order(100)
    void ctrlCStopsEverythingItStarted() throws Exception {
        Processes.interrupt(up);
        await("mlcycle up to exit after Ctrl-C").atMost(Duration.ofSeconds(60)).until(() -> !up.isAlive());
        assertThat(Processes.read(log)).contains("stopping Kafka").contains("stopped.");
        for (ProcessHandle child : started) {
            await("child " + child.pid() + " to end")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> !child.isAlive());
        }
        Processes.Result r = Processes.mlcycle(Duration.ofSeconds(60), "topics", "--bootstrap", bootstrap);
        assertThat(r.exitCode()).as("no broker answers any more: " + r.output()).isNotZero();
        assertThat(r.output()).contains("is it running?");
    }
}
