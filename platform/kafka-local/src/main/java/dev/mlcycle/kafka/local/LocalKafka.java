package dev.mlcycle.kafka.local;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.contracts.TopicSpec;
import dev.mlcycle.contracts.Topics;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apache Kafka broker in KRaft mode: one node that is both broker and controller, listening on
 * 127.0.0.1, with everything it stores under one data directory.
 *
 * <pre>{@code
 * try (LocalKafka kafka = LocalKafka.builder(Path.of("data/kafka")).start()) {
 *     kafka.ensureContractTopics("credit");
 *     String bootstrap = kafka.bootstrapServers(); // "127.0.0.1:41234"
 * }
 * }</pre>
 *
 * <p>The broker runs either inside this JVM ({@link Mode#IN_PROCESS}, fastest, for tests) or as a child
 * JVM ({@link Mode#CHILD_PROCESS}, isolated heap and logs, dies with its parent). Starting on a data
 * directory that was used before keeps every topic and record, and reuses the ports picked then.
 *
 * <p>Data directory layout: {@code server.properties} (the broker config as last started),
 * {@code local-kafka.properties} (the ports), {@code kraft-logs/} (the Kafka log directory, with
 * {@code meta.properties} once formatted) and {@code logs/kafka.log} (child-process output).
 */
public final class LocalKafka implements AutoCloseable {
    /** Where the broker runs. */
    public enum Mode {
        /** In this JVM: starts fastest, logs through this JVM's slf4j binding, shares its heap. */
        IN_PROCESS,
        /** In a child JVM started from this JVM's class path; exits when this JVM dies. */
        CHILD_PROCESS
    }

    /** Smallest child heap the broker starts with: at 128 MB it exits without a word. */
    public static final long MIN_CHILD_HEAP_BYTES = 192L * 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(LocalKafka.class);
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(20);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(50);
    private static final int LOG_TAIL_LINES = 40;

    private final Path dataDir;
    private final int requestedBrokerPort;
    private final int requestedControllerPort;
    private final Mode mode;
    private final String childHeap;
    private final Path childLogFile;
    private final String childClasspath;
    private final Map<String, String> extraProperties;
    private final Duration startupTimeout;

    private BrokerPorts ports;
    private KafkaRaftServer server;
    private Process process;
    private OutputStream processStdin;
    private Duration startDuration;
    private boolean started;
    private boolean closed;

    private LocalKafka(Builder builder) {
        this.dataDir = builder.dataDir.toAbsolutePath().normalize();
        this.requestedBrokerPort = builder.brokerPort;
        this.requestedControllerPort = builder.controllerPort;
        this.mode = builder.mode;
        this.childHeap = builder.childHeap;
        this.childLogFile = builder.childLogFile == null
                ? dataDir.resolve("logs").resolve("kafka.log")
                : builder.childLogFile.toAbsolutePath();
        this.childClasspath = builder.childClasspath;
        this.extraProperties = Map.copyOf(builder.extraProperties);
        this.startupTimeout = builder.startupTimeout;
    }

    /** A builder for a broker whose state lives under {@code dataDir} (created if missing). */
    public static Builder builder(Path dataDir) {
        return new Builder(dataDir);
    }

    /**
     * Starts the broker and returns once a client can reach it: formats the log directory unless it
     * already holds {@code meta.properties}, starts the broker, and waits until {@code describeCluster}
     * answers with a broker and a controller.
     *
     * @throws MlcycleException {@link Reason#UNAVAILABLE} when a port is taken, the broker fails to start
     *     or is not ready within the startup timeout (with the last lines of its log in child mode)
     * @throws IllegalStateException when called twice or after {@link #close()}
     */
    public synchronized LocalKafka start() {
        if (closed) {
            throw new IllegalStateException("this LocalKafka was closed; build a new one on " + dataDir);
        }
        if (started) {
            throw new IllegalStateException("already started on " + bootstrapServers());
        }
        started = true;
        Instant begin = Instant.now();
        Instant deadline = begin.plus(startupTimeout);
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new MlcycleException(
                    Reason.INVALID_ARGUMENT, "cannot create the Kafka data directory " + dataDir + ": " + e, e);
        }
        ports = BrokerPorts.resolve(dataDir, requestedBrokerPort, requestedControllerPort);
        Properties props = BrokerSetup.brokerProperties(dataDir, ports, extraProperties);
        Path propertiesFile = BrokerSetup.writeProperties(dataDir, props);
        if (mode == Mode.IN_PROCESS) {
            startInProcess(props, propertiesFile, deadline);
        } else {
            startChild(propertiesFile, deadline);
        }
        startDuration = Duration.between(begin, Instant.now());
        LOG.info(
                "Kafka broker ready on {} ({} mode, {} ms, data in {})",
                bootstrapServers(),
                mode,
                startDuration.toMillis(),
                dataDir);
        return this;
    }

    private void startInProcess(Properties props, Path propertiesFile, Instant deadline) {
        BrokerSetup.formatIfNeeded(propertiesFile, props);
        KafkaRaftServer raftServer = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
        server = raftServer;
        try {
            raftServer.startup();
            awaitReady(deadline);
        } catch (RuntimeException e) {
            shutDownInProcess();
            if (e instanceof MlcycleException) {
                throw e;
            }
            throw new MlcycleException(
                    Reason.UNAVAILABLE,
                    "Kafka broker failed to start in process on " + bootstrapServers() + " (data in " + dataDir + "): "
                            + e,
                    e);
        }
    }

    private void startChild(Path propertiesFile, Instant deadline) {
        long logOffset;
        try {
            Files.createDirectories(childLogFile.getParent());
            Files.writeString(
                    childLogFile,
                    "==== mlcycle LocalKafka: starting broker at " + Instant.now() + " on " + bootstrapServers()
                            + " ====" + System.lineSeparator(),
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            logOffset = Files.size(childLogFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the broker log " + childLogFile, e);
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + childHeap);
        command.add("-cp");
        command.add(absoluteClasspath(childClasspath == null ? System.getProperty("java.class.path") : childClasspath));
        command.add(BrokerMain.class.getName());
        command.add(BrokerMain.WATCH_STDIN);
        command.add(propertiesFile.toString());
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(dataDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(childLogFile.toFile()));
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new MlcycleException(
                    Reason.UNAVAILABLE, "cannot start the Kafka broker JVM " + command + ": " + e, e);
        }
        // Kept open for the child's life: the child exits when it reads end-of-file here, i.e. when we die.
        processStdin = process.getOutputStream();
        try {
            awaitReady(deadline);
        } catch (RuntimeException e) {
            stopChild();
            String tail = LogTail.read(childLogFile, logOffset, LOG_TAIL_LINES);
            throw new MlcycleException(
                    Reason.UNAVAILABLE,
                    e.getMessage() + System.lineSeparator() + "last lines of " + childLogFile + ":"
                            + System.lineSeparator() + tail,
                    e);
        }
    }

    /** The child runs in the data directory, so relative class path entries are made absolute. */
    static String absoluteClasspath(String classpath) {
        return Arrays.stream(classpath.split(File.pathSeparator))
                .filter(entry -> !entry.isBlank())
                .map(entry -> Path.of(entry).toAbsolutePath().toString())
                .collect(Collectors.joining(File.pathSeparator));
    }

    /** Waits until the listener accepts connections, then until describeCluster names a broker and a controller. */
    private void awaitReady(Instant deadline) {
        while (!canConnect(ports.broker())) {
            checkStillRunning();
            if (Instant.now().isAfter(deadline)) {
                throw notReady("its listener never accepted a connection", null);
            }
            pause();
        }
        Exception last = null;
        try (Admin admin = Admin.create(adminConfig())) {
            while (true) {
                checkStillRunning();
                long remaining = Duration.between(Instant.now(), deadline).toMillis();
                if (remaining <= 0) {
                    throw notReady("describeCluster did not succeed", last);
                }
                try {
                    DescribeClusterResult cluster = admin.describeCluster(
                            new DescribeClusterOptions().timeoutMs((int) Math.min(remaining, 2_000)));
                    if (!cluster.nodes().get().isEmpty() && cluster.controller().get() != null) {
                        return;
                    }
                } catch (ExecutionException e) {
                    last = e;
                }
                pause();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MlcycleException(Reason.UNAVAILABLE, "interrupted while waiting for the Kafka broker", e);
        }
    }

    private void checkStillRunning() {
        if (process != null && !process.isAlive()) {
            throw new MlcycleException(
                    Reason.UNAVAILABLE,
                    "Kafka broker process " + process.pid() + " exited with status " + process.exitValue()
                            + " before it was ready on " + bootstrapServers() + " (heap -Xmx" + childHeap + ")");
        }
    }

    private MlcycleException notReady(String what, Exception cause) {
        return new MlcycleException(
                Reason.UNAVAILABLE,
                "Kafka broker not ready on " + bootstrapServers() + " within " + startupTimeout.toMillis() + " ms: "
                        + what + (cause == null ? "" : " (last error: " + cause.getMessage() + ")"),
                cause);
    }

    private static boolean canConnect(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(BrokerSetup.HOST, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void pause() {
        try {
            Thread.sleep(POLL_INTERVAL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MlcycleException(Reason.UNAVAILABLE, "interrupted while waiting for the Kafka broker", e);
        }
    }

    /** {@code 127.0.0.1:<broker port>}, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        requireStarted();
        return BrokerSetup.HOST + ":" + ports.broker();
    }

    /** The PLAINTEXT port clients connect to. */
    public int brokerPort() {
        requireStarted();
        return ports.broker();
    }

    /** The CONTROLLER port of the KRaft quorum (only the broker itself connects to it). */
    public int controllerPort() {
        requireStarted();
        return ports.controller();
    }

    /** The minimal client config: {@code bootstrap.servers}. Add your own serializers and group id. */
    public Map<String, Object> clientConfig() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return config;
    }

    /** A new Admin client for this broker; the caller closes it. */
    public Admin admin() {
        return Admin.create(adminConfig());
    }

    private Map<String, Object> adminConfig() {
        Map<String, Object> config = clientConfig();
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "mlcycle-local-kafka");
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        config.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500);
        return config;
    }

    /**
     * Creates the topics that do not exist yet, with their partitions and configs and replication factor
     * 1. Existing topics are left as they are.
     *
     * @return the names of the topics this call created, in the order given
     */
    public List<String> ensureTopics(Collection<TopicSpec> topics) {
        try (Admin admin = admin()) {
            return TopicProvisioner.ensureTopics(admin, topics, (short) 1, Duration.ofSeconds(30));
        }
    }

    /** {@link #ensureTopics} for {@link Topics#platformTopics()} and the topics of each dataset. */
    public List<String> ensureContractTopics(String... datasets) {
        return ensureTopics(contractTopics(List.of(datasets)));
    }

    /** The platform topics followed by the topics of each dataset. */
    public static List<TopicSpec> contractTopics(Collection<String> datasets) {
        List<TopicSpec> topics = new ArrayList<>(Topics.platformTopics());
        for (String dataset : datasets) {
            topics.addAll(Topics.datasetTopics(dataset));
        }
        return topics;
    }

    /** How long {@link #start()} took, from the call until a client could reach the broker. */
    public Duration startDuration() {
        requireStarted();
        return startDuration;
    }

    public Mode mode() {
        return mode;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The file the child broker's output is appended to (child-process mode). */
    public Path childLogFile() {
        return childLogFile;
    }

    /** The broker's process in child-process mode; empty in process or before start. */
    public Optional<ProcessHandle> brokerProcess() {
        return Optional.ofNullable(process).map(Process::toHandle);
    }

    /** True between a successful {@link #start()} and {@link #close()}. */
    public synchronized boolean isRunning() {
        return started && !closed && startDuration != null;
    }

    /**
     * Stops the broker cleanly: in process, shutdown and wait; as a child, SIGTERM (the child shuts the
     * broker down in its shutdown hook), up to 20 s, then SIGKILL. Calling it again does nothing.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (server != null) {
            shutDownInProcess();
        }
        if (process != null) {
            stopChild();
        }
        if (startDuration != null) {
            LOG.info("Kafka broker on {} stopped", bootstrapServers());
        }
    }

    private void shutDownInProcess() {
        KafkaRaftServer s = server;
        server = null;
        if (s != null) {
            s.shutdown();
            s.awaitShutdown();
        }
    }

    private void stopChild() {
        Process p = process;
        if (p == null) {
            return;
        }
        try {
            if (p.isAlive()) {
                p.destroy();
                if (!p.waitFor(SHUTDOWN_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                    LOG.warn(
                            "Kafka broker process {} did not stop within {} s of SIGTERM; killing it",
                            p.pid(),
                            SHUTDOWN_GRACE.toSeconds());
                    p.destroyForcibly();
                    p.waitFor(10, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            try {
                processStdin.close();
            } catch (IOException ignored) {
                // the child is gone; nothing reads this pipe any more
            }
        }
    }

    private void requireStarted() {
        if (ports == null) {
            throw new IllegalStateException("the broker on " + dataDir + " has not been started");
        }
    }

    @Override
    public String toString() {
        return "LocalKafka[" + mode + ", " + (ports == null ? "not started" : bootstrapServers()) + ", " + dataDir
                + "]";
    }

    /** Builds a {@link LocalKafka}; only the data directory is required. */
    public static final class Builder {
        private final Path dataDir;
        private int brokerPort;
        private int controllerPort;
        private Mode mode = Mode.IN_PROCESS;
        private String childHeap = "512m";
        private Path childLogFile;
        private String childClasspath;
        private final Map<String, String> extraProperties = new LinkedHashMap<>();
        private Duration startupTimeout = Duration.ofSeconds(60);

        private Builder(Path dataDir) {
            this.dataDir = Objects.requireNonNull(dataDir, "dataDir is required");
        }

        /** Port for clients; 0 (default) reuses the one recorded in the data dir, or picks a free one. */
        public Builder brokerPort(int port) {
            this.brokerPort = checkPort(port, "broker port");
            return this;
        }

        /** Port of the KRaft controller listener; 0 (default) reuses the recorded one or picks one. */
        public Builder controllerPort(int port) {
            this.controllerPort = checkPort(port, "controller port");
            return this;
        }

        /** {@link Mode#IN_PROCESS} by default. */
        public Builder mode(Mode mode) {
            this.mode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /** {@code -Xmx} of the child JVM, like {@code 512m} (default) or {@code 1g}; at least 192m. */
        public Builder childHeap(String heap) {
            long bytes = HeapSize.parse(heap);
            if (bytes < MIN_CHILD_HEAP_BYTES) {
                throw new MlcycleException(
                        Reason.INVALID_ARGUMENT,
                        "child heap: expected at least 192m (the broker dies silently below that), got " + heap);
            }
            this.childHeap = heap.trim();
            return this;
        }

        /** Where the child's stdout and stderr are appended; default {@code <dataDir>/logs/kafka.log}. */
        public Builder childLogFile(Path file) {
            this.childLogFile = Objects.requireNonNull(file, "childLogFile");
            return this;
        }

        /**
         * Class path of the child JVM; default this JVM's {@code java.class.path}. Set it when this JVM
         * runs from a launcher jar whose class path lacks the Kafka jars.
         */
        public Builder childClasspath(String classpath) {
            this.childClasspath = Objects.requireNonNull(classpath, "childClasspath");
            return this;
        }

        /** One broker property on top of (and overriding) the defaults, e.g. {@code log.retention.hours}. */
        public Builder brokerProperty(String key, String value) {
            extraProperties.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Several broker properties on top of the defaults. */
        public Builder brokerProperties(Map<String, String> properties) {
            properties.forEach(this::brokerProperty);
            return this;
        }

        /** How long {@link LocalKafka#start()} waits for the broker to be ready; default 60 s. */
        public Builder startupTimeout(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new MlcycleException(
                        Reason.INVALID_ARGUMENT, "startup timeout: expected a positive duration, got " + timeout);
            }
            this.startupTimeout = timeout;
            return this;
        }

        public LocalKafka build() {
            if (brokerPort != 0 && brokerPort == controllerPort) {
                throw new MlcycleException(
                        Reason.INVALID_ARGUMENT, "broker and controller ports must differ, both are " + brokerPort);
            }
            return new LocalKafka(this);
        }

        /** {@code build().start()}. */
        public LocalKafka start() {
            return build().start();
        }

        private static int checkPort(int port, String what) {
            if (port < 0 || port > 65_535) {
                throw new MlcycleException(
                        Reason.INVALID_ARGUMENT, what + ": expected 0 (pick a free one) to 65535, got " + port);
            }
            return port;
        }
    }
}
