package dev.mlcycle.ingest.service;

import dev.mlcycle.contracts.validation.RejectReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The names and meters of ingest-service, in one place. Tags are bounded: dataset and table (from the configured
 * specs), reason (a {@link RejectReason}), operation (append or replace); never request data.
 */
public final class IngestMetrics {
    public static final String RECORDS_IN = "mlcycle.ingest.records.in";
    public static final String RECORDS_WRITTEN = "mlcycle.ingest.records.written";
    public static final String RECORDS_REJECTED = "mlcycle.ingest.records.rejected";
    public static final String CONSUMER_LAG = "mlcycle.ingest.consumer.lag";
    public static final String BUFFERED_RECORDS = "mlcycle.ingest.buffered.records";
    public static final String COMMIT_LATENCY = "mlcycle.ingest.commit.latency";
    public static final String PIPELINE_RESTARTS = "mlcycle.ingest.pipeline.restarts";
    public static final String ANNOUNCE_FAILED = "mlcycle.ingest.commit.announce.failed";
    public static final String BYTES_WRITTEN = "mlcycle.lake.bytes.written";
    public static final String FILE_SIZE = "mlcycle.lake.file.size";
    public static final String FILES = "mlcycle.lake.files";
    public static final String PARTITION_FILES = "mlcycle.lake.partition.files";
    public static final String FULLEST_PARTITION_FILES = "mlcycle.lake.fullest.partition.files";

    private IngestMetrics() {}

    /** The meters of one table. */
    public static TableMeters forTable(MeterRegistry registry, String dataset, String table) {
        return new TableMeters(registry, Tags.of("dataset", dataset, "table", table));
    }

    /** Meters of one table; thread-safe. */
    public static final class TableMeters {
        private final Counter in;
        private final Counter written;
        private final Map<RejectReason, Counter> rejected = new EnumMap<>(RejectReason.class);
        private final Timer appendLatency;
        private final Timer replaceLatency;
        private final Counter restarts;
        private final Counter announceFailed;
        private final Counter bytes;
        private final DistributionSummary fileSize;
        private final DistributionSummary partitionFiles;
        private final AtomicLong lag = new AtomicLong();
        private final AtomicLong buffered = new AtomicLong();
        private final AtomicLong files = new AtomicLong();
        private final AtomicLong maxPartitionFiles = new AtomicLong();

        TableMeters(MeterRegistry registry, Tags tags) {
            in = Counter.builder(RECORDS_IN)
                    .description("Records read from Kafka")
                    .tags(tags)
                    .register(registry);
            written = Counter.builder(RECORDS_WRITTEN)
                    .description("Valid records committed to the lake")
                    .tags(tags)
                    .register(registry);
            for (RejectReason reason : RejectReason.values()) {
                rejected.put(
                        reason,
                        Counter.builder(RECORDS_REJECTED)
                                .description("Records sent to the dead-letter topic, by reason")
                                .tags(tags.and("reason", reason.name()))
                                .register(registry));
            }
            appendLatency = latency(registry, tags, "append");
            replaceLatency = latency(registry, tags, "replace");
            restarts = Counter.builder(PIPELINE_RESTARTS)
                    .description("Times the table's pipeline failed and was restarted from the lake's offsets")
                    .tags(tags)
                    .register(registry);
            announceFailed = Counter.builder(ANNOUNCE_FAILED)
                    .description("Lake commits whose announcement was given up on after its retries (announced at the"
                            + " next start)")
                    .tags(tags)
                    .register(registry);
            bytes = Counter.builder(BYTES_WRITTEN)
                    .description("Bytes of data files committed, ingest and compaction")
                    .baseUnit("bytes")
                    .tags(tags)
                    .register(registry);
            fileSize = DistributionSummary.builder(FILE_SIZE)
                    .description("Size of each data file committed")
                    .baseUnit("bytes")
                    .serviceLevelObjectives(1 << 20, 8 << 20, 32 << 20, 64 << 20, 96 << 20, 128 << 20, 192 << 20)
                    .tags(tags)
                    .register(registry);
            partitionFiles = DistributionSummary.builder(PARTITION_FILES)
                    .description("Live data files per partition, at the last housekeeping")
                    .serviceLevelObjectives(1, 2, 5, 10, 20, 50, 100)
                    .tags(tags)
                    .register(registry);
            Gauge.builder(CONSUMER_LAG, lag, AtomicLong::get)
                    .description("Records on the topic not yet read (sum over partitions)")
                    .tags(tags)
                    .register(registry);
            Gauge.builder(BUFFERED_RECORDS, buffered, AtomicLong::get)
                    .description("Records read and not yet committed to the lake")
                    .tags(tags)
                    .register(registry);
            Gauge.builder(FILES, files, AtomicLong::get)
                    .description("Live data files of the table")
                    .tags(tags)
                    .register(registry);
            Gauge.builder(FULLEST_PARTITION_FILES, maxPartitionFiles, AtomicLong::get)
                    .description("Live data files of the table's fullest partition")
                    .tags(tags)
                    .register(registry);
        }

        private static Timer latency(MeterRegistry registry, Tags tags, String operation) {
            return Timer.builder(COMMIT_LATENCY)
                    .description("Time from handing a batch to the writer until its snapshot is committed")
                    .publishPercentileHistogram()
                    .tags(tags.and("operation", operation))
                    .register(registry);
        }

        public void recordsIn(long n) {
            in.increment(n);
        }

        public void written(long n) {
            written.increment(n);
        }

        public void rejected(RejectReason reason) {
            rejected.get(reason).increment();
        }

        public double rejectedCount(RejectReason reason) {
            return rejected.get(reason).count();
        }

        public Timer appendLatency() {
            return appendLatency;
        }

        public Timer replaceLatency() {
            return replaceLatency;
        }

        public void restarted() {
            restarts.increment();
        }

        public void announcementFailed() {
            announceFailed.increment();
        }

        public double announcementFailures() {
            return announceFailed.count();
        }

        public void fileCommitted(long fileBytes) {
            bytes.increment(fileBytes);
            fileSize.record(fileBytes);
        }

        public void lag(long value) {
            lag.set(value);
        }

        public void buffered(long value) {
            buffered.set(value);
        }

        /** After housekeeping looked at the table: live files, and files per partition. */
        public void layout(long liveFiles, long[] filesPerPartition) {
            files.set(liveFiles);
            long max = 0;
            for (long f : filesPerPartition) {
                partitionFiles.record(f);
                max = Math.max(max, f);
            }
            maxPartitionFiles.set(max);
        }
    }
}
