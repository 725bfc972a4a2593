package dev.mlcycle.serving.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Everything serving-service is configured with, under the prefix {@code serving}. Each key can also be set by
 * environment variable ({@code serving.data-dir} as {@code SERVING_DATA_DIR}). Checked at start-up
 * by {@link ServingConfigCheck}.
 */
@ConfigMapping(prefix = "serving")
public interface ServingConfig {
    /**
     * {@code serving.data-dir}: the directory under which this service keeps its state: where it reads model bundles from (the registry's artifact store) and writes batch-scoring output.
     * Default {@code $MLCYCLE_DATA_DIR}, else {@code data} in the working directory. Created if missing;
     * must be a writable directory.
     */
    @WithDefault("${MLCYCLE_DATA_DIR:data}")
    Path dataDir();

    /** {@code serving.kafka.bootstrap-servers}: the brokers; default {@code kafka.bootstrap.servers}. */
    @WithName("kafka.bootstrap-servers")
    @WithDefault("${kafka.bootstrap.servers}")
    String bootstrapServers();

    /** {@code serving.auth.*}: the admin token batch jobs need. */
    Auth auth();

    /** {@code serving.score.*}: batch scoring. */
    Score score();

    interface Auth {
        /**
         * {@code serving.auth.admin-token}: the admin bearer token; when unset, the contents of {@code
         * <data-dir>/admin-token} (created with a random token if missing), the same file as training's.
         */
        Optional<String> adminToken();
    }

    interface Score {
        /** {@code serving.score.batch-rows}: rows read and scored per batch. */
        @WithDefault("8192")
        int batchRows();

        /** {@code serving.score.min-rows}: rows a job's data must hold, or the job fails its data checks. */
        @WithDefault("1")
        long minRows();

        /** {@code serving.score.max-null-share}: the highest share of missing values of a nullable feature. */
        @WithDefault("0.5")
        double maxNullShare();

        /** {@code serving.score.max-out-of-range-share}: the highest share of values outside the spec's range. */
        @WithDefault("0.0")
        double maxOutOfRangeShare();
    }
}
