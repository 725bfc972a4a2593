package dev.mlcycle.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's quick start, as written, on a fresh data directory, through the packaged launcher: its main command
 * ({@code ./mlcycle up}) in the background, then every command of its second block in order, each run by bash
 * exactly as the README prints it. Every command must succeed, and {@code train} must end with version 1 the
 * champion. The commands are read from README.md itself, so the README cannot drift from what is tested. They
 * use the default ports, which must be free. Logs under {@code target/e2e-logs/QuickStartIT/}.
 */
@ExtendWith(ChildLogs.OnFailure.class)
class QuickStartIT {
    /** The default ports of the quick start: Kafka, its controller, ingest, training. */
    static final int[] PORTS = {9092, 9093, 8081, 8082};

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dataDir;

    @Test
    void theReadmeQuickStartAsWrittenEndsWithVersionOneTheChampion() throws Exception {
        QuickStart quickStart = QuickStart.of(Files.readAllLines(Processes.ROOT.resolve("README.md")));
        assertThat(quickStart.main()).startsWith("./mlcycle up");
        for (int port : PORTS) {
            assertThat(free(port))
                    .as("port %d is taken: the quick start runs on the default ports, stop what holds it", port)
                    .isTrue();
        }
        Map<String, String> env = Map.of("MLCYCLE_DATA_DIR", dataDir.toString(), "MLCYCLE_SKIP_BUILD", "1");
        String[] upArgs = quickStart.main().replaceFirst("^\\./mlcycle\\s+", "").split("\\s+");
        try (ServiceProcess up = ServiceProcess.mlcycle(
                        "mlcycle-up", ChildLogs.dirFor(QuickStartIT.class), "Press Ctrl-C to stop.", env, upArgs)
                .start()
                .awaitReady(Duration.ofMinutes(3))) {
            ChildLogs.step("%s is up, data %s", quickStart.main(), dataDir);
            List<Processes.Result> results = new ArrayList<>();
            for (String command : quickStart.commands()) {
                Processes.Result r =
                        Processes.run(Processes.ROOT, env, Duration.ofMinutes(10), List.of("bash", "-c", command));
                ChildLogs.step("%s -> %d", command, r.exitCode());
                assertThat(r.exitCode()).as("%s%n%s", command, r.output()).isZero();
                results.add(r);
            }
            String train = output(quickStart, results, "./mlcycle train");
            assertThat(train).contains("SUCCEEDED", "registered version 1, now champion");
            assertThat(output(quickStart, results, "./mlcycle models")).contains("champion v1");
            assertThat(output(quickStart, results, "./mlcycle runs")).contains("SUCCEEDED");
        }
    }

    private static String output(QuickStart q, List<Processes.Result> results, String prefix) {
        for (int i = 0; i < q.commands().size(); i++) {
            if (q.commands().get(i).startsWith(prefix)) {
                return results.get(i).output();
            }
        }
        throw new AssertionError("the README's quick start has no command starting with " + prefix);
    }

    private static boolean free(int port) {
        try (ServerSocket s = new ServerSocket(port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The quick start of README.md: under {@code ## Quick start}, the {@code ./mlcycle} line of the first bash
     * block (the main job) and every line of the second (what to run while it runs).
     */
    record QuickStart(String main, List<String> commands) {
        static QuickStart of(List<String> readme) {
            List<List<String>> blocks = new ArrayList<>();
            boolean inSection = false;
            List<String> block = null;
            for (String line : readme) {
                if (line.startsWith("## ")) {
                    inSection = line.equals("## Quick start");
                    continue;
                }
                if (!inSection) {
                    continue;
                }
                if (block == null && line.strip().equals("```bash")) {
                    block = new ArrayList<>();
                } else if (block != null && line.strip().equals("```")) {
                    blocks.add(block);
                    block = null;
                } else if (block != null && !line.isBlank()) {
                    block.add(line.strip());
                }
            }
            assertThat(blocks)
                    .as("bash blocks under ## Quick start in README.md")
                    .hasSizeGreaterThanOrEqualTo(2);
            String main = blocks.get(0).stream()
                    .filter(l -> l.startsWith("./mlcycle "))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("the first quick-start block has no ./mlcycle line"))
                    .replaceFirst("\\s+#.*$", "");
            return new QuickStart(main, List.copyOf(blocks.get(1)));
        }
    }
}
