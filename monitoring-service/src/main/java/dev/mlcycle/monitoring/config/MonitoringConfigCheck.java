package dev.mlcycle.monitoring.config;

import dev.mlcycle.contracts.DataDirectories;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.nio.file.Path;

/** Checks {@link MonitoringConfig} when the service starts, and refuses to start with a message saying what is wrong. */
@Singleton
public class MonitoringConfigCheck {
    static final String DATA_DIR = "monitoring.data-dir";

    void onStart(@Observes StartupEvent event, MonitoringConfig config) {
        requireUsableDataDir(config.dataDir());
    }

    /** The directory, checked; the error names {@value #DATA_DIR} and the environment variables that set it. */
    static Path requireUsableDataDir(Path dataDir) {
        return DataDirectories.requireUsable(DATA_DIR + " (env MONITORING_DATA_DIR or MLCYCLE_DATA_DIR)", dataDir);
    }
}
