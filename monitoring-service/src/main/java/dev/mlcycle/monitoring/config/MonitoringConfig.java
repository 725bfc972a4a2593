package dev.mlcycle.monitoring.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;

/**
 * Everything monitoring-service is configured with, under the prefix {@code monitoring}. Each key can also be set by
 * environment variable ({@code monitoring.data-dir} as {@code MONITORING_DATA_DIR}). Checked at start-up
 * by {@link MonitoringConfigCheck}.
 */
@ConfigMapping(prefix = "monitoring")
public interface MonitoringConfig {
    /**
     * {@code monitoring.data-dir}: the directory under which this service keeps its state: Kafka Streams state stores and the reference profiles it loads from the registry.
     * Default {@code $MLCYCLE_DATA_DIR}, else {@code data} in the working directory. Created if missing;
     * must be a writable directory.
     */
    @WithDefault("${MLCYCLE_DATA_DIR:data}")
    Path dataDir();
}
