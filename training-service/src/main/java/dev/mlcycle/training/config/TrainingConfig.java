package dev.mlcycle.training.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;

/**
 * Everything training-service is configured with, under the prefix {@code training}. Each key can also be set by
 * environment variable ({@code training.data-dir} as {@code TRAINING_DATA_DIR}). Checked at start-up
 * by {@link TrainingConfigCheck}.
 */
@ConfigMapping(prefix = "training")
public interface TrainingConfig {
    /**
     * {@code training.data-dir}: the directory under which this service keeps its state: the model registry's artifact store (`registry/`) and training-run metadata; it reads the lake written by ingest-service.
     * Default {@code $MLCYCLE_DATA_DIR}, else {@code data} in the working directory. Created if missing;
     * must be a writable directory.
     */
    @WithDefault("${MLCYCLE_DATA_DIR:data}")
    Path dataDir();
}
