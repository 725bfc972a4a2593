package dev.mlcycle.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlcycle.contracts.MlcycleException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpCommandTest {
    @Test
    void givesServicesTheDataDirBrokerPortAndItsOwnPid(@TempDir Path dir) {
        assertThat(UpCommand.serviceEnvironment(dir, "127.0.0.1:19092", 18081))
                .containsEntry("MLCYCLE_DATA_DIR", dir.toAbsolutePath().toString())
                .containsEntry("MLCYCLE_KAFKA_BOOTSTRAP", "127.0.0.1:19092")
                .containsEntry("QUARKUS_HTTP_PORT", "18081")
                .containsEntry(
                        "MLCYCLE_PARENT_PID",
                        Long.toString(ProcessHandle.current().pid()));
    }

    @Test
    void refusesHeapSizesTheJvmWouldNotTake() {
        UpCommand.requireHeap("--ingest-heap", "1g");
        UpCommand.requireHeap("--ingest-heap", "512m");
        UpCommand.requireHeap("--ingest-heap", "2G");
        for (String bad : new String[] {"", "1gb", "0", "-1g", "1.5g", "lots"}) {
            assertThatThrownBy(() -> UpCommand.requireHeap("--ingest-heap", bad))
                    .isInstanceOf(MlcycleException.class)
                    .hasMessage("--ingest-heap: expected a size with k, m or g, like 512m or 1g, got \"" + bad + "\"");
        }
    }

    @Test
    void refusesPortsOutsideTheValidRange() {
        UpCommand.requirePort("--ingest-port", 1);
        UpCommand.requirePort("--ingest-port", 65535);
        assertThatThrownBy(() -> UpCommand.requirePort("--ingest-port", 0))
                .hasMessage("--ingest-port: expected a port in 1-65535, got 0");
        assertThatThrownBy(() -> UpCommand.requirePort("--ingest-port", 70000))
                .hasMessage("--ingest-port: expected a port in 1-65535, got 70000");
    }

    @Test
    void findsTheCheckoutFromTheCliJarOrItsClassesDirectory() {
        Path root = Path.of("/opt/mlcycle");
        assertThat(MlcycleHome.fromCodeLocation(root.resolve("mlcycle-cli/target/mlcycle-cli.jar")))
                .contains(root);
        assertThat(MlcycleHome.fromCodeLocation(root.resolve("mlcycle-cli/target/classes")))
                .contains(root);
        assertThat(MlcycleHome.fromCodeLocation(Path.of("/usr/share/java/mlcycle-cli.jar")))
                .isEmpty();
        assertThat(MlcycleHome.find("/somewhere/else")).contains(Path.of("/somewhere/else"));
    }

    @Test
    void saysHowToBuildAMissingServiceJar(@TempDir Path root) throws Exception {
        assertThatThrownBy(() -> MlcycleHome.quarkusJar(Optional.of(root), "ingest-service", "--no-ingest"))
                .isInstanceOfSatisfying(MlcycleException.class, e -> assertThat(e.reason())
                        .isEqualTo(MlcycleException.Reason.NOT_FOUND))
                .hasMessageContaining("no ingest-service build at "
                        + root.resolve("ingest-service/target/quarkus-app/quarkus-run.jar"))
                .hasMessageContaining("./mvnw -pl ingest-service -am package -DskipTests")
                .hasMessageEndingWith("or start without it: mlcycle up --no-ingest");
        Path jar = root.resolve("ingest-service/target/quarkus-app/quarkus-run.jar");
        Files.createDirectories(jar.getParent());
        Files.writeString(jar, "");
        assertThat(MlcycleHome.quarkusJar(Optional.of(root), "ingest-service", "--no-ingest"))
                .isEqualTo(jar);
    }
}
