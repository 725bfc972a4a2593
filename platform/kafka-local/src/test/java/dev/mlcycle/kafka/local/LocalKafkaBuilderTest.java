package dev.mlcycle.kafka.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Everything that fails before a broker starts: no broker is needed here. */
class LocalKafkaBuilderTest {

    @Test
    void rejectsAChildHeapTooSmallForTheBroker(@TempDir Path dir) {
        assertThatThrownBy(() -> LocalKafka.builder(dir).childHeap("128m"))
                .isInstanceOf(MlcycleException.class)
                .hasMessageContaining("at least 192m")
                .hasMessageContaining("128m");
    }

    @Test
    void acceptsHeapSizesAsXmxTakesThem() {
        assertThat(HeapSize.parse("192m")).isEqualTo(LocalKafka.MIN_CHILD_HEAP_BYTES);
        assertThat(HeapSize.parse("1g")).isEqualTo(1024L * 1024 * 1024);
        assertThat(HeapSize.parse("262144K")).isEqualTo(256L * 1024 * 1024);
        assertThat(HeapSize.parse("1048576")).isEqualTo(1024L * 1024);
    }

    @Test
    void rejectsAHeapSizeThatIsNotOne() {
        assertThatThrownBy(() -> HeapSize.parse("lots"))
                .isInstanceOf(MlcycleException.class)
                .hasMessageContaining("like 512m")
                .hasMessageContaining("lots");
        assertThatThrownBy(() -> HeapSize.parse(null)).isInstanceOf(MlcycleException.class);
    }

    @Test
    void rejectsPortsOutOfRangeOrEqual(@TempDir Path dir) {
        assertThatThrownBy(() -> LocalKafka.builder(dir).brokerPort(70_000))
                .isInstanceOf(MlcycleException.class)
                .hasMessageContaining("broker port")
                .hasMessageContaining("70000");
        assertThatThrownBy(() -> LocalKafka.builder(dir).controllerPort(-1)).isInstanceOf(MlcycleException.class);
        assertThatThrownBy(() -> LocalKafka.builder(dir)
                        .brokerPort(9092)
                        .controllerPort(9092)
                        .build())
                .isInstanceOf(MlcycleException.class)
                .hasMessageContaining("must differ");
    }

    @Test
    void rejectsANonPositiveStartupTimeout(@TempDir Path dir) {
        assertThatThrownBy(() -> LocalKafka.builder(dir).startupTimeout(Duration.ZERO))
                .isInstanceOf(MlcycleException.class)
                .hasMessageContaining("positive");
    }

    @Test
    void busyBrokerPortIsReportedByNumber(@TempDir Path dir) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            LocalKafka kafka = LocalKafka.builder(dir).brokerPort(port).build();

            assertThatThrownBy(kafka::start)
                    .isInstanceOf(MlcycleException.class)
                    .satisfies(e -> assertThat(((MlcycleException) e).reason()).isEqualTo(Reason.UNAVAILABLE))
                    .hasMessageContaining("broker port " + port)
                    .hasMessageContaining("already in use");
            kafka.close();
        }
    }

    @Test
    void closeBeforeStartAndTwiceDoesNothing(@TempDir Path dir) {
        LocalKafka kafka = LocalKafka.builder(dir).build();
        kafka.close();
        kafka.close();

        assertThat(kafka.isRunning()).isFalse();
        assertThatThrownBy(kafka::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void childClasspathEntriesBecomeAbsoluteBecauseTheChildRunsInTheDataDir() {
        String cwd = Path.of("").toAbsolutePath().toString();

        String classpath = LocalKafka.absoluteClasspath("target/classes" + java.io.File.pathSeparator + "/opt/lib/*");

        assertThat(classpath).isEqualTo(cwd + "/target/classes" + java.io.File.pathSeparator + "/opt/lib/*");
    }
}
