package dev.mlcycle.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options of the commands that call training-service's admin API: where it is and the token. */
final class TrainingOptions {
    @Option(
            names = "--training-url",
            paramLabel = "URL",
            description = "training-service (default: $" + TrainingClient.URL_ENV + " or " + TrainingClient.DEFAULT_URL
                    + ").")
    String url;

    @Option(
            names = "--token",
            paramLabel = "TOKEN",
            description = "Admin token (default: $" + AdminToken.ENV + ", else the file <data-dir>/" + AdminToken.FILE
                    + ", which training-service writes). A token given here shows in the process list; prefer the"
                    + " variable or the file.")
    String token;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description = "Where mlcycle keeps its data and the admin token (default: $MLCYCLE_DATA_DIR or ./data).")
    Path dataDir;

    /** A client with the admin token and {@code $USER} as the actor; checks the URL and token first. */
    TrainingClient adminClient() {
        java.net.URI base = TrainingClient.baseUrl(url, System.getenv(TrainingClient.URL_ENV));
        AdminToken t = AdminToken.resolve(token, System.getenv(AdminToken.ENV), CommonOptions.dataDirPath(dataDir));
        return new TrainingClient(base, t, TrainingClient.actor(System.getenv("USER")));
    }
}
