package dev.mlcycle.cli;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.kafka.local.LogTail;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * One mlcycle service (a Quarkus fast-jar) run as a child process of {@code mlcycle up}: started with
 * its environment and heap, its output appended to its log, ready when its health URL answers 200,
 * restarted after a crash by {@link RestartPolicy}, and stopped with SIGTERM (then SIGKILL after a
 * grace period). Generic, so the training, serving and monitoring services start the same way.
 */
final class ServiceProcess implements AutoCloseable {
    /** Lines of the service's log shown when it fails. */
    static final int LOG_TAIL_LINES = 20;

    static final Duration DEFAULT_READY_TIMEOUT = Duration.ofSeconds(90);
    static final Duration DEFAULT_STOP_GRACE = Duration.ofSeconds(30);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(250);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

    /**
     * What to run.
     *
     * @param name short name, as in the summary and in messages ({@code ingest})
     * @param jar the runnable jar ({@code quarkus-run.jar}, run in place next to its {@code lib/})
     * @param heap the {@code -Xmx} value
     * @param environment set on top of this process's environment
     * @param port the HTTP port the service listens on
     * @param log the file its stdout and stderr are appended to
     * @param healthUrl answers 200 once the service is ready
     * @param workDir its working directory
     */
    record Definition(
            String name,
            Path jar,
            String heap,
            Map<String, String> environment,
            int port,
            Path log,
            URI healthUrl,
            Path workDir) {
        Definition {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(jar, "jar");
            environment = Map.copyOf(environment);
            Objects.requireNonNull(log, "log");
            Objects.requireNonNull(healthUrl, "healthUrl");
            Objects.requireNonNull(workDir, "workDir");
        }

        /** A Quarkus service on 127.0.0.1: health at {@code /q/health/ready}. */
        static Definition quarkus(
                String name, Path jar, String heap, Map<String, String> env, int port, Path log, Path workDir) {
            return new Definition(
                    name,
                    jar,
                    heap,
                    env,
                    port,
                    log,
                    URI.create("http://127.0.0.1:" + port + "/q/health/ready"),
                    workDir);
        }

        /** The base URL people use. */
        String url() {
            return "http://127.0.0.1:" + port;
        }

        List<String> command() {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            if (heap != null) {
                command.add("-Xmx" + heap);
            }
            // A service out of memory is broken: let it exit, so that it gets restarted.
            command.add("-XX:+ExitOnOutOfMemoryError");
            // The services up starts (ingest, training) are throughput jobs with no latency target: the parallel
            // collector costs them less CPU than G1 (ingest: about 15 % less CPU, 20 % more rows/s; see
            // ingest-service/DESIGN.md).
            command.add("-XX:+UseParallelGC");
            command.add("-jar");
            command.add(jar.toString());
            return command;
        }
    }

    private final Definition definition;
    private final PrintWriter out;
    private final RestartPolicy policy;
    private final Duration readyTimeout;
    private final Duration stopGrace;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(PROBE_TIMEOUT).build();
    private final Object lock = new Object();

    private volatile boolean stopping;
    private Process process;
    private Instant startedAt;
    private Duration startDuration;
    private long logOffset;
    private int starts;
    private Thread supervisor;

    ServiceProcess(Definition definition, PrintWriter out) {
        this(definition, out, RestartPolicy.standard(), DEFAULT_READY_TIMEOUT, DEFAULT_STOP_GRACE);
    }

    ServiceProcess(
            Definition definition, PrintWriter out, RestartPolicy policy, Duration readyTimeout, Duration stopGrace) {
        this.definition = definition;
        this.out = out;
        this.policy = policy;
        this.readyTimeout = readyTimeout;
        this.stopGrace = stopGrace;
    }

    Definition definition() {
        return definition;
    }

    /** Fails with a sentence when something already answers on the service's port. */
    static void requirePortFree(String option, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
        } catch (IOException e) {
            return; // nobody listens: free
        }
        throw new MlcycleException(
                Reason.INVALID_ARGUMENT,
                "port " + port + " is in use: something already listens on 127.0.0.1:" + port
                        + " (another mlcycle up?); stop it or choose another port with " + option);
    }

    /**
     * Starts the service and waits until it is ready; then watches it and restarts it if it exits on
     * its own. Fails with the last lines of its log if it exits or is not ready in time.
     */
    void start() {
        long t0 = System.nanoTime();
        Process p = launch();
        try {
            awaitReady(p);
        } catch (RuntimeException e) {
            terminate(p);
            throw e;
        }
        startDuration = Duration.ofNanos(System.nanoTime() - t0);
        supervisor = new Thread(this::supervise, "mlcycle-supervise-" + definition.name());
        supervisor.setDaemon(true);
        supervisor.start();
    }

    /** The running process's id, or -1. */
    long pid() {
        synchronized (lock) {
            return process == null ? -1 : process.pid();
        }
    }

    Duration startDuration() {
        return startDuration;
    }

    boolean isRunning() {
        synchronized (lock) {
            return process != null && process.isAlive();
        }
    }

    /** Stops watching, then stops the process: SIGTERM, the grace period, then SIGKILL. */
    @Override
    public void close() {
        Process p;
        synchronized (lock) {
            stopping = true;
            p = process;
        }
        if (supervisor != null) {
            supervisor.interrupt();
        }
        if (p != null) {
            terminate(p);
        }
        if (supervisor != null && supervisor != Thread.currentThread()) {
            try {
                supervisor.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private Process launch() {
        synchronized (lock) {
            if (stopping) {
                throw new MlcycleException(Reason.UNAVAILABLE, definition.name() + " is being stopped");
            }
            starts++;
            try {
                Files.createDirectories(definition.log().toAbsolutePath().getParent());
                Files.writeString(
                        definition.log(),
                        "==== mlcycle: starting " + definition.name() + " at " + Instant.now() + " on "
                                + definition.url() + (starts > 1 ? " (restart " + (starts - 1) + ")" : "") + " ===="
                                + System.lineSeparator(),
                        StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
                logOffset = LogTail.size(definition.log());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the " + definition.name() + " log " + definition.log(), e);
            }
            ProcessBuilder builder = new ProcessBuilder(definition.command())
                    .directory(definition.workDir().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(
                            ProcessBuilder.Redirect.appendTo(definition.log().toFile()));
            builder.environment().putAll(definition.environment());
            try {
                process = builder.start();
            } catch (IOException e) {
                throw new MlcycleException(
                        Reason.UNAVAILABLE,
                        "cannot start " + definition.name() + " (" + String.join(" ", definition.command()) + "): "
                                + e.getMessage(),
                        e);
            }
            // The service never reads stdin; closing it keeps a pipe from filling up on either side.
            try {
                process.getOutputStream().close();
            } catch (IOException ignored) {
                // nothing to do
            }
            startedAt = Instant.now();
            return process;
        }
    }

    /** Polls the health URL until it answers 200; fails if the process exits or time runs out. */
    private void awaitReady(Process p) {
        long deadline = System.nanoTime() + readyTimeout.toNanos();
        String last = "no answer yet";
        HttpRequest request = HttpRequest.newBuilder(definition.healthUrl())
                .timeout(PROBE_TIMEOUT)
                .GET()
                .build();
        while (true) {
            if (!p.isAlive()) {
                throw failed("exited with status " + exitValue(p) + " before it was ready");
            }
            if (stopping) {
                throw new MlcycleException(Reason.UNAVAILABLE, definition.name() + " was stopped before it was ready");
            }
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
                last = "HTTP " + response.statusCode() + " " + oneLine(response.body());
            } catch (ConnectException e) {
                last = "connection refused";
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MlcycleException(
                        Reason.UNAVAILABLE, "interrupted while waiting for " + definition.name() + " to be ready", e);
            }
            if (System.nanoTime() > deadline) {
                throw failed("was not ready within " + readyTimeout.toSeconds() + " s (" + definition.healthUrl() + ": "
                        + last + ")");
            }
            sleep(POLL_INTERVAL);
        }
    }

    private MlcycleException failed(String what) {
        return new MlcycleException(
                Reason.UNAVAILABLE,
                definition.name() + " (" + definition.url() + ") " + what + "; the last lines of " + definition.log()
                        + ":" + System.lineSeparator() + LogTail.read(definition.log(), logOffset, LOG_TAIL_LINES));
    }

    /** Runs on its own thread after the first start: restarts the service when it exits on its own. */
    private void supervise() {
        while (!stopping) {
            Process p;
            Instant started;
            synchronized (lock) {
                p = process;
                started = startedAt;
            }
            int status;
            try {
                status = p.waitFor();
                // Ctrl-C reaches the whole process group: the service may exit a moment before our
                // shutdown hook says so. Give that a moment before calling it a crash.
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            }
            if (stopping || jvmShuttingDown()) {
                return;
            }
            Instant now = Instant.now();
            RestartPolicy.Decision d = policy.onCrash(started, now);
            double ranFor = Duration.between(started, now).toMillis() / 1000.0;
            if (d.giveUp()) {
                say(String.format(
                        Locale.ROOT,
                        "mlcycle: %s exited with status %d after %.1f s, its %d%s crash within %s; giving up on it"
                                + " (the rest keeps running). The last lines of %s:%n%s",
                        definition.name(),
                        status,
                        ranFor,
                        d.crashesInWindow(),
                        ordinalSuffix(d.crashesInWindow()),
                        minutes(policy.window()),
                        definition.log(),
                        LogTail.read(definition.log(), logOffset, LOG_TAIL_LINES)));
                return;
            }
            say(String.format(
                    Locale.ROOT,
                    "mlcycle: %s exited unexpectedly with status %d after %.1f s; restarting in %s (%d %s within %s;"
                            + " mlcycle gives up at %d; log %s)",
                    definition.name(),
                    status,
                    ranFor,
                    seconds(d.delay()),
                    d.crashesInWindow(),
                    d.crashesInWindow() == 1 ? "crash" : "crashes",
                    minutes(policy.window()),
                    policy.maxCrashes(),
                    definition.log()));
            try {
                Thread.sleep(d.delay().toMillis());
            } catch (InterruptedException e) {
                return;
            }
            long t0 = System.nanoTime();
            Process next;
            try {
                next = launch();
            } catch (RuntimeException e) {
                if (stopping) {
                    return;
                }
                say("mlcycle: cannot restart " + definition.name() + ": " + e.getMessage() + "; giving up on it");
                return;
            }
            try {
                awaitReady(next);
                say(String.format(
                        Locale.ROOT,
                        "mlcycle: %s is back at %s (pid %d, ready in %.1f s)",
                        definition.name(),
                        definition.url(),
                        next.pid(),
                        (System.nanoTime() - t0) / 1e9));
            } catch (RuntimeException e) {
                if (stopping || Thread.currentThread().isInterrupted()) {
                    return;
                }
                // Not ready: stop it, and the loop counts it as the next crash.
                say("mlcycle: restart failed: " + e.getMessage());
                terminate(next);
            }
        }
    }

    private void say(String line) {
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }

    /** SIGTERM, wait the grace period, then SIGKILL. */
    private void terminate(Process p) {
        if (!p.isAlive()) {
            return;
        }
        p.destroy();
        try {
            if (!p.waitFor(stopGrace.toMillis(), TimeUnit.MILLISECONDS)) {
                say("mlcycle: " + definition.name() + " (pid " + p.pid() + ") did not stop within "
                        + stopGrace.toSeconds() + " s; killing it");
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** True once the JVM runs its shutdown hooks (Ctrl-C, SIGTERM). */
    static boolean jvmShuttingDown() {
        Thread probe = new Thread(() -> {});
        try {
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException e) {
            return true;
        }
    }

    private static int exitValue(Process p) {
        try {
            return p.exitValue();
        } catch (IllegalThreadStateException e) {
            return -1;
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MlcycleException(Reason.UNAVAILABLE, "interrupted while waiting for a service", e);
        }
    }

    private static String oneLine(String s) {
        return Text.cut(s == null ? "" : s.strip(), 200);
    }

    static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + " s" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    private static String minutes(Duration d) {
        return d.toSeconds() % 60 == 0 ? d.toMinutes() + " min" : seconds(d);
    }

    private static String ordinalSuffix(int n) {
        if (n % 100 >= 11 && n % 100 <= 13) {
            return "th";
        }
        return switch (n % 10) {
            case 1 -> "st";
            case 2 -> "nd";
            case 3 -> "rd";
            default -> "th";
        };
    }
}
