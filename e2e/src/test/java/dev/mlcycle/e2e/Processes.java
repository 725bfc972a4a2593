package dev.mlcycle.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the real launcher and other programs as child processes, as a user would. */
final class Processes {
    static final Path ROOT =
            Path.of(System.getProperty("mlcycle.root", "..")).toAbsolutePath().normalize();
    static final Path NODE_DIR =
            Path.of(System.getProperty("mlcycle.node.dir", "src/test/node")).toAbsolutePath();

    private Processes() {}

    /** The result of a finished command. */
    record Result(int exitCode, String output) {}

    /** Starts {@code ./mlcycle args...} in the background, output to {@code log}; never builds. */
    static Process startMlcycle(Path log, String... args) {
        List<String> command = new ArrayList<>();
        command.add(ROOT.resolve("mlcycle").toString());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true);
        pb.redirectOutput(log.toFile());
        pb.environment().put("MLCYCLE_SKIP_BUILD", "1");
        try {
            return pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code ./mlcycle args...} to the end (at most {@code timeout}) and returns its output. */
    static Result mlcycle(Duration timeout, String... args) {
        List<String> command = new ArrayList<>();
        command.add(ROOT.resolve("mlcycle").toString());
        command.addAll(List.of(args));
        return run(ROOT, Map.of("MLCYCLE_SKIP_BUILD", "1"), timeout, command);
    }

    static Result run(Path dir, Map<String, String> env, Duration timeout, List<String> command) {
        try {
            Path out = Files.createTempFile("mlcycle-e2e", ".out");
            ProcessBuilder pb =
                    new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
            pb.redirectOutput(out.toFile());
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new AssertionError(
                        command + " did not finish within " + timeout + "; output:\n" + Files.readString(out));
            }
            String output = Files.readString(out, StandardCharsets.UTF_8);
            Files.deleteIfExists(out);
            return new Result(p.exitValue(), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The result of a finished command whose standard output and error were kept apart. */
    record Output(int exitCode, String stdout, String stderr) {}

    /**
     * Runs {@code ./mlcycle args...} to the end (at most {@code timeout}), keeping standard output (for
     * example {@code --json}) apart from standard error (warnings, progress).
     */
    static Output mlcycleStdout(Duration timeout, String... args) {
        List<String> command = new ArrayList<>();
        command.add(ROOT.resolve("mlcycle").toString());
        command.addAll(List.of(args));
        try {
            Path out = Files.createTempFile("mlcycle-e2e", ".out");
            Path err = Files.createTempFile("mlcycle-e2e", ".err");
            ProcessBuilder pb = new ProcessBuilder(command).directory(ROOT.toFile());
            pb.redirectOutput(out.toFile());
            pb.redirectError(err.toFile());
            pb.environment().put("MLCYCLE_SKIP_BUILD", "1");
            Process p = pb.start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new AssertionError(command + " did not finish within " + timeout + "; stderr:\n" + read(err));
            }
            Output o = new Output(p.exitValue(), read(out), read(err));
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
            return o;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Sends SIGINT, as Ctrl-C in a terminal does. */
    static void interrupt(Process p) {
        run(ROOT, Map.of(), Duration.ofSeconds(10), List.of("kill", "-INT", Long.toString(p.pid())));
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
