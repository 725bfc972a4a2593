package dev.mlcycle.ingest.service;

import dev.mlcycle.contracts.record.DataFileInfo;
import dev.mlcycle.contracts.record.LakeCommit;
import dev.mlcycle.ingest.config.IngestConfig;
import dev.mlcycle.lake.CompactionOptions;
import dev.mlcycle.lake.Compactor;
import dev.mlcycle.lake.LakeTable;
import dev.mlcycle.lake.Maintenance;
import dev.mlcycle.lake.PartitionStats;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Keeps the tables the pipelines write in shape, on a schedule: compaction (small files of a partition merged into
 * sorted target-size files in one atomic replace), then snapshot expiry and orphan-file cleanup. Runs on its own
 * thread; its commits and the pipelines' appends serialize on each table's commit lock and race safely across
 * processes (Iceberg's optimistic commits, retried by the lake).
 */
@ApplicationScoped
public class LakeHousekeeping {
    private static final Logger LOG = Logger.getLogger(LakeHousekeeping.class);

    private final IngestConfig config;
    private final IngestSupervisor supervisor;
    private ScheduledExecutorService scheduler;

    public LakeHousekeeping(IngestConfig config, IngestSupervisor supervisor) {
        this.config = config;
        this.supervisor = supervisor;
    }

    void onStart(@Observes StartupEvent event) {
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ingest-housekeeping");
            t.setDaemon(true);
            return t;
        });
        if (config.compaction().enabled()) {
            long every = config.compaction().interval().toMillis();
            scheduler.scheduleWithFixedDelay(this::compactAll, every, every, TimeUnit.MILLISECONDS);
        }
        long every = config.maintenance().interval().toMillis();
        scheduler.scheduleWithFixedDelay(this::maintainAll, every, every, TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }

    /** Compacts every table once; a failure of one table is logged and does not stop the others. */
    public void compactAll() {
        for (LakeTable table : supervisor.tables()) {
            try {
                compact(table);
            } catch (RuntimeException e) {
                LOG.warnf(
                        e,
                        "%s: compaction failed; the table is unchanged, next try in %s",
                        table.name(),
                        config.compaction().interval());
            }
        }
    }

    /** Compacts one table; the replace commit, if any. */
    public Optional<LakeCommit> compact(LakeTable table) {
        long started = System.nanoTime();
        CompactionOptions options = CompactionOptions.defaults()
                .withTargetFileBytes(config.lake().targetFileBytes())
                .withSmallFileRatio(config.compaction().smallFileRatio())
                .withMinInputFiles(config.compaction().minInputFiles())
                .withCommitRetries(config.lake().commitRetries());
        Optional<LakeCommit> commit = new Compactor(table, options).compact();
        Optional<IngestMetrics.TableMeters> meters = supervisor.meters(table);
        commit.ifPresent(c -> {
            meters.ifPresent(m -> {
                m.replaceLatency().record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
                for (DataFileInfo f : c.files()) {
                    m.fileCommitted(f.bytes());
                }
            });
            supervisor.announcer().announce(c);
            LOG.infof(
                    "%s: compacted into %d files (%d rows), snapshot %d",
                    table.name(), c.files().size(), c.rows(), c.snapshotId());
        });
        meters.ifPresent(m -> recordLayout(table, m));
        return commit;
    }

    /** Expires old snapshots and removes orphan files of every table. */
    public void maintainAll() {
        for (LakeTable table : supervisor.tables()) {
            try {
                Maintenance m = new Maintenance(table);
                var expired = m.expireSnapshots(
                        config.maintenance().snapshotMaxAge(),
                        config.maintenance().retainLast());
                var orphans = m.removeOrphanFiles(config.maintenance().orphanMinAge(), false);
                LOG.infof("%s: maintenance: %s; %s", table.name(), expired, orphans);
            } catch (RuntimeException e) {
                LOG.warnf(
                        e,
                        "%s: maintenance failed; next try in %s",
                        table.name(),
                        config.maintenance().interval());
            }
        }
    }

    private static void recordLayout(LakeTable table, IngestMetrics.TableMeters meters) {
        List<PartitionStats> partitions = table.partitions(OptionalLong.empty());
        long[] perPartition =
                partitions.stream().mapToLong(PartitionStats::files).toArray();
        long total = 0;
        for (long f : perPartition) {
            total += f;
        }
        meters.layout(total, perPartition);
    }
}
