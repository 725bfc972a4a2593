package dev.mlcycle.kafka.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlcycle.contracts.MlcycleException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrokerPortsTest {

    @Test
    void picksTwoDistinctFreePortsAndRecordsThem(@TempDir Path dir) {
        BrokerPorts ports = BrokerPorts.resolve(dir, 0, 0);

        assertThat(ports.broker()).isPositive().isNotEqualTo(ports.controller());
        assertThat(ports.controller()).isPositive();
        assertThat(BrokerPorts.read(dir)).isEqualTo(ports);
    }

    @Test
    void reusesTheRecordedPortsOnTheNextStart(@TempDir Path dir) {
        BrokerPorts first = BrokerPorts.resolve(dir, 0, 0);

        assertThat(BrokerPorts.resolve(dir, 0, 0)).isEqualTo(first);
    }

    @Test
    void portsAskedForWinOverRecordedOnes(@TempDir Path dir) throws Exception {
        BrokerPorts.resolve(dir, 0, 0);
        int wanted;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            wanted = probe.getLocalPort();
        }

        BrokerPorts ports = BrokerPorts.resolve(dir, wanted, 0);

        assertThat(ports.broker()).isEqualTo(wanted);
        assertThat(BrokerPorts.read(dir).broker()).isEqualTo(wanted);
    }

    @Test
    void aRecordedPortNowTakenIsReportedWithWhereItCameFrom(@TempDir Path dir) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            new BrokerPorts(taken.getLocalPort(), taken.getLocalPort() == 65_535 ? 65_534 : taken.getLocalPort() + 1)
                    .write(dir);

            assertThatThrownBy(() -> BrokerPorts.resolve(dir, 0, 0))
                    .isInstanceOf(MlcycleException.class)
                    .hasMessageContaining("broker port " + taken.getLocalPort())
                    .hasMessageContaining("recorded in " + dir.resolve(BrokerPorts.FILE));
        }
    }

    @Test
    void noRecordInAFreshDirectory(@TempDir Path dir) {
        assertThat(BrokerPorts.read(dir)).isNull();
    }
}
