package dev.mlcycle.kafka.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlcycle.contracts.TopicSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalKafkaRestartIT {

    @Test
    void restartOnTheSameDataDirKeepsTopicsRecordsAndPorts(@TempDir Path dataDir) throws Exception {
        String topic = "restart.kept";
        int brokerPort;
        int controllerPort;
        String clusterMeta;
        try (LocalKafka first = LocalKafka.builder(dataDir).start()) {
            brokerPort = first.brokerPort();
            controllerPort = first.controllerPort();
            first.ensureTopics(List.of(new TopicSpec(topic, 2, false, Duration.ofDays(1), "k")));
            Clients.produce(first.bootstrapServers(), topic, "k1", "survives a restart");
            clusterMeta = Files.readString(dataDir.resolve("kraft-logs").resolve("meta.properties"));
        }

        try (LocalKafka second = LocalKafka.builder(dataDir).start()) {
            assertThat(second.brokerPort()).isEqualTo(brokerPort);
            assertThat(second.controllerPort()).isEqualTo(controllerPort);
            assertThat(Files.readString(dataDir.resolve("kraft-logs").resolve("meta.properties")))
                    .as("not formatted again")
                    .isEqualTo(clusterMeta);
            assertThat(second.ensureTopics(List.of(new TopicSpec(topic, 2, false, Duration.ofDays(1), "k"))))
                    .as("the topic still exists")
                    .isEmpty();

            List<ConsumerRecord<String, String>> records =
                    Clients.consume(second.bootstrapServers(), topic, 1, Map.of());
            assertThat(records).extracting(ConsumerRecord::value).containsExactly("survives a restart");
        }
    }
}
