package dev.mlcycle.monitoring.config;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Checks {@link MonitoringConfig} when the service starts, and refuses to start with a message saying what is wrong. */
@Singleton
public class MonitoringConfigCheck {
    static final String DATA_DIR = "monitoring.data-dir";

    void onStart(@Observes StartupEvent event, MonitoringConfig config) {
        requireUsableDataDir(config.dataDir());
    }

    /**
     * Creates the data directory if it is missing and checks that it is a writable directory.
     *
     * @return the directory, absolute
     * @throws MlcycleException {@link Reason#INVALID_ARGUMENT} naming the key, the path and the problem
     */
    static Path requireUsableDataDir(Path dataDir) {
        Path dir = dataDir.toAbsolutePath().normalize();
        String where = DATA_DIR + " (env MONITORING_DATA_DIR or MLCYCLE_DATA_DIR) = " + dir;
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new MlcycleException(Reason.INVALID_ARGUMENT, where + ": expected a directory, found a file");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new MlcycleException(Reason.INVALID_ARGUMENT, where + ": cannot create the directory: " + e, e);
        }
        if (!Files.isWritable(dir)) {
            throw new MlcycleException(
                    Reason.INVALID_ARGUMENT, where + ": expected a writable directory, it is read-only");
        }
        return dir;
    }
}
