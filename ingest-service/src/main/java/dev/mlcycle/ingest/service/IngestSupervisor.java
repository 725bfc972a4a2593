package dev.mlcycle.ingest.service;

import dev.mlcycle.contracts.Topics;
import dev.mlcycle.contracts.record.LakeCommit;
import dev.mlcycle.contracts.spec.DatasetCatalog;
import dev.mlcycle.contracts.spec.DatasetSpec;
import dev.mlcycle.ingest.adapter.CommitAnnouncer;
import dev.mlcycle.ingest.adapter.CommitLog;
import dev.mlcycle.ingest.adapter.DeadLetterIndex;
import dev.mlcycle.ingest.adapter.DeadLetters;
import dev.mlcycle.ingest.adapter.KafkaClients;
import dev.mlcycle.ingest.adapter.LakeAccess;
import dev.mlcycle.ingest.adapter.TopicSource;
import dev.mlcycle.ingest.config.IngestConfig;
import dev.mlcycle.lake.LakeTable;
import dev.mlcycle.lake.TableKind;
import dev.mlcycle.lake.WriterOptions;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Starts one {@link TablePipeline} per configured dataset and table (events, labels), each on its own thread, and
 * keeps it running: a pipeline that fails is closed and started again from the lake's offsets, with a backoff that
 * doubles up to a cap. Stops them on shutdown, each committing what it holds.
 */
@ApplicationScoped
public class IngestSupervisor {
    private static final Logger LOG = Logger.getLogger(IngestSupervisor.class);
    private static final Duration HEALTHY_RUN = Duration.ofMinutes(1);
    /** The longest a read of the dead-letter or commits topic to its end may take. */
    private static final Duration SCAN_TIMEOUT = Duration.ofMinutes(2);

    private final IngestConfig config;
    private final LakeAccess lakeAccess;
    private final MeterRegistry registry;
    private final List<Runner> runners = new ArrayList<>();
    private CommitAnnouncer announcer;

    public IngestSupervisor(IngestConfig config, LakeAccess lakeAccess, MeterRegistry registry) {
        this.config = config;
        this.lakeAccess = lakeAccess;
        this.registry = registry;
    }

    void onStart(@Observes @Priority(2000) StartupEvent event) {
        DatasetCatalog catalog = new DatasetCatalog(config.dataDir());
        List<String> names = config.datasets().orElseGet(catalog::known);
        List<DatasetSpec> specs = names.stream().map(catalog::load).toList();
        LOG.infof("LZ4 for Kafka: %s", KafkaClients.preferNativeLz4());
        announcer = new CommitAnnouncer(
                Topics.LAKE_COMMITS,
                KafkaClients.producer(config.kafka().bootstrapServers(), "mlcycle-ingest-commits"),
                config.announce().attempts(),
                config.announce().backoff(),
                this::announcementGivenUp);
        for (DatasetSpec spec : specs) {
            for (TableKind kind : TableKind.ingested()) {
                Runner runner = new Runner(spec, kind);
                runners.add(runner);
                runner.thread.start();
            }
        }
        LOG.infof("ingesting %s into the lake at %s (%d pipelines)", names, lakeAccess.root(), runners.size());
    }

    void onStop(@Observes ShutdownEvent event) {
        runners.forEach(Runner::stop);
        for (Runner r : runners) {
            try {
                r.thread.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (announcer != null) {
            announcer.close();
        }
    }

    /** Counts a commit whose announcement was given up on against its table's meters. */
    private void announcementGivenUp(LakeCommit commit, Exception last) {
        runners.stream()
                .filter(r -> r.spec.name().equals(commit.dataset())
                        && r.kind.tableName().equals(commit.table()))
                .findFirst()
                .ifPresent(r -> r.meters.announcementFailed());
    }

    /** The status of every pipeline, in start order. */
    public List<PipelineStatus> statuses() {
        return runners.stream().map(r -> r.status).toList();
    }

    /** The announcer of lake commits, shared with housekeeping. */
    CommitAnnouncer announcer() {
        return announcer;
    }

    /** The tables the pipelines have opened so far. */
    public List<LakeTable> tables() {
        return runners.stream().map(r -> r.table).filter(t -> t != null).toList();
    }

    /** The meters of a table, if a pipeline writes it. */
    Optional<IngestMetrics.TableMeters> meters(LakeTable table) {
        return runners.stream().filter(r -> r.table == table).map(r -> r.meters).findFirst();
    }

    /** Keeps one table's pipeline running. */
    private final class Runner implements Runnable {
        private final DatasetSpec spec;
        private final TableKind kind;
        private final String topic;
        private final PipelineStatus status;
        private final IngestMetrics.TableMeters meters;
        private final Thread thread;
        private final CountDownLatch stopped = new CountDownLatch(1);
        private volatile TablePipeline current;
        private volatile LakeTable table;

        Runner(DatasetSpec spec, TableKind kind) {
            this.spec = spec;
            this.kind = kind;
            this.topic = kind == TableKind.EVENTS ? Topics.events(spec.name()) : Topics.labels(spec.name());
            this.status = new PipelineStatus(spec.name(), kind.tableName(), topic);
            this.meters = IngestMetrics.forTable(registry, spec.name(), kind.tableName());
            this.thread = new Thread(this, "ingest-" + spec.name() + "." + kind.tableName());
        }

        @Override
        public void run() {
            Duration backoff = config.restart().initialBackoff();
            while (stopped.getCount() > 0) {
                long started = System.nanoTime();
                try (TablePipeline pipeline = create()) {
                    current = pipeline;
                    if (stopped.getCount() == 0) {
                        break;
                    }
                    pipeline.run();
                } catch (RuntimeException | Error e) {
                    if (stopped.getCount() == 0 || Thread.currentThread().isInterrupted()) {
                        break;
                    }
                    status.failed(e);
                    meters.restarted();
                    if (System.nanoTime() - started > HEALTHY_RUN.toNanos()) {
                        backoff = config.restart().initialBackoff();
                    }
                    LOG.errorf(
                            e,
                            "%s.%s: pipeline failed; starting again from the lake's offsets in %s",
                            spec.name(),
                            kind.tableName(),
                            backoff);
                    try {
                        if (stopped.await(backoff.toMillis(), TimeUnit.MILLISECONDS)) {
                            break;
                        }
                    } catch (InterruptedException ie) {
                        break;
                    }
                    backoff = backoff.multipliedBy(2);
                    if (backoff.compareTo(config.restart().maxBackoff()) > 0) {
                        backoff = config.restart().maxBackoff();
                    }
                } finally {
                    current = null;
                }
            }
            status.state(PipelineStatus.State.STOPPED);
        }

        private TablePipeline create() {
            status.state(PipelineStatus.State.STARTING);
            LakeTable t = lakeAccess.table(spec, kind);
            table = t;
            Clock clock = Clock.systemUTC();
            RecordCheck check = kind == TableKind.EVENTS
                    ? RecordCheck.forEvents(spec, t, clock)
                    : RecordCheck.forLabels(spec, t, clock);
            List<AutoCloseable> opened = new ArrayList<>();
            try {
                return create(t, check, opened);
            } catch (RuntimeException | Error e) {
                for (AutoCloseable c : opened) {
                    try {
                        c.close();
                    } catch (Exception suppressed) {
                        e.addSuppressed(suppressed);
                    }
                }
                throw e;
            }
        }

        private TablePipeline create(LakeTable t, RecordCheck check, List<AutoCloseable> opened) {
            String bootstrap = config.kafka().bootstrapServers();
            String name = spec.name() + "." + kind.tableName();
            TopicSource source = new TopicSource(
                    topic,
                    KafkaClients.consumer(
                            bootstrap,
                            config.kafka().groupPrefix() + "." + name,
                            "mlcycle-ingest-" + name,
                            config.kafka().maxPollRecords()));
            opened.add(source);
            DeadLetters deadLetters = new DeadLetters(
                    Topics.dlq(spec.name()), KafkaClients.deadLetterProducer(bootstrap, "mlcycle-ingest-dlq-" + name));
            opened.add(deadLetters);
            DeadLetterIndex deadLettered = new DeadLetterIndex(
                    Topics.dlq(spec.name()),
                    topic,
                    KafkaClients.reader(bootstrap, "mlcycle-ingest-dlq-scan-" + name),
                    SCAN_TIMEOUT);
            opened.add(deadLettered);
            CommitLog commitLog = new CommitLog(
                    Topics.LAKE_COMMITS,
                    KafkaClients.reader(bootstrap, "mlcycle-ingest-commits-scan-" + name),
                    SCAN_TIMEOUT);
            WriterOptions options = new WriterOptions(
                    config.lake().targetFileBytes(),
                    config.lake().commitRetries(),
                    WriterOptions.defaults().retryBackoff());
            FlushPolicy policy = new FlushPolicy(
                    config.flush().idle(),
                    config.flush().maxInterval(),
                    config.flush().maxRecords(),
                    config.flush().maxBytes());
            return new TablePipeline(
                    new TablePipeline.Parts(
                            t,
                            check,
                            source,
                            deadLetters,
                            deadLettered,
                            announcer,
                            commitLog,
                            t.writer(options),
                            policy,
                            config.kafka().pollTimeout(),
                            meters,
                            status),
                    spec.id());
        }

        void stop() {
            stopped.countDown();
            TablePipeline p = current;
            if (p != null) {
                p.stop();
            } else {
                // Still starting (opening the table, scanning dead letters, waiting for a broker): Kafka
                // clients give up blocking calls when interrupted.
                thread.interrupt();
            }
        }
    }
}
