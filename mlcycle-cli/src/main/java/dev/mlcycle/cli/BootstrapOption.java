package dev.mlcycle.cli;

import picocli.CommandLine.Option;

/** {@code --bootstrap} alone, for commands that read Kafka but keep nothing in the data directory. */
final class BootstrapOption {
    @Option(
            names = "--bootstrap",
            paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers (default: $MLCYCLE_KAFKA_BOOTSTRAP or "
                    + CommonOptions.DEFAULT_BOOTSTRAP + ").")
    String bootstrap;

    /** The option, else {@code $MLCYCLE_KAFKA_BOOTSTRAP}, else {@value CommonOptions#DEFAULT_BOOTSTRAP}. */
    String bootstrap() {
        return CommonOptions.bootstrap(bootstrap);
    }
}
