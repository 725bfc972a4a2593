package dev.mlcycle.e2e;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A long-running child process that a test starts, restarts, kills with SIGKILL or stops with SIGTERM,
 * as an operator or a crash would. Every start is an incarnation with its own log file
 * ({@code <name>-01.log}, {@code <name>-02.log}, ...), registered with {@link ChildLogs} so that its tail
 * shows on failure.
 */
final class ServiceProcess implements AutoCloseable {
    /** 128 + 9: how the JDK reports the exit of a process that SIGKILL ended. */
    static final int SIGKILL_EXIT = 137;
    /** 128 + 15: a process that SIGTERM ended without a handler of its own. */
    static final int SIGTERM_EXIT = 143;

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final String name;
    private final List<String> command;
    private final Map<String, String> env;
    private final Path workDir;
    private final Path logDir;
    private final Predicate<ServiceProcess> ready;
    private final List<Path> logs = new ArrayList<>();
    private Process process;
    private long startedAt;

    private ServiceProcess(
            String name,
            List<String> command,
            Map<String, String> env,
            Path workDir,
            Path logDir,
            Predicate<ServiceProcess> ready) {
        this.name = name;
        this.command = List.copyOf(command);
        this.env = new LinkedHashMap<>(env);
        this.workDir = workDir;
        this.logDir = logDir;
        this.ready = ready;
    }

    /**
     * A Quarkus (or any) service run as {@code java -Xmx<heap> -jar <jar>} in {@code logDir}, ready when
     * {@code readyUrl} answers 200.
     */
    static ServiceProcess javaJar(
            String name, Path jar, String heap, Map<String, String> env, URI readyUrl, Path logDir) {
        List<String> cmd = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap,
                "-jar",
                jar.toString());
        return new ServiceProcess(name, cmd, env, logDir, logDir, p -> httpOk(readyUrl));
    }

    /** {@code ./mlcycle args...}, ready once its output contains {@code readyLine}. */
    static ServiceProcess mlcycle(String name, Path logDir, String readyLine, String... args) {
        return mlcycle(name, logDir, readyLine, Map.of(), args);
    }

    /** {@code ./mlcycle args...} with these environment variables, ready once its output contains {@code readyLine}. */
    static ServiceProcess mlcycle(String name, Path logDir, String readyLine, Map<String, String> env, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Processes.ROOT.resolve("mlcycle").toString());
        cmd.addAll(List.of(args));
        Map<String, String> all = new LinkedHashMap<>(env);
        all.put("MLCYCLE_SKIP_BUILD", "1");
        return new ServiceProcess(name, cmd, all, Processes.ROOT, logDir, p -> Processes.read(p.log())
                .contains(readyLine));
    }

    /** Starts a new incarnation; the previous one must have ended. */
    synchronized ServiceProcess start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " is still running as pid " + process.pid());
        }
        Path log = ChildLogs.register(logDir.resolve(String.format(Locale.ROOT, "%s-%02d.log", name, logs.size() + 1)));
        logs.add(log);
        ProcessBuilder pb =
                new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
        pb.redirectOutput(log.toFile());
        pb.environment().putAll(env);
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        startedAt = System.nanoTime();
        return this;
    }

    /** Whether the current incarnation is alive and says it is ready. */
    boolean isReady() {
        Process p = process;
        return p != null && p.isAlive() && ready.test(this);
    }

    /** Waits until ready; fails at once, with the log's tail, if the process ends first. */
    ServiceProcess awaitReady(Duration atMost) {
        await(name + " to be ready")
                .atMost(atMost)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new AssertionError(name + " (pid " + process.pid() + ") exited with status "
                                + process.exitValue() + " before it was ready:\n" + ChildLogs.tail(log(), 60));
                    }
                    return ready.test(this);
                });
        return this;
    }

    /**
     * Kills the current incarnation with SIGKILL, as a crash or the OOM killer would: no shutdown hook,
     * no flush, no goodbye. Waits for it to end and checks that SIGKILL is what ended it.
     */
    void kill9() {
        Process p = process;
        List<ProcessHandle> children = p.descendants().toList();
        p.destroyForcibly(); // SIGKILL on Unix (ProcessImpl.destroy(force=true) -> kill(pid, SIGKILL))
        int status = waitFor(p, Duration.ofSeconds(30));
        if (status != SIGKILL_EXIT) {
            throw new AssertionError(name + " (pid " + p.pid() + ") ended with status " + status
                    + " instead of " + SIGKILL_EXIT + " (SIGKILL): it was not running any more when killed?\n"
                    + ChildLogs.tail(log(), 60));
        }
        children.forEach(ProcessHandle::destroyForcibly);
    }

    /** Sends SIGTERM, as {@code kill PID} or a container stop would, and waits for the process to end. */
    int stop(Duration atMost) {
        Process p = process;
        if (p == null || !p.isAlive()) {
            return p == null ? 0 : p.exitValue();
        }
        List<ProcessHandle> children = p.descendants().toList();
        p.destroy(); // SIGTERM on Unix
        int status = waitFor(p, atMost);
        for (ProcessHandle child : children) {
            await(name + "'s child " + child.pid() + " to end")
                    .atMost(atMost)
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> !child.isAlive());
        }
        return status;
    }

    private int waitFor(Process p, Duration atMost) {
        try {
            if (!p.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new AssertionError(name + " (pid " + p.pid() + ") did not end within " + atMost);
            }
            return p.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Ends everything this process started, forcibly, and then the process. For clean-up only. */
    @Override
    public synchronized void close() {
        Process p = process;
        if (p != null && p.isAlive()) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            try {
                p.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    String name() {
        return name;
    }

    Process process() {
        return process;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** Whether the current incarnation has ended, and with which status. */
    Optional<Integer> exitStatus() {
        return process == null || process.isAlive() ? Optional.empty() : Optional.of(process.exitValue());
    }

    /** Time since the current incarnation was started. */
    Duration upTime() {
        return Duration.ofNanos(System.nanoTime() - startedAt);
    }

    /** Number of incarnations so far. */
    int starts() {
        return logs.size();
    }

    /** The log of the current incarnation. */
    Path log() {
        return logs.get(logs.size() - 1);
    }

    /** The logs of every incarnation, oldest first. */
    List<Path> logs() {
        return List.copyOf(logs);
    }

    /**
     * Copies a built application directory (a Quarkus {@code quarkus-app}) to {@code into}, so that a
     * rebuild while the test runs cannot pull jars from under a running or restarting service.
     */
    static Path snapshot(Path appDir, Path into) {
        try (var paths = java.nio.file.Files.walk(appDir)) {
            for (Path p : paths.toList()) {
                Path target = into.resolve(appDir.relativize(p).toString());
                if (java.nio.file.Files.isDirectory(p)) {
                    java.nio.file.Files.createDirectories(target);
                } else {
                    java.nio.file.Files.copy(p, target);
                }
            }
            return into;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code GET url} answered 200 within a second. */
    static boolean httpOk(URI url) {
        try {
            HttpResponse<Void> r = HTTP.send(
                    HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(1)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** {@code GET url}'s body, or empty if it did not answer 200 within {@code timeout}. */
    static Optional<String> httpGet(URI url, Duration timeout) {
        try {
            HttpResponse<String> r = HTTP.send(
                    HttpRequest.newBuilder(url).timeout(timeout).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? Optional.of(r.body()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
