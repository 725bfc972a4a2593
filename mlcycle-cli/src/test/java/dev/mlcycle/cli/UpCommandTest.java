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

    static UpCommand parsedUp(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "up";
        System.arraycopy(args, 0, all, 1, args.length);
        return (UpCommand)
                Main.commandLine().parseArgs(all).subcommand().commandSpec().userObject();
    }

    static Path fakeJar(Path root, String module) throws Exception {
        Path jar = root.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        Files.createDirectories(jar.getParent());
        Files.writeString(jar, "");
        return jar;
    }

    @Test
    void startsIngestThenTrainingWithTheirPortsHeapsAndLogs(@TempDir Path root) throws Exception {
        Path ingest = fakeJar(root, "ingest-service");
        Path training = fakeJar(root, "training-service");
        Path serving = fakeJar(root, "serving-service");
        Path monitoring = fakeJar(root, "monitoring-service");
        UpCommand up = parsedUp();
        assertThat(up.trainingPort).isEqualTo(8082);
        assertThat(up.trainingHeap).isEqualTo("4g");
        java.util.List<UpCommand.ServicePlan> plans = up.plan(Optional.of(root));
        assertThat(plans)
                .containsExactly(
                        new UpCommand.ServicePlan("ingest", ingest, 8081, "--ingest-port", "1g"),
                        new UpCommand.ServicePlan("training", training, 8082, "--training-port", "4g"),
                        new UpCommand.ServicePlan("serving", serving, 8080, "--serving-port", "1g"),
                        new UpCommand.ServicePlan("monitoring", monitoring, 8083, "--monitoring-port", "512m"));
        ServiceProcess.Definition d = plans.get(1).definition(root.resolve("data"), "127.0.0.1:9092");
        assertThat(d.log()).isEqualTo(root.resolve("data/logs/training.log"));
        assertThat(d.healthUrl()).hasToString("http://127.0.0.1:8082/q/health/ready");
        assertThat(d.environment())
                .containsEntry(
                        "MLCYCLE_DATA_DIR",
                        root.resolve("data").toAbsolutePath().toString())
                .containsEntry("QUARKUS_HTTP_HOST", "127.0.0.1")
                .containsEntry("QUARKUS_HTTP_PORT", "8082")
                .containsKey("MLCYCLE_PARENT_PID");
        assertThat(d.command()).contains("-Xmx4g", "-jar", training.toString());
    }

    @Test
    void takesTrainingPortAndHeapAndCanLeaveEitherServiceOut(@TempDir Path root) throws Exception {
        fakeJar(root, "ingest-service");
        Path training = fakeJar(root, "training-service");
        fakeJar(root, "serving-service");
        fakeJar(root, "monitoring-service");
        assertThat(parsedUp(
                                "--training-port",
                                "18082",
                                "--training-heap",
                                "4g",
                                "--no-ingest",
                                "--no-serving",
                                "--no-monitoring")
                        .plan(Optional.of(root)))
                .containsExactly(new UpCommand.ServicePlan("training", training, 18082, "--training-port", "4g"));
        assertThat(parsedUp("--no-training").plan(Optional.of(root)))
                .extracting(UpCommand.ServicePlan::name)
                .containsExactly("ingest", "serving", "monitoring");
        assertThat(parsedUp("--no-training", "--no-ingest", "--no-serving", "--no-monitoring")
                        .plan(Optional.of(root)))
                .isEmpty();
    }

    @Test
    void saysHowToBuildOrSkipAMissingTrainingJar(@TempDir Path root) throws Exception {
        fakeJar(root, "ingest-service");
        fakeJar(root, "serving-service");
        fakeJar(root, "monitoring-service");
        assertThatThrownBy(() -> parsedUp().plan(Optional.of(root)))
                .isInstanceOfSatisfying(MlcycleException.class, e -> assertThat(e.reason())
                        .isEqualTo(MlcycleException.Reason.NOT_FOUND))
                .hasMessageContaining("no training-service build at")
                .hasMessageContaining("./mvnw -pl training-service -am package -DskipTests")
                .hasMessageEndingWith("or start without it: mlcycle up --no-training");
        assertThat(parsedUp("--no-training").plan(Optional.of(root))).hasSize(3);
    }

    @Test
    void refusesABadTrainingHeapOrPortOrTwoServicesOnOnePort(@TempDir Path root) throws Exception {
        fakeJar(root, "ingest-service");
        fakeJar(root, "training-service");
        fakeJar(root, "serving-service");
        fakeJar(root, "monitoring-service");
        assertThatThrownBy(() -> parsedUp("--training-heap", "2gb").plan(Optional.of(root)))
                .hasMessage("--training-heap: expected a size with k, m or g, like 512m or 1g, got \"2gb\"");
        assertThatThrownBy(() -> parsedUp("--training-port", "0").plan(Optional.of(root)))
                .hasMessage("--training-port: expected a port in 1-65535, got 0");
        assertThatThrownBy(() -> parsedUp("--training-port", "8081").plan(Optional.of(root)))
                .hasMessage("--ingest-port and --training-port are both 8081: expected a port of its own for each"
                        + " service");
    }

    @Test
    void startsServingOnItsPortWithTheBrokerAndDataDir(@TempDir Path root) throws Exception {
        fakeJar(root, "ingest-service");
        fakeJar(root, "training-service");
        Path serving = fakeJar(root, "serving-service");
        fakeJar(root, "monitoring-service");
        UpCommand up = parsedUp("--serving-port", "18080", "--serving-heap", "2g");
        UpCommand.ServicePlan plan = up.plan(Optional.of(root)).get(2);
        assertThat(plan).isEqualTo(new UpCommand.ServicePlan("serving", serving, 18080, "--serving-port", "2g"));
        ServiceProcess.Definition d = plan.definition(root.resolve("data"), "127.0.0.1:19092");
        assertThat(d.log()).isEqualTo(root.resolve("data/logs/serving.log"));
        assertThat(d.healthUrl()).hasToString("http://127.0.0.1:18080/q/health/ready");
        assertThat(d.environment())
                .containsEntry("MLCYCLE_KAFKA_BOOTSTRAP", "127.0.0.1:19092")
                .containsEntry(
                        "MLCYCLE_DATA_DIR",
                        root.resolve("data").toAbsolutePath().toString())
                .containsEntry("QUARKUS_HTTP_PORT", "18080");
        assertThat(d.command()).contains("-Xmx2g", "-jar", serving.toString());
    }

    @Test
    void saysHowToBuildOrSkipAMissingServingJarAndRefusesItsBadOptions(@TempDir Path root) throws Exception {
        fakeJar(root, "ingest-service");
        fakeJar(root, "training-service");
        assertThatThrownBy(() -> parsedUp().plan(Optional.of(root)))
                .hasMessageContaining("no serving-service build at")
                .hasMessageContaining("./mvnw -pl serving-service -am package -DskipTests")
                .hasMessageEndingWith("or start without it: mlcycle up --no-serving");
        fakeJar(root, "monitoring-service");
        assertThat(parsedUp("--no-serving").plan(Optional.of(root)))
                .extracting(UpCommand.ServicePlan::name)
                .containsExactly("ingest", "training", "monitoring");
        fakeJar(root, "serving-service");
        assertThatThrownBy(() -> parsedUp("--serving-port", "8082").plan(Optional.of(root)))
                .hasMessage("--training-port and --serving-port are both 8082: expected a port of its own for each"
                        + " service");
        assertThatThrownBy(() -> parsedUp("--serving-heap", "lots").plan(Optional.of(root)))
                .hasMessage("--serving-heap: expected a size with k, m or g, like 512m or 1g, got \"lots\"");
    }

    @Test
    void startsMonitoringOnItsPortAndSaysHowToBuildOrSkipIt(@TempDir Path root) throws Exception {
        fakeJar(root, "ingest-service");
        fakeJar(root, "training-service");
        fakeJar(root, "serving-service");
        assertThatThrownBy(() -> parsedUp().plan(Optional.of(root)))
                .hasMessageContaining("no monitoring-service build at")
                .hasMessageEndingWith("or start without it: mlcycle up --no-monitoring");
        Path monitoring = fakeJar(root, "monitoring-service");
        UpCommand.ServicePlan plan = parsedUp("--monitoring-port", "18083", "--monitoring-heap", "768m")
                .plan(Optional.of(root))
                .get(3);
        assertThat(plan)
                .isEqualTo(new UpCommand.ServicePlan("monitoring", monitoring, 18083, "--monitoring-port", "768m"));
        assertThat(plan.definition(root.resolve("data"), "127.0.0.1:19092").healthUrl())
                .hasToString("http://127.0.0.1:18083/q/health/ready");
        assertThatThrownBy(() -> parsedUp("--monitoring-port", "8080").plan(Optional.of(root)))
                .hasMessage("--serving-port and --monitoring-port are both 8080: expected a port of its own for each"
                        + " service");
    }
}
