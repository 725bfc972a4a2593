package dev.mlcycle.kafka.local;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The one broker a test JVM shares: started on first use in a temporary directory, with the contract
 * topics, and stopped (its directory deleted) by {@link #close()} or when the JVM exits.
 *
 * <p>System properties tune it: {@value #MODE_PROPERTY} ({@code in-process}, the default, or
 * {@code child-process}) and {@value #DATASETS_PROPERTY} (comma-separated datasets whose topics are
 * created; default {@value #DEFAULT_DATASETS}).
 */
public final class SharedLocalKafka {
    public static final String MODE_PROPERTY = "mlcycle.kafka.local.mode";
    public static final String DATASETS_PROPERTY = "mlcycle.kafka.local.datasets";
    public static final String DEFAULT_DATASETS = "credit";

    private static LocalKafka instance;
    private static Path directory;
    private static boolean hookInstalled;

    private SharedLocalKafka() {}

    /** The shared broker, started now if it is not running, with the contract topics ensured. */
    public static synchronized LocalKafka get() {
        if (instance != null && instance.isRunning()) {
            return instance;
        }
        try {
            directory = Files.createTempDirectory("mlcycle-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory for the shared broker", e);
        }
        if (!hookInstalled) {
            Runtime.getRuntime().addShutdownHook(new Thread(SharedLocalKafka::close, "mlcycle-shared-kafka-shutdown"));
            hookInstalled = true;
        }
        instance = LocalKafka.builder(directory).mode(mode()).build();
        try {
            instance.start();
            instance.ensureTopics(LocalKafka.contractTopics(datasets()));
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        return instance;
    }

    /** True when the shared broker has been started and not closed. */
    public static synchronized boolean isRunning() {
        return instance != null && instance.isRunning();
    }

    /** Stops the shared broker and deletes its directory; the next {@link #get()} starts a new one. */
    public static synchronized void close() {
        if (instance == null) {
            return;
        }
        try {
            instance.close();
        } finally {
            instance = null;
            deleteRecursively(directory);
            directory = null;
        }
    }

    static LocalKafka.Mode mode() {
        String value = System.getProperty(MODE_PROPERTY, "in-process").trim().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "in-process", "in_process" -> LocalKafka.Mode.IN_PROCESS;
            case "child-process", "child_process", "child" -> LocalKafka.Mode.CHILD_PROCESS;
            default -> throw new MlcycleException(
                    Reason.INVALID_ARGUMENT,
                    MODE_PROPERTY + ": expected in-process or child-process, got \"" + value + "\"");
        };
    }

    static List<String> datasets() {
        return Arrays.stream(
                        System.getProperty(DATASETS_PROPERTY, DEFAULT_DATASETS).split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    private static void deleteRecursively(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // A leftover temporary directory is harmless.
        }
    }
}
