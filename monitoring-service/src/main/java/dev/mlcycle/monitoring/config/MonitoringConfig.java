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
 * by {@link MonitoringConfigCheck}. The reasoning behind the defaults is in the service's DESIGN.md.
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

    /** {@code monitoring.kafka.*}: the broker. */
    Kafka kafka();

    /** {@code monitoring.window.*}: how windows close. */
    Window window();

    /** {@code monitoring.drift.*}: when a window's test says drift. */
    Drift drift();

    /** {@code monitoring.alerts.*}: when drift becomes an alert and when it clears. */
    Alerts alerts();

    /** {@code monitoring.performance.*}: when performance on labels is judged and breached. */
    PerformanceBounds performance();

    /** {@code monitoring.labels.*}: the label join. */
    Labels labels();

    /** {@code monitoring.detectors.*}: the streaming detectors on labelled predictions. */
    Detectors detectors();

    /** {@code monitoring.streams.*}: how the topology runs. */
    Streams streams();

    interface Kafka {
        /** {@code monitoring.kafka.bootstrap-servers}: default {@code kafka.bootstrap.servers}. */
        @WithDefault("${kafka.bootstrap.servers}")
        String bootstrapServers();
    }

    interface Window {
        /** {@code monitoring.window.rows}: a window closes when it holds this many predictions (1 or more). */
        @WithDefault("2000")
        int rows();

        /** {@code monitoring.window.duration}: or when this much time has passed since its first, whichever first. */
        @WithDefault("1h")
        Duration duration();

        /** {@code monitoring.window.check-interval}: how often the wall clock is checked for windows due. */
        @WithDefault("1s")
        Duration checkInterval();

        /** {@code monitoring.window.min-rows}: a window with fewer predictions is reported but not tested. */
        @WithDefault("100")
        int minRows();

        /** {@code monitoring.window.include-batch}: whether batch-scored predictions are windowed too. */
        @WithDefault("false")
        boolean includeBatch();
    }

    interface Drift {
        /** {@code monitoring.drift.q}: the false discovery rate of the Benjamini-Hochberg correction, in (0, 1). */
        @WithDefault("0.05")
        double q();

        /** {@code monitoring.drift.ks-effect-floor}: the KS distance D a numeric input must reach to drift. */
        @WithDefault("0.07")
        double ksEffectFloor();

        /** {@code monitoring.drift.js-effect-floor}: the JS distance (base 2) a categorical input must reach. */
        @WithDefault("0.05")
        double jsEffectFloor();
    }

    interface Alerts {
        /** {@code monitoring.alerts.fire-windows}: k, the windows with drift among the last n that fire an alert. */
        @WithDefault("1")
        int fireWindows();

        /** {@code monitoring.alerts.of-windows}: n, the windows looked back over. */
        @WithDefault("1")
        int ofWindows();

        /** {@code monitoring.alerts.clear-windows}: m, clean windows in a row that resolve an alert. */
        @WithDefault("3")
        int clearWindows();
    }

    interface PerformanceBounds {
        /** {@code monitoring.performance.min-labelled}: labelled predictions a window needs to be judged. */
        @WithDefault("200")
        int minLabelled();

        /** {@code monitoring.performance.score-drop}: how far accuracy or ROC-AUC may fall below the test value. */
        @WithDefault("0.05")
        double scoreDrop();

        /** {@code monitoring.performance.loss-rise}: how far (relative) a loss may rise above the test value. */
        @WithDefault("0.25")
        double lossRise();

        /** {@code monitoring.performance.max-outcomes}: labelled predictions a window keeps for its metrics. */
        @WithDefault("20000")
        int maxOutcomes();
    }

    interface Labels {
        /** {@code monitoring.labels.max-delay}: how long a prediction waits for its label. */
        @WithDefault("7d")
        Duration maxDelay();
    }

    interface Detectors {
        /** {@code monitoring.detectors.ddm-min-observations}. */
        @WithDefault("1000")
        int ddmMinObservations();

        /** {@code monitoring.detectors.ddm-warning-level}. */
        @WithDefault("2")
        double ddmWarningLevel();

        /** {@code monitoring.detectors.ddm-drift-level}. */
        @WithDefault("3")
        double ddmDriftLevel();

        /** {@code monitoring.detectors.ph-delta}. */
        @WithDefault("0.03")
        double phDelta();

        /** {@code monitoring.detectors.ph-lambda}. */
        @WithDefault("100")
        double phLambda();

        /** {@code monitoring.detectors.ph-alpha}. */
        @WithDefault("1")
        double phAlpha();

        /** {@code monitoring.detectors.ph-min-observations}. */
        @WithDefault("30")
        int phMinObservations();
    }

    interface Streams {
        /** {@code monitoring.streams.partitions}: partitions of the topology's internal topics. */
        @WithDefault("6")
        int partitions();

        /** {@code monitoring.streams.replication}: replication factor of the internal topics. */
        @WithDefault("1")
        short replication();

        /** {@code monitoring.streams.registry-timeout}: how long start-up waits for the registry to be read. */
        @WithDefault("60s")
        Duration registryTimeout();
    }

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
