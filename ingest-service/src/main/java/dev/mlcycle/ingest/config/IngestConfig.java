package dev.mlcycle.ingest.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;

/**
 * Everything ingest-service is configured with, under the prefix {@code ingest}. Each key can also be set by
 * environment variable ({@code ingest.data-dir} as {@code INGEST_DATA_DIR}). Checked at start-up
 * by {@link IngestConfigCheck}.
 */
@ConfigMapping(prefix = "ingest")
public interface IngestConfig {
    /**
     * {@code ingest.data-dir}: the directory under which this service keeps its state: the lake (Iceberg tables and their Parquet files) and its JDBC catalog (a SQLite file).
     * Default {@code $MLCYCLE_DATA_DIR}, else {@code data} in the working directory. Created if missing;
     * must be a writable directory.
     */
    @WithDefault("${MLCYCLE_DATA_DIR:data}")
    Path dataDir();
}
