package dev.mlcycle.kafka.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.TopicSpec;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalKafkaChildProcessIT {

    @Test
    void childBrokerServesAndCloseLeavesNoProcess(@TempDir Path dataDir) throws Exception {
        LocalKafka kafka = LocalKafka.builder(dataDir)
                .mode(LocalKafka.Mode.CHILD_PROCESS)
                .childHeap("256m")
                .build();
        ProcessHandle broker;
        try (kafka) {
            kafka.start();
            broker = kafka.brokerProcess().orElseThrow();
            assertThat(broker.isAlive()).isTrue();
            assertThat(broker.pid()).isNotEqualTo(ProcessHandle.current().pid());
            String topic = "child.roundtrip";
            kafka.ensureTopics(List.of(new TopicSpec(topic, 1, false, Duration.ofHours(1), "k")));

            Clients.produce(kafka.bootstrapServers(), topic, "k", "from the child broker");

            List<ConsumerRecord<String, String>> records =
                    Clients.consume(kafka.bootstrapServers(), topic, 1, Map.of());
            assertThat(records).extracting(ConsumerRecord::value).containsExactly("from the child broker");
        }

        assertThat(broker.isAlive()).isFalse();
        assertThat(ProcessHandle.of(broker.pid()).filter(ProcessHandle::isAlive))
                .isEmpty();
        assertThat(kafka.isRunning()).isFalse();
        assertThat(Files.readString(kafka.childLogFile()))
                .as("stopped by its shutdown hook, not killed")
                .contains("broker shut down");
        kafka.close(); // idempotent
    }

    @Test
    void childBrokerExitsWhenItsParentGoesAway(@TempDir Path dataDir) throws Exception {
        // What a dying parent does to the child: its end of the stdin pipe closes.
        BrokerPorts ports = BrokerPorts.resolve(dataDir, 0, 0);
        Path properties = BrokerSetup.writeProperties(dataDir, BrokerSetup.brokerProperties(dataDir, ports, Map.of()));
        Path log = dataDir.resolve("child.log");
        Process child = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx256m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        BrokerMain.class.getName(),
                        BrokerMain.WATCH_STDIN,
                        properties.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> Files.readString(log).contains("broker started"));

            child.getOutputStream().close();

            await().atMost(Duration.ofSeconds(30)).until(() -> !child.isAlive());
            assertThat(Files.readString(log)).contains("parent process is gone").contains("broker shut down");
        } finally {
            child.destroyForcibly();
        }
    }

    @Test
    void brokerThatFailsToStartIsReportedWithTheEndOfItsLog(@TempDir Path dataDir) {
        LocalKafka kafka = LocalKafka.builder(dataDir)
                .mode(LocalKafka.Mode.CHILD_PROCESS)
                .brokerProperty("log.retention.hours", "not-a-number")
                .startupTimeout(Duration.ofSeconds(60))
                .build();

        assertThatThrownBy(kafka::start)
                .isInstanceOf(MlcycleException.class)
                .satisfies(
                        e -> assertThat(((MlcycleException) e).reason()).isEqualTo(MlcycleException.Reason.UNAVAILABLE))
                .hasMessageContaining("exited with status 1")
                .hasMessageContaining("last lines of " + dataDir.resolve("logs" + File.separator + "kafka.log"))
                .hasMessageContaining("log.retention.hours");
        assertThat(kafka.brokerProcess())
                .hasValueSatisfying(p -> assertThat(p.isAlive()).isFalse());
        kafka.close();
    }
}
