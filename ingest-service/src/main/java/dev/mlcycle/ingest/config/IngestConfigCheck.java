package dev.mlcycle.ingest.config;

import dev.mlcycle.contracts.DataDirectories;
import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Checks {@link IngestConfig} when the service starts, and refuses to start with a message saying what is wrong. */
@Singleton
public class IngestConfigCheck {
    static final String DATA_DIR = "ingest.data-dir";

    void onStart(@Observes StartupEvent event, IngestConfig config) {
        requireUsableDataDir(config.dataDir());
        requireValid(config);
    }

    /** The directory, checked; the error names {@value #DATA_DIR} and the environment variables that set it. */
    static Path requireUsableDataDir(Path dataDir) {
        return DataDirectories.requireUsable(DATA_DIR + " (env INGEST_DATA_DIR or MLCYCLE_DATA_DIR)", dataDir);
    }

    /** Every range problem at once, each naming its key. */
    static void requireValid(IngestConfig c) {
        List<String> problems = new ArrayList<>();
        atLeast(problems, "ingest.lake.target-file-bytes", c.lake().targetFileBytes(), 64 * 1024);
        atLeast(problems, "ingest.lake.commit-retries", c.lake().commitRetries(), 0);
        positive(problems, "ingest.flush.idle", c.flush().idle());
        positive(problems, "ingest.flush.max-interval", c.flush().maxInterval());
        atLeast(problems, "ingest.flush.max-records", c.flush().maxRecords(), 1);
        atLeast(problems, "ingest.flush.max-bytes", c.flush().maxBytes(), 1024);
        atLeast(problems, "ingest.kafka.max-poll-records", c.kafka().maxPollRecords(), 1);
        positive(problems, "ingest.kafka.poll-timeout", c.kafka().pollTimeout());
        positive(problems, "ingest.compaction.interval", c.compaction().interval());
        atLeast(problems, "ingest.compaction.min-input-files", c.compaction().minInputFiles(), 2);
        double ratio = c.compaction().smallFileRatio();
        if (!(ratio > 0 && ratio <= 1)) {
            problems.add("ingest.compaction.small-file-ratio: expected a number in (0, 1], got " + ratio);
        }
        positive(problems, "ingest.maintenance.interval", c.maintenance().interval());
        positive(
                problems, "ingest.maintenance.snapshot-max-age", c.maintenance().snapshotMaxAge());
        atLeast(problems, "ingest.maintenance.retain-last", c.maintenance().retainLast(), 1);
        if (c.maintenance().orphanMinAge().compareTo(Duration.ofMinutes(1)) < 0) {
            problems.add("ingest.maintenance.orphan-min-age: expected at least 1m, got "
                    + c.maintenance().orphanMinAge());
        }
        positive(problems, "ingest.restart.initial-backoff", c.restart().initialBackoff());
        if (c.restart().maxBackoff().compareTo(c.restart().initialBackoff()) < 0) {
            problems.add("ingest.restart.max-backoff: expected at least ingest.restart.initial-backoff ("
                    + c.restart().initialBackoff() + "), got " + c.restart().maxBackoff());
        }
        atLeast(problems, "ingest.announce.attempts", c.announce().attempts(), 1);
        positive(problems, "ingest.announce.backoff", c.announce().backoff());
        if (!problems.isEmpty()) {
            throw new MlcycleException(
                    Reason.INVALID_ARGUMENT, "invalid ingest configuration: " + String.join("; ", problems));
        }
    }

    private static void atLeast(List<String> problems, String key, long value, long min) {
        if (value < min) {
            problems.add(key + ": expected at least " + min + ", got " + value);
        }
    }

    private static void positive(List<String> problems, String key, Duration value) {
        if (value.isNegative() || value.isZero()) {
            problems.add(key + ": expected a positive duration, got " + value);
        }
    }
}
