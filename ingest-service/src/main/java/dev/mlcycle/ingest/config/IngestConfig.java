package dev.mlcycle.ingest.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Everything ingest-service is configured with, under the prefix {@code ingest}. Each key can also be set by
 * environment variable ({@code ingest.flush.idle} as {@code INGEST_FLUSH_IDLE}). Checked at start-up by
 * {@link IngestConfigCheck}.
 */
@ConfigMapping(prefix = "ingest")
public interface IngestConfig {
    /**
     * {@code ingest.data-dir}: the directory under which this service keeps its state: the lake (Iceberg tables and
     * their Parquet files under {@code lake/}) and its JDBC catalog (a SQLite file). Default {@code $MLCYCLE_DATA_DIR},
     * else {@code data} in the working directory. Created if missing; must be a writable directory.
     */
    @WithDefault("${MLCYCLE_DATA_DIR:data}")
    Path dataDir();

    /**
     * {@code ingest.datasets}: the datasets to ingest, by name. Default: every dataset the data directory knows (the
     * shipped ones and the spec files under {@code <data-dir>/datasets/}).
     */
    Optional<List<String>> datasets();

    /** {@code ingest.kafka.*}: how the service reads and writes Kafka. */
    Kafka kafka();

    /** {@code ingest.lake.*}: the files the service writes. */
    Lake lake();

    /** {@code ingest.flush.*}: when buffered records become a lake commit. */
    Flush flush();

    /** {@code ingest.compaction.*}: rewriting small files into target-size ones. */
    Compaction compaction();

    /** {@code ingest.maintenance.*}: snapshot expiry and orphan-file cleanup. */
    Maintenance maintenance();

    /** {@code ingest.restart.*}: how a failed pipeline is restarted. */
    Restart restart();

    /** {@code ingest.announce.*}: how a lake commit is announced on {@code mlcycle.lake.commits}. */
    Announce announce();

    /**
     * {@code ingest.parent-pid}: a process id; when that process ends, the service stops too. {@code mlcycle up} sets
     * it (env {@code MLCYCLE_PARENT_PID}) so no service outlives the command that started it.
     */
    OptionalLong parentPid();

    interface Kafka {
        /** {@code ingest.kafka.bootstrap-servers}: the brokers; default {@code kafka.bootstrap.servers}. */
        @WithDefault("${kafka.bootstrap.servers}")
        String bootstrapServers();

        /**
         * {@code ingest.kafka.group-prefix}: consumer groups are {@code <prefix>.<dataset>.<table>}. The group only
         * spreads partitions and shows lag to Kafka tools; where to resume comes from the lake, never from the group.
         */
        @WithDefault("mlcycle-ingest")
        String groupPrefix();

        /** {@code ingest.kafka.poll-timeout}: the longest one poll waits for records. */
        @WithDefault("200ms")
        Duration pollTimeout();

        /** {@code ingest.kafka.max-poll-records}: records one poll returns at most. */
        @WithDefault("5000")
        int maxPollRecords();
    }

    interface Lake {
        /**
         * {@code ingest.lake.target-file-bytes}: the size data files are rolled at, and compaction aims for. Default
         * 128 MiB.
         */
        @WithDefault("134217728")
        long targetFileBytes();

        /** {@code ingest.lake.commit-retries}: attempts of a lake commit that lost a race, before the batch fails. */
        @WithDefault("10")
        int commitRetries();
    }

    interface Flush {
        /** {@code ingest.flush.idle}: commit what is buffered once no record has arrived for this long. */
        @WithDefault("5s")
        Duration idle();

        /** {@code ingest.flush.max-interval}: commit at least this often while records keep arriving. */
        @WithDefault("60s")
        Duration maxInterval();

        /** {@code ingest.flush.max-records}: commit once this many records (valid or not) are buffered. */
        @WithDefault("300000")
        int maxRecords();

        /** {@code ingest.flush.max-bytes}: commit once the buffered records' values reach this many bytes. */
        @WithDefault("134217728")
        long maxBytes();
    }

    interface Compaction {
        /** {@code ingest.compaction.enabled}: whether the service compacts its tables. */
        @WithDefault("true")
        boolean enabled();

        /** {@code ingest.compaction.interval}: how often each table is checked for small files. */
        @WithDefault("5m")
        Duration interval();

        /** {@code ingest.compaction.min-input-files}: a partition is compacted once it has this many small files. */
        @WithDefault("5")
        int minInputFiles();

        /** {@code ingest.compaction.small-file-ratio}: a file is small below this share of the target size. */
        @WithDefault("0.75")
        double smallFileRatio();
    }

    interface Maintenance {
        /** {@code ingest.maintenance.interval}: how often snapshots are expired and orphan files removed. */
        @WithDefault("1h")
        Duration interval();

        /** {@code ingest.maintenance.snapshot-max-age}: snapshots older than this are expired ... */
        @WithDefault("1d")
        Duration snapshotMaxAge();

        /** {@code ingest.maintenance.retain-last}: ... except the newest this many (and tagged ones). */
        @WithDefault("50")
        int retainLast();

        /**
         * {@code ingest.maintenance.orphan-min-age}: an unreferenced file is removed only when older than this, so a
         * commit still in flight never loses its files. At least one minute.
         */
        @WithDefault("1h")
        Duration orphanMinAge();
    }

    interface Announce {
        /**
         * {@code ingest.announce.attempts}: sends of one commit's announcement before it is given up on (an error in
         * the log and {@code mlcycle.ingest.commit.announce.failed}; the next start of the pipeline announces it).
         */
        @WithDefault("6")
        int attempts();

        /** {@code ingest.announce.backoff}: the wait before the second send, doubled for each further one, at most 1m. */
        @WithDefault("1s")
        Duration backoff();
    }

    interface Restart {
        /** {@code ingest.restart.initial-backoff}: wait before restarting a failed pipeline, doubled each time. */
        @WithDefault("1s")
        Duration initialBackoff();

        /** {@code ingest.restart.max-backoff}: the longest wait between restarts. */
        @WithDefault("30s")
        Duration maxBackoff();
    }
}
