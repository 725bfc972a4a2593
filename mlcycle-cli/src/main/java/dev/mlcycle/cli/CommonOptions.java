package dev.mlcycle.cli;

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

    Path dataDir() {
        if (dataDir != null) {
            return dataDir.toAbsolutePath().normalize();
        }
        String env = System.getenv("MLCYCLE_DATA_DIR");
        return Path.of(env == null || env.isBlank() ? "data" : env)
                .toAbsolutePath()
                .normalize();
    }

    String bootstrap() {
        if (bootstrap != null) {
            return bootstrap;
        }
        String env = System.getenv("MLCYCLE_KAFKA_BOOTSTRAP");
        return env == null || env.isBlank() ? DEFAULT_BOOTSTRAP : env;
    }
}
