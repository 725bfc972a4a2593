package dev.mlcycle.monitoring.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

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

    /** {@code monitoring.webhooks.*}: signed alert webhooks (README, "Webhooks"). */
    Webhooks webhooks();

    /** Where every alert and resolution on {@code mlcycle.alerts} is POSTed, signed, and how it is retried. */
    interface Webhooks {
        /** {@code monitoring.webhooks.urls}: comma-separated http(s) URLs to POST to; none (the default) turns webhooks off. */
        Optional<List<URI>> urls();

        /** {@code monitoring.webhooks.secret}: the HMAC-SHA256 key; when unset, the contents of {@code secret-file}. */
        Optional<String> secret();

        /**
         * {@code monitoring.webhooks.secret-file}: the file holding the key when {@code secret} is unset; default
         * {@code <data-dir>/webhook-secret}, created with a random key, readable by its owner only, if missing.
         */
        Optional<Path> secretFile();

        /** {@code monitoring.webhooks.timeout}: how long one request may take, connecting and answering. */
        @WithDefault("5s")
        Duration timeout();

        /**
         * {@code monitoring.webhooks.max-attempts}: requests per delivery before it is given up (and recorded); the
         * default outlasts an outage of about 9 minutes on average with the default backoffs (README, "Webhooks").
         */
        @WithDefault("24")
        int maxAttempts();

        /** {@code monitoring.webhooks.initial-backoff}: the cap of the first wait between attempts (doubling, full jitter). */
        @WithDefault("1s")
        Duration initialBackoff();

        /** {@code monitoring.webhooks.max-backoff}: the largest cap of a wait between attempts. */
        @WithDefault("60s")
        Duration maxBackoff();

        /** {@code monitoring.webhooks.bootstrap-servers}: the brokers of the alerts; default {@code kafka.bootstrap.servers}. */
        @WithDefault("${kafka.bootstrap.servers}")
        String bootstrapServers();
    }
}
