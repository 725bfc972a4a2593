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

    /** {@code monitoring.report.*}: the drift reports and alerts the report pages and the API serve. */
    Report report();

    /** What the report pages and {@code /alerts} keep in memory, read from {@code mlcycle.drift.reports} and {@code mlcycle.alerts}. */
    interface Report {
        /**
         * {@code monitoring.report.history}: the last reports kept per model (the windows the page's charts span),
         * 1 to 100000. Default 500.
         */
        @WithDefault("500")
        int history();

        /**
         * {@code monitoring.report.alerts}: the alerts kept per model, 1 to 100000; beyond it the oldest resolved
         * ones are dropped (open alerts are always kept). Default 1000.
         */
        @WithDefault("1000")
        int alerts();
    }
}
