package dev.mlcycle.cli;

import dev.mlcycle.contracts.DataDirectories;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options most commands share: where the data lives and where the broker is. */
final class CommonOptions {
    static final String DEFAULT_BOOTSTRAP = "127.0.0.1:9092";

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description = "Where mlcycle keeps the broker, lake and registry (default: $MLCYCLE_DATA_DIR or ./data).")
    Path dataDir;

    @Option(
            names = "--bootstrap",
            paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers (default: $MLCYCLE_KAFKA_BOOTSTRAP or " + DEFAULT_BOOTSTRAP + ").")
    String bootstrap;

    /** The data directory, created if missing and checked to be a writable directory. */
    Path dataDir() {
        if (dataDir != null) {
            return DataDirectories.requireUsable("--data-dir", dataDir);
        }
        String env = System.getenv("MLCYCLE_DATA_DIR");
        if (env == null || env.isBlank()) {
            return DataDirectories.requireUsable("the default data directory", Path.of("data"));
        }
        return DataDirectories.requireUsable("MLCYCLE_DATA_DIR", Path.of(env));
    }

    /**
     * The data directory as configured, absolute, without creating or checking it: for commands that
     * only read (a missing directory just means there is nothing yet).
     */
    Path dataDirPath() {
        return dataDirPath(dataDir);
    }

    /** {@link #dataDirPath()} for a command that takes only {@code --data-dir}. */
    static Path dataDirPath(Path dataDir) {
        if (dataDir != null) {
            return dataDir.toAbsolutePath().normalize();
        }
        String env = System.getenv("MLCYCLE_DATA_DIR");
        Path dir = env == null || env.isBlank() ? Path.of("data") : Path.of(env);
        return dir.toAbsolutePath().normalize();
    }

    String bootstrap() {
        return bootstrap(bootstrap);
    }

    /** {@link #bootstrap()} for a command that takes only {@code --bootstrap}. */
    static String bootstrap(String flag) {
        if (flag != null) {
            return flag;
        }
        String env = System.getenv("MLCYCLE_KAFKA_BOOTSTRAP");
        return env == null || env.isBlank() ? DEFAULT_BOOTSTRAP : env;
    }
}
