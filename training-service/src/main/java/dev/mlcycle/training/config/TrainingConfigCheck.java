package dev.mlcycle.training.config;

import dev.mlcycle.contracts.DataDirectories;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.nio.file.Path;

/** Checks {@link TrainingConfig} when the service starts, and refuses to start with a message saying what is wrong. */
@Singleton
public class TrainingConfigCheck {
    static final String DATA_DIR = "training.data-dir";

    void onStart(@Observes StartupEvent event, TrainingConfig config) {
        requireUsableDataDir(config.dataDir());
    }

    /** The directory, checked; the error names {@value #DATA_DIR} and the environment variables that set it. */
    static Path requireUsableDataDir(Path dataDir) {
        return DataDirectories.requireUsable(DATA_DIR + " (env TRAINING_DATA_DIR or MLCYCLE_DATA_DIR)", dataDir);
    }
}
