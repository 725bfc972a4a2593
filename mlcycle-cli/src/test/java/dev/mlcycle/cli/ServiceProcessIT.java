package dev.mlcycle.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.mlcycle.contracts.MlcycleException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ServiceProcess} with a real child JVM: {@link FakeService} packed into a runnable jar. */
class ServiceProcessIT {
    @TempDir
    Path dir;

    Path jar;
    int port;
    StringWriter said = new StringWriter();
    ServiceProcess service;

    @BeforeEach
    void packFakeService() throws Exception {
        jar = dir.resolve("fake-run.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, FakeService.class.getName());
        String entry = FakeService.class.getName().replace('.', '/') + ".class";
        try (OutputStream file = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(file, manifest);
                InputStream in = FakeService.class.getClassLoader().getResourceAsStream(entry)) {
            out.putNextEntry(new JarEntry(entry));
            in.transferTo(out);
            out.closeEntry();
        }
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
    }

    @AfterEach
    void stop() {
        if (service != null) {
            service.close();
        }
    }

    ServiceProcess service(String mode, RestartPolicy policy, Duration readyTimeout, Duration stopGrace) {
        Map<String, String> env = Map.of(
                "FAKE_MODE", mode,
                "MLCYCLE_DATA_DIR", dir.toString(),
                "QUARKUS_HTTP_PORT", Integer.toString(port),
                "MLCYCLE_PARENT_PID", Long.toString(ProcessHandle.current().pid()));
        service = new ServiceProcess(
                ServiceProcess.Definition.quarkus("fake", jar, "64m", env, port, dir.resolve("logs/fake.log"), dir),
                new PrintWriter(said, true),
                policy,
                readyTimeout,
                stopGrace);
        return service;
    }

    String log() throws Exception {
        return Files.readString(dir.resolve("logs/fake.log"));
    }

    @Test
    void startsWithItsEnvironmentAndHeapAndIsReadyWhenHealthAnswers() throws Exception {
        ServiceProcess s = service("ok", RestartPolicy.standard(), Duration.ofSeconds(60), Duration.ofSeconds(10));
        s.start();
        assertThat(s.isRunning()).isTrue();
        assertThat(s.pid()).isPositive();
        assertThat(s.startDuration()).isPositive();
        assertThat(log())
                .contains("==== mlcycle: starting fake at ")
                .contains("env MLCYCLE_DATA_DIR=" + dir)
                .contains("env QUARKUS_HTTP_PORT=" + port)
                .contains("env MLCYCLE_PARENT_PID=" + ProcessHandle.current().pid())
                .contains("listening on " + port);
        assertThat(log()).containsPattern("heap (\\d+)");
        long heap = Long.parseLong(log().replaceAll("(?s).*heap (\\d+).*", "$1"));
        assertThat(heap).isLessThanOrEqualTo(64L << 20);
    }

    @Test
    void failsWithTheLastLinesOfItsLogWhenItExitsBeforeItIsReady() {
        ServiceProcess s =
                service("exit-now", RestartPolicy.standard(), Duration.ofSeconds(60), Duration.ofSeconds(10));
        assertThatThrownBy(s::start)
                .isInstanceOfSatisfying(MlcycleException.class, e -> assertThat(e.reason())
                        .isEqualTo(MlcycleException.Reason.UNAVAILABLE))
                .hasMessageContaining("fake (http://127.0.0.1:" + port + ") exited with status 1 before it was ready")
                .hasMessageContaining("boom: cannot start");
        assertThat(s.isRunning()).isFalse();
    }

    @Test
    void failsWhenHealthNeverSaysReadyAndStopsTheProcess() {
        ServiceProcess s =
                service("never-ready", RestartPolicy.standard(), Duration.ofSeconds(3), Duration.ofSeconds(10));
        assertThatThrownBy(s::start)
                .hasMessageContaining("was not ready within 3 s")
                .hasMessageContaining("HTTP 503 {\"status\":\"DOWN\"}")
                .hasMessageContaining("listening on " + port);
        assertThat(s.isRunning()).isFalse();
    }

    @Test
    void restartsAServiceThatWasKilledAndSaysSo() throws Exception {
        ServiceProcess s = service(
                "ok",
                new RestartPolicy(Duration.ofMillis(100), Duration.ofSeconds(1), 5, Duration.ofMinutes(2)),
                Duration.ofSeconds(60),
                Duration.ofSeconds(10));
        s.start();
        long first = s.pid();
        ProcessHandle.of(first).orElseThrow().destroyForcibly();
        await("a new process").atMost(Duration.ofSeconds(60)).until(() -> said.toString()
                .contains("fake is back"));
        assertThat(s.pid()).isNotEqualTo(first);
        assertThat(s.isRunning()).isTrue();
        assertThat(said.toString())
                .contains("mlcycle: fake exited unexpectedly with status 137")
                .contains("restarting in 0.1 s (1 crash within 2 min; mlcycle gives up at 5");
        assertThat(log()).contains("(restart 1)");
    }

    @Test
    void givesUpAfterTooManyCrashesWithinTheWindow() {
        ServiceProcess s = service(
                "crash-after-ready",
                new RestartPolicy(Duration.ofMillis(50), Duration.ofMillis(200), 3, Duration.ofMinutes(2)),
                Duration.ofSeconds(60),
                Duration.ofSeconds(10));
        s.start();
        await("giving up").atMost(Duration.ofSeconds(90)).until(() -> said.toString()
                .contains("giving up"));
        assertThat(said.toString())
                .contains("its 3rd crash within 2 min; giving up on it")
                .contains("crashing on purpose");
        assertThat(s.isRunning()).isFalse();
    }

    @Test
    void stopsWithSigtermAndKillsAServiceThatIgnoresIt() {
        ServiceProcess s =
                service("ignore-term", RestartPolicy.standard(), Duration.ofSeconds(60), Duration.ofSeconds(1));
        s.start();
        ProcessHandle handle = ProcessHandle.of(s.pid()).orElseThrow();
        s.close();
        assertThat(handle.isAlive()).isFalse();
        assertThat(said.toString()).contains("did not stop within 1 s; killing it");
        assertThat(said.toString()).doesNotContain("exited unexpectedly");
    }

    @Test
    void refusesAPortSomethingAlreadyListensOn() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> ServiceProcess.requirePortFree("--ingest-port", taken.getLocalPort()))
                    .hasMessage("port " + taken.getLocalPort() + " is in use: something already listens on 127.0.0.1:"
                            + taken.getLocalPort() + " (another mlcycle up?); stop it or choose another port with"
                            + " --ingest-port");
        }
        ServiceProcess.requirePortFree("--ingest-port", port);
    }
}
