package dev.mlcycle.serving.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;

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
}
