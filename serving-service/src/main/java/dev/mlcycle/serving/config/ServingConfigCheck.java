package dev.mlcycle.serving.config;

import dev.mlcycle.contracts.DataDirectories;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.nio.file.Path;

/** Checks {@link ServingConfig} when the service starts, and refuses to start with a message saying what is wrong. */
@Singleton
public class ServingConfigCheck {
    static final String DATA_DIR = "serving.data-dir";

    void onStart(@Observes StartupEvent event, ServingConfig config) {
        requireUsableDataDir(config.dataDir());
    }

    /** The directory, checked; the error names {@value #DATA_DIR} and the environment variables that set it. */
    static Path requireUsableDataDir(Path dataDir) {
        return DataDirectories.requireUsable(DATA_DIR + " (env SERVING_DATA_DIR or MLCYCLE_DATA_DIR)", dataDir);
    }
}
