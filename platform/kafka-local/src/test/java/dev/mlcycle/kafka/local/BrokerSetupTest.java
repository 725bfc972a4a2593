package dev.mlcycle.kafka.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrokerSetupTest {

    @Test
    void singleNodeIsBrokerAndControllerOnLoopback(@TempDir Path dir) {
        Properties p = BrokerSetup.brokerProperties(dir, new BrokerPorts(19092, 19093), Map.of());

        assertThat(p.getProperty("process.roles")).isEqualTo("broker,controller");
        assertThat(p.getProperty("controller.quorum.voters")).isEqualTo("1@127.0.0.1:19093");
        assertThat(p.getProperty("listeners")).isEqualTo("PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093");
        assertThat(p.getProperty("controller.listener.names")).isEqualTo("CONTROLLER");
        assertThat(p.getProperty("log.dirs"))
                .isEqualTo(dir.resolve("kraft-logs").toString());
    }

    @Test
    void internalTopicsFitOneNodeSoTransactionsWork(@TempDir Path dir) {
        Properties p = BrokerSetup.brokerProperties(dir, new BrokerPorts(1, 2), Map.of());

        assertThat(p.getProperty("offsets.topic.replication.factor")).isEqualTo("1");
        assertThat(p.getProperty("transaction.state.log.replication.factor")).isEqualTo("1");
        assertThat(p.getProperty("transaction.state.log.min.isr")).isEqualTo("1");
        assertThat(p.getProperty("group.initial.rebalance.delay.ms")).isEqualTo("0");
    }

    @Test
    void extraPropertiesOverrideTheDefaults(@TempDir Path dir) {
        Properties p = BrokerSetup.brokerProperties(
                dir, new BrokerPorts(1, 2), Map.of("num.partitions", "3", "log.retention.hours", "1"));

        assertThat(p.getProperty("num.partitions")).isEqualTo("3");
        assertThat(p.getProperty("log.retention.hours")).isEqualTo("1");
    }

    @Test
    void writtenPropertiesReadBackTheSame(@TempDir Path dir) {
        Properties p = BrokerSetup.brokerProperties(dir, new BrokerPorts(1, 2), Map.of());

        Path file = BrokerSetup.writeProperties(dir, p);

        assertThat(BrokerSetup.readProperties(file)).isEqualTo(p);
    }

    @Test
    void formatsAFreshLogDirOnceOnly(@TempDir Path dir) throws Exception {
        Properties p = BrokerSetup.brokerProperties(dir, new BrokerPorts(19092, 19093), Map.of());
        Path file = BrokerSetup.writeProperties(dir, p);
        assertThat(BrokerSetup.isFormatted(p)).isFalse();

        assertThat(BrokerSetup.formatIfNeeded(file, p)).isTrue();
        String meta = Files.readString(dir.resolve("kraft-logs").resolve("meta.properties"));
        assertThat(BrokerSetup.formatIfNeeded(file, p)).isFalse();

        assertThat(meta).contains("cluster.id=").contains("node.id=1");
        assertThat(Files.readString(dir.resolve("kraft-logs").resolve("meta.properties")))
                .isEqualTo(meta);
    }
}
