package dev.mlcycle.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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

    @BeforeAll
    static void startMlcycleUp() throws Exception {
        int kafkaPort = Processes.freePort();
        int controllerPort = Processes.freePort();
        bootstrap = "127.0.0.1:" + kafkaPort;
        log = Files.createTempFile("mlcycle-up", ".log");
        up = Processes.startMlcycle(log, "up", "--data-dir", dataDir.toString(), "--kafka-port", Integer.toString(kafkaPort), "--controller-port", Integer.toString(controllerPort));
        await("mlcycle up to say it is up").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() -> {
            assertThat(up.isAlive()).as("mlcycle up exited early:\n%s", Processes.read(log)).isTrue();
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
        assertThat(r.output()).contains("mlcycle.dlq.credit", "mlcycle.labels.credit", "mlcycle.lake.commits", "mlcycle.alerts");
        assertThat(r.output()).doesNotContain("e2e.kafkajs");
        Processes.Result all = Processes.mlcycle(Duration.ofSeconds(60), "topics", "--all", "--exact", "--bootstrap", bootstrap);
        assertThat(all.output()).containsPattern("e2e\\.kafkajs\\s+3\\s+500\\s+delete");
    }

    @Test
    @Order(100)
    void ctrlCStopsEverythingItStarted() throws Exception {
        Processes.interrupt(up);
        await("mlcycle up to exit after Ctrl-C").atMost(Duration.ofSeconds(60)).until(() -> !up.isAlive());
        assertThat(Processes.read(log)).contains("stopping Kafka").contains("stopped.");
        for (ProcessHandle child : started) {
            await("child " + child.pid() + " to end").atMost(Duration.ofSeconds(30)).until(() -> !child.isAlive());
        }
        Processes.Result r = Processes.mlcycle(Duration.ofSeconds(60), "topics", "--bootstrap", bootstrap);
        assertThat(r.exitCode()).as("no broker answers any more: " + r.output()).isNotZero();
        assertThat(r.output()).contains("is it running?");
    }
}
