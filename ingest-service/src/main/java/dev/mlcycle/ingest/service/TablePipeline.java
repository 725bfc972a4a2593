package dev.mlcycle.ingest.service;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.record.DataFileInfo;
import dev.mlcycle.contracts.record.LakeCommit;
import dev.mlcycle.contracts.record.OffsetRange;
import dev.mlcycle.ingest.adapter.CommitAnnouncer;
import dev.mlcycle.ingest.adapter.CommitLog;
import dev.mlcycle.ingest.adapter.DeadLetterIndex;
import dev.mlcycle.ingest.adapter.DeadLetters;
import dev.mlcycle.ingest.adapter.TopicSource;
import dev.mlcycle.ingest.service.IngestMetrics.TableMeters;
import dev.mlcycle.ingest.service.RecordCheck.Outcome;
import dev.mlcycle.ingest.service.RecordCheck.Rejected;
import dev.mlcycle.lake.LakeTable;
import dev.mlcycle.lake.RowBatch;
import dev.mlcycle.lake.SourcePartition;
import dev.mlcycle.lake.TableWriter;
import dev.mlcycle.lake.WrittenFiles;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * Reads one dataset topic into one lake table, exactly once. See {@code ingest-service/DESIGN.md}.
 *
 * <p>The polling thread checks each record ({@link RecordCheck}), buffers valid rows in a {@link Batch} and sends
 * rejected records to the dead-letter topic. When the {@link FlushPolicy} says so, it hands the batch to a single
 * committer thread, which waits for the batch's dead letters to be acknowledged, writes sorted Parquet files and
 * commits them with the batch's offset ranges as one Iceberg snapshot; meanwhile the polling thread fills the next
 * batch. At most one batch is in flight, so commits land in order.
 *
 * <p>Where to start is read from the lake's current snapshot when partitions are assigned, never from the consumer
 * group; which of the records from there on are already dead letters is read from the dead-letter topic at the same
 * moment ({@link DeadLetterIndex}). Before it starts reading, the pipeline announces the table's commits that {@code
 * mlcycle.lake.commits} lacks ({@link AnnouncementCatchUp}). Anything that goes wrong throws out of {@link #run()}; the caller closes the pipeline and starts a new one,
 * which resumes from the lake, so a failure (or a crash) loses nothing and duplicates nothing.
 */
public final class TablePipeline implements AutoCloseable, TopicSource.Assignments {
    private static final Logger LOG = Logger.getLogger(TablePipeline.class);
    private static final long LAG_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);

    /**
     * What a pipeline is built from.
     *
     * @param table the lake table it writes
     * @param check the record check for the table's kind
     * @param source the topic it reads, not yet subscribed
     * @param deadLetters where rejected records go
     * @param deadLettered which source offsets are already on the dead-letter topic, caught up at each assignment
     * @param announcer where commits are announced
     * @param commitLog what was announced already, read at start to announce the commits it lacks
     * @param writer the table's writer
     * @param policy when to commit
     * @param pollTimeout the longest one poll waits
     * @param meters the table's meters
     * @param status the table's status, shared across restarts
     */
    public record Parts(
            LakeTable table,
            RecordCheck check,
            TopicSource source,
            DeadLetters deadLetters,
            DeadLetterIndex deadLettered,
            CommitAnnouncer announcer,
            CommitLog commitLog,
            TableWriter writer,
            FlushPolicy policy,
            Duration pollTimeout,
            TableMeters meters,
            PipelineStatus status) {}

    private final Parts parts;
    private final String topic;
    private final ExecutorService committer;
    private final Map<SourcePartition, Long> nextFrom = new HashMap<>();
    private Batch batch;
    /** The rows of the last committed batch, emptied, for the next batch to fill: two row batches take turns. */
    private RowBatch spare;

    private Future<Commit> inFlight;
    private long lastLagAt;
    private volatile boolean stopping;
    /** The thread of {@link #run()} while it announces missed commits, before it reads: {@link #stop()} interrupts it. */
    private volatile Thread catchingUp;

    private volatile boolean halted;
    private volatile boolean closing;

    /** A committed batch: the lake commit, the next offset per partition it covered, and its rows (to reuse). */
    private record Commit(LakeCommit commit, Map<Integer, Long> next, RowBatch rows) {}

    public TablePipeline(Parts parts, String idField) {
        this.parts = parts;
        this.topic = parts.source().topic();
        this.committer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "ingest-commit-" + parts.table().name());
            t.setDaemon(true);
            return t;
        });
        this.batch = newBatch();
    }

    /** An empty batch, filling the spare row batch if it is still of the table's schema. */
    private Batch newBatch() {
        RowBatch rows = spare;
        spare = null;
        if (rows == null
                || rows.schema().schemaId() != parts.table().iceberg().schema().schemaId()) {
            rows = parts.table().newBatch();
        } else {
            rows.clear();
        }
        return new Batch(rows, parts.check().rejectsDuplicates());
    }

    /** Reads and commits until {@link #stop()} or a failure (thrown). On stop, commits what is buffered first. */
    public void run() {
        catchingUp = Thread.currentThread();
        try {
            if (!stopping) {
                AnnouncementCatchUp.run(parts.table(), parts.commitLog(), parts.announcer());
            }
        } finally {
            catchingUp = null;
            if (stopping) {
                Thread.interrupted(); // stop() may have interrupted the catch-up just as it ended
            }
        }
        parts.source().subscribe(this);
        parts.status().state(PipelineStatus.State.RUNNING);
        while (!stopping) {
            ConsumerRecords<byte[], byte[]> records;
            try {
                records = parts.source().poll(parts.pollTimeout());
            } catch (WakeupException e) {
                if (stopping) {
                    break;
                }
                throw e;
            }
            long now = System.nanoTime();
            for (ConsumerRecord<byte[], byte[]> r : records) {
                handle(r, now);
            }
            if (!records.isEmpty()) {
                parts.meters().recordsIn(records.count());
                parts.status().read(records.count());
            }
            reap(false);
            if (parts.policy().due(batch.records(), batch.bytes(), batch.firstAtNanos(), batch.lastAtNanos(), now)
                    != FlushPolicy.Trigger.NOT_YET) {
                handOff();
            }
            if (now - lastLagAt > LAG_EVERY_NANOS) {
                lastLagAt = now;
                updateLag();
            }
        }
        if (halted) {
            return;
        }
        handOff();
        reap(true);
    }

    /** Asks {@link #run()} to commit what it holds and return; safe from any thread. */
    public void stop() {
        stopping = true;
        Thread t = catchingUp;
        if (t != null) {
            t.interrupt(); // Kafka clients give up a blocking read when interrupted (a broker that does not answer)
        }
        parts.source().wakeup();
    }

    /**
     * Asks {@link #run()} to return at once, committing nothing more, as a crash would leave things: what is buffered
     * is dropped (a restart reads it again from the lake's offsets). Safe from any thread.
     */
    public void halt() {
        halted = true;
        stop();
    }

    private void handle(ConsumerRecord<byte[], byte[]> r, long now) {
        batch.read(r.partition(), r.offset(), r.value() == null ? 0 : r.value().length, now);
        Outcome outcome = parts.check().check(r.key(), r.value(), batch);
        if (outcome == RecordCheck.ACCEPTED) {
            return;
        }
        Rejected rejected = (Rejected) outcome;
        parts.meters().rejected(rejected.rejection().reason());
        parts.status().rejected();
        if (r.offset() > parts.deadLettered().highest(r.partition())) {
            batch.deadLetter(parts.deadLetters().send(r, rejected.rejection()));
        }
    }

    /** Hands the batch to the committer, after the one before it has landed. */
    private void handOff() {
        if (batch.isEmpty()) {
            return;
        }
        List<OffsetRange> ranges = batch.ranges(topic, nextFrom, parts.source()::position);
        Batch full = batch;
        reap(true); // the batch before it has landed: its rows are the spare the next batch fills
        batch = newBatch();
        long handedAt = System.nanoTime();
        inFlight = committer.submit(() -> commit(full, ranges, handedAt));
    }

    /** Runs on the committer thread. */
    private Commit commit(Batch full, List<OffsetRange> ranges, long handedAt) throws Exception {
        for (Future<?> sent : full.deadLetters()) {
            try {
                sent.get(3, TimeUnit.MINUTES);
            } catch (ExecutionException e) {
                throw new IllegalStateException(
                        "a dead letter was not acknowledged by "
                                + parts.deadLetters().topic() + ", so the batch is not committed: " + e.getCause(),
                        e.getCause());
            } catch (TimeoutException e) {
                throw new IllegalStateException("a dead letter was not acknowledged by "
                        + parts.deadLetters().topic() + " within 3 minutes");
            }
        }
        WrittenFiles files = parts.writer().write(full.rows());
        LakeCommit commit;
        try {
            commit = parts.writer().commit(files, ranges);
        } catch (MlcycleException e) {
            if (e.reason() == MlcycleException.Reason.CONFLICT) {
                // Another writer committed these offsets: our files are not in any snapshot.
                parts.writer().abort(files);
            }
            throw e;
        }
        parts.meters().appendLatency().record(System.nanoTime() - handedAt, TimeUnit.NANOSECONDS);
        parts.meters().written(commit.rows());
        for (DataFileInfo f : commit.files()) {
            parts.meters().fileCommitted(f.bytes());
        }
        parts.announcer().announce(commit);
        Map<Integer, Long> next = new HashMap<>();
        for (OffsetRange r : ranges) {
            next.put(r.partition(), r.untilOffset());
        }
        parts.status().committed(commit, next);
        LOG.debugf(
                "%s: snapshot %d, %d rows in %d files, offsets %s",
                parts.table().name(),
                commit.snapshotId(),
                commit.rows(),
                commit.files().size(),
                ranges);
        return new Commit(commit, next, full.rows());
    }

    /** Collects the batch in flight if it is done (or waits for it): rethrows its failure. */
    private void reap(boolean wait) {
        if (inFlight == null || (!wait && !inFlight.isDone())) {
            parts.meters().buffered(batch.records());
            parts.status().buffered(batch.records());
            return;
        }
        Commit done;
        try {
            done = inFlight.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while a commit was in flight", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(cause.getMessage(), cause);
        } finally {
            inFlight = null;
        }
        parts.source().commitAsync(done.next());
        spare = done.rows();
        parts.meters().buffered(batch.records());
        parts.status().buffered(batch.records());
    }

    private void updateLag() {
        Map<Integer, Long> lag = new HashMap<>();
        long total = 0;
        for (int p : parts.source().assignment()) {
            long l = parts.source().lag(p).orElse(0);
            lag.put(p, l);
            total += l;
        }
        parts.meters().lag(total);
        parts.status().lag(lag);
    }

    @Override
    public void assigned(Set<Integer> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        reap(true);
        // Dead letters an earlier owner of these partitions sent, up to now (it has let them go, so it sends no more).
        parts.deadLettered().catchUp();
        Map<SourcePartition, Long> committed = parts.table().committedOffsets(); // reads the current snapshot
        Map<Integer, Long> begin = parts.source().beginningOffsets(partitions);
        Map<Integer, Long> end = parts.source().endOffsets(partitions);
        Map<Integer, Long> known = new HashMap<>(parts.status().committed());
        for (int p : partitions) {
            SourcePartition sp = new SourcePartition(topic, p);
            Long next = committed.get(sp);
            long first = begin.get(p);
            long last = end.get(p);
            if (next == null) {
                parts.source().seek(p, first);
                nextFrom.remove(sp);
                LOG.infof("%s-%d: not in the lake yet, reading from offset %d", topic, p, first);
            } else if (next > last) {
                String problem = topic + "-" + p + ": the lake holds offsets up to " + next
                        + " but the topic ends at " + last
                        + "; the topic was deleted and created again, or truncated. This partition is paused;"
                        + " to ingest it again, move the table aside or recreate it.";
                LOG.error(problem);
                parts.status().warning(problem);
                parts.source().seek(p, last);
                parts.source().pause(p);
                known.put(p, next);
            } else {
                if (next < first) {
                    String problem = topic + "-" + p + ": offsets " + next + " to " + (first - 1)
                            + " were removed by retention before ingest read them; reading on from " + first;
                    LOG.warn(problem);
                    parts.status().warning(problem);
                }
                parts.source().seek(p, Math.max(next, first));
                nextFrom.put(sp, next);
                known.put(p, next);
            }
        }
        parts.status().committedOffsets(known);
        LOG.infof(
                "%s: reading partitions %s of %s from the lake's offsets",
                parts.table().name(), partitions, topic);
    }

    @Override
    public void revoked(Set<Integer> partitions) {
        if (partitions.isEmpty() || closing || halted) {
            // Closing after run() returned (it committed what it could) or failed (nothing more may be
            // committed from a failed pipeline): the next pipeline resumes from the lake.
            return;
        }
        handOff();
        reap(true);
        partitions.forEach(p -> nextFrom.remove(new SourcePartition(topic, p)));
    }

    @Override
    public void lost(Set<Integer> partitions) {
        if (!partitions.isEmpty()) {
            throw new IllegalStateException("the consumer group took partitions " + partitions + " of " + topic
                    + " away without a clean hand-over; starting again from the lake");
        }
    }

    @Override
    public void close() {
        closing = true;
        closeQuietly(parts.source());
        committer.shutdownNow();
        try {
            committer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeQuietly(parts.deadLetters());
        closeQuietly(parts.deadLettered());
        closeQuietly(parts.writer());
        LOG.infof(
                "%s: %d records read straight into columns, %d judged by the codec",
                parts.table().name(),
                parts.check().fastAccepted(),
                parts.check().codecJudged());
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            LOG.debugf("closing %s: %s", c, e);
        }
    }
}
