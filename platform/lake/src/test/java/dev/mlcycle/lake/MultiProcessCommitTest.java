package dev.mlcycle.lake;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several JVMs committing to one table through one SQLite catalog file: no acknowledged commit is lost. */
class MultiProcessCommitTest {
    static final int PROCESSES = 3;
    static final int COMMITS = 8;
    static final int ROWS = 30;

    @TempDir
    Path dir;

    @Test
    void threeProcessesCommittingAtOnceLoseNoCommit() throws Exception {
        Path root = dir.resolve("lake");
        try (Lake lake = Lake.open(root)) {
            lake.table(Credit.spec(root), TableKind.EVENTS); // created once, so the workers only load it
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> workers = new ArrayList<>();
        List<Path> logs = new ArrayList<>();
        for (int p = 0; p < PROCESSES; p++) {
            Path log = dir.resolve("worker-" + p + ".log");
            logs.add(log);
            workers.add(new ProcessBuilder(
                            java,
                            "-Xmx256m",
                            "-cp",
                            System.getProperty("java.class.path"),
                            CommitWorker.class.getName(),
                            root.toString(),
                            Integer.toString(p),
                            Integer.toString(COMMITS),
                            Integer.toString(ROWS))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start());
        }
        for (int p = 0; p < PROCESSES; p++) {
            Process w = workers.get(p);
            boolean done = w.waitFor(180, TimeUnit.SECONDS);
            if (!done) {
                w.destroyForcibly();
            }
            assertThat(done && w.exitValue() == 0)
                    .as("worker %d exited with %s:%n%s", p, done ? w.exitValue() : "timeout", read(logs.get(p)))
                    .isTrue();
        }

        try (Lake lake = Lake.open(root)) {
            LakeTable table = lake.find("credit", TableKind.EVENTS).orElseThrow();
            Map<SourcePartition, Long> offsets = table.committedOffsets();
            assertThat(offsets).hasSize(PROCESSES);
            for (int p = 0; p < PROCESSES; p++) {
                assertThat(offsets).containsEntry(Credit.tp(p), (long) COMMITS * ROWS);
            }
            assertThat(table.snapshots()).hasSize(PROCESSES * COMMITS);
            assertThat(Rows.ids(Rows.current(table), "event_id"))
                    .hasSize(PROCESSES * COMMITS * ROWS)
                    .doesNotHaveDuplicates();
        }
    }

    private static String read(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log) : "(no output)";
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
