package dev.mlcycle.serving.batch;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.serving.batch.BatchListener.Closed;
import dev.mlcycle.serving.model.Frame;
import dev.mlcycle.serving.model.Outputs;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Joins the requests of one served model version into batches and runs each batch through {@code predict} once
 * (serving-service/DESIGN.md, "Micro-batching and admission control").
 *
 * <p>Requests queue in arrival order. One worker thread ({@code mlcycle-batcher-<name>}) closes a batch when the queue
 * holds {@code maxBatchRows} rows ({@link Closed#FULL}) or the oldest queued request has waited {@code maxDelay}
 * ({@link Closed#TIMER}), takes rows from the head of the queue up to {@code maxBatchRows}, runs {@code predict} on
 * their {@link Frame#concat} and gives every request exactly its rows, in its order. A request that fits in one batch
 * is never split: when it does not fit in the room left, the batch closes without it. A request larger than {@code
 * maxBatchRows} is split: its first rows fill the room left and the rest go to the next batches, and it is answered
 * once all its parts ran. A batch whose {@code predict} fails fails the requests it held, and only those (a split request
 * fails as a whole, once; its remaining parts are dropped unrun). A request whose deadline passed before its rows
 * join a batch is answered {@link Reason#DEADLINE_EXCEEDED} and not run.
 *
 * <p>{@link #close} takes no new work (submissions fail {@link Reason#UNAVAILABLE}); what was submitted still runs,
 * without waiting for the timer ({@link Closed#DRAIN}), then the thread ends. {@link #expectedWait} estimates from a
 * cost model (fixed cost per batch plus a cost per row, fitted by exponentially weighted least squares over recent
 * batches) how long a new request would take; it reads only volatile fields, so admission can call it on every request.
 */
public final class MicroBatcher implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(MicroBatcher.class.getName());

    private final String name;
    private final Function<Frame, Outputs> predict;
    private final BatchOptions options;
    private final Clock clock;
    private final BatchListener listener;
    private final Thread worker;
    private final CostModel cost = new CostModel();

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private boolean closed;
    /** A batch taken by the worker is running (set and cleared by the worker, under the lock). */
    private boolean workerBusy;
    /** A request is running directly on its caller's thread (under the lock). */
    private boolean directBusy;

    private final AtomicInteger queuedRows = new AtomicInteger();
    /** Rows of the batch being run and the clock's nanos when it started; 0 rows when idle. */
    private volatile int runningRows;

    private volatile long runningSince;

    public MicroBatcher(
            String name, Function<Frame, Outputs> predict, BatchOptions options, Clock clock, BatchListener listener) {
        this.name = Objects.requireNonNull(name, "name");
        this.predict = Objects.requireNonNull(predict, "predict");
        this.options = Objects.requireNonNull(options, "options");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.worker = new Thread(this::work, "mlcycle-batcher-" + name);
        worker.setDaemon(true);
        worker.start();
    }

    /**
     * Queues {@code frame}'s rows for scoring.
     *
     * @param deadline when the caller stops waiting, or null for none: if it passes before the rows run, the future
     *     fails {@link Reason#DEADLINE_EXCEEDED} and the rows are not run
     * @return the outputs of exactly these rows, in their order; fails with {@code predict}'s exception (an {@link
     *     MlcycleException} as thrown, anything else as {@link Reason#INTERNAL} with it as the cause), {@link
     *     Reason#DEADLINE_EXCEEDED}, or {@link Reason#UNAVAILABLE} once closed
     */
    public CompletableFuture<Outputs> submit(Frame frame, Instant deadline) {
        Objects.requireNonNull(frame, "frame");
        if (frame.rows() == 0) {
            return CompletableFuture.failedFuture(
                    new MlcycleException(Reason.INVALID_ARGUMENT, "a request needs at least one row, got none"));
        }
        Instant now = clock.instant();
        if (mayRunDirectly(frame.rows())) {
            CompletableFuture<Outputs> direct = tryDirect(frame, deadline, now);
            if (direct != null) {
                return direct;
            }
        }
        Pending p = new Pending(frame, deadline, now);
        lock.lock();
        try {
            if (closed) {
                return CompletableFuture.failedFuture(new MlcycleException(
                        Reason.UNAVAILABLE, "model version " + name + " was released; send the request again"));
            }
            queue.addLast(p);
            queuedRows.addAndGet(frame.rows());
            changed.signal();
        } finally {
            lock.unlock();
        }
        return p.result;
    }

    /** Whether a request of this many rows is one that may run directly when the batcher is idle (no lock taken). */
    private boolean mayRunDirectly(int rows) {
        long budget = options.directBudget().toNanos();
        return budget > 0
                && options.maxDelay().isZero()
                && rows <= options.maxBatchRows()
                && queuedRows.get() == 0
                && runningRows == 0
                && cost.nanos(rows) <= budget;
    }

    /**
     * Runs the request at once on the caller's thread when the batcher is idle: nothing queued, no batch running (the
     * worker's or another direct one), not closed. It then counts as a batch of its own ({@link Closed#DIRECT}) and
     * the worker does not start a batch until it finished, so batches of a version still never overlap, and requests
     * that arrive meanwhile queue and batch as usual. Null when the batcher is not idle: the caller queues.
     */
    private CompletableFuture<Outputs> tryDirect(Frame frame, Instant deadline, Instant now) {
        int rows = frame.rows();
        lock.lock();
        try {
            if (closed || directBusy || workerBusy || !queue.isEmpty()) {
                return null;
            }
            directBusy = true;
            runningRows = rows;
            runningSince = clockNanos();
        } finally {
            lock.unlock();
        }
        CompletableFuture<Outputs> result = new CompletableFuture<>();
        try {
            if (deadline != null && now.isAfter(deadline)) {
                result.completeExceptionally(new MlcycleException(
                        Reason.DEADLINE_EXCEEDED,
                        "the request's deadline passed "
                                + Duration.between(deadline, now).toMillis() + " ms before its " + rows
                                + " rows could run on " + name + "; they were not run"));
                safely(() -> listener.expired(name, rows));
                return result;
            }
            safely(() -> listener.queueWait(name, Duration.ZERO));
            long start = clockNanos();
            Outputs out = null;
            MlcycleException failure = null;
            try {
                out = predictChecked(frame, rows);
            } catch (MlcycleException e) {
                failure = e;
            }
            long run = Math.max(0, clockNanos() - start);
            if (failure == null) {
                cost.observe(rows, run);
            }
            safely(() -> listener.batchRan(name, rows, 1, Closed.DIRECT, Duration.ofNanos(run)));
            if (failure == null) {
                result.complete(out);
            } else {
                result.completeExceptionally(failure);
            }
            return result;
        } finally {
            lock.lock();
            try {
                runningRows = 0;
                directBusy = false;
                if (!queue.isEmpty()) {
                    changed.signal(); // requests queued while this one ran: the worker takes them now
                }
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * {@code predict} on a batch of {@code rows} rows, its failure as an {@link MlcycleException} (as thrown, or
     * {@link Reason#INTERNAL} naming the version and batch size, the original as its cause).
     */
    private Outputs predictChecked(Frame batch, int rows) {
        Outputs out;
        try {
            out = predict.apply(batch);
        } catch (MlcycleException e) {
            throw e;
        } catch (RuntimeException | Error e) {
            throw new MlcycleException(
                    Reason.INTERNAL, "predict failed on " + name + " for a batch of " + rows + " rows: " + e, e);
        }
        if (out == null || out.rows() != rows) {
            throw new MlcycleException(
                    Reason.INTERNAL,
                    "predict on " + name + " answered " + (out == null ? "nothing" : out.rows() + " rows")
                            + " for a batch of " + rows + " rows");
        }
        return out;
    }

    /**
     * How long a request of {@code rows} rows submitted now is expected to take until answered: the rest of the batch
     * running now, the batches for the rows queued ahead and its own, and {@code maxDelay} when they would not fill a
     * batch. Before the first batch ran it knows no costs and counts only the delay.
     */
    public Duration expectedWait(int rows) {
        int max = options.maxBatchRows();
        long total = (long) queuedRows.get() + Math.max(0, rows);
        long nanos = 0;
        int running = runningRows;
        if (running > 0) {
            long elapsed = clockNanos() - runningSince;
            nanos += Math.max(0, cost.nanos(running) - elapsed);
        }
        long full = total / max;
        int rest = (int) (total % max);
        nanos += full * cost.nanos(max);
        if (rest > 0) {
            nanos += cost.nanos(rest) + options.maxDelay().toNanos();
        }
        return Duration.ofNanos(nanos);
    }

    /** Rows queued and not yet taken into a batch. */
    public int queuedRows() {
        return queuedRows.get();
    }

    /** The name its thread and its listener calls carry (model and version). */
    public String name() {
        return name;
    }

    /** Its options. */
    public BatchOptions options() {
        return options;
    }

    /** Takes no new work; what was submitted still runs (without waiting for the timer), then the thread ends. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            changed.signal();
        } finally {
            lock.unlock();
        }
    }

    /** Waits up to {@code timeout} for the worker to finish after {@link #close}; true when it has. */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        worker.join(Math.max(1, timeout.toMillis()));
        return !worker.isAlive();
    }

    private void work() {
        try {
            Batch batch;
            while ((batch = nextBatch()) != null) {
                run(batch);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop("its thread was interrupted");
        } catch (RuntimeException | Error e) {
            stop("its thread failed: " + e);
            throw e;
        }
    }

    /** The worker cannot go on: nothing more is accepted and what is queued is answered UNAVAILABLE. */
    private void stop(String why) {
        MlcycleException failure = new MlcycleException(
                Reason.UNAVAILABLE,
                "model version " + name + " stopped batching (" + why + "); send the request again");
        lock.lock();
        try {
            closed = true;
            for (Pending p : queue) {
                p.result.completeExceptionally(failure);
            }
            queue.clear();
            queuedRows.set(0);
        } finally {
            lock.unlock();
        }
    }

    /** Blocks until a batch is due and takes it from the queue; null once closed and drained. */
    private Batch nextBatch() throws InterruptedException {
        lock.lock();
        try {
            workerBusy = false;
            while (true) {
                Pending oldest = queue.peekFirst();
                if (oldest == null) {
                    if (closed) {
                        return null; // a direct run still going answers its own request
                    }
                    changed.await();
                    continue;
                }
                if (directBusy) {
                    changed.await(); // a direct run is on; it signals when it ends and requests are queued
                    continue;
                }
                Instant now = clock.instant();
                Closed why;
                if (queuedRows.get() >= options.maxBatchRows()) {
                    why = Closed.FULL;
                } else if (!now.isBefore(oldest.queuedAt.plus(options.maxDelay()))) {
                    why = Closed.TIMER;
                } else if (closed) {
                    why = Closed.DRAIN;
                } else {
                    long wait = Duration.between(now, oldest.queuedAt.plus(options.maxDelay()))
                            .toNanos();
                    changed.awaitNanos(
                            Math.max(1, Math.min(wait, options.maxDelay().toNanos())));
                    continue;
                }
                Batch batch = take(now, why);
                if (batch.parts.isEmpty()) {
                    continue; // every request taken had expired; look again
                }
                workerBusy = true;
                runningRows = batch.rows;
                runningSince = clockNanos();
                return batch;
            }
        } finally {
            lock.unlock();
        }
    }

    /** Takes up to maxBatchRows rows from the head of the queue; holds the lock. */
    private Batch take(Instant now, Closed why) {
        Batch batch = new Batch(why);
        while (batch.rows < options.maxBatchRows() && !queue.isEmpty()) {
            Pending p = queue.peekFirst();
            int left = p.frame.rows() - p.taken;
            if (p.deadline != null && now.isAfter(p.deadline)) {
                queue.pollFirst();
                queuedRows.addAndGet(-left);
                expire(p, left, now);
                continue;
            }
            int room = options.maxBatchRows() - batch.rows;
            if (left > room && p.frame.rows() <= options.maxBatchRows()) {
                break; // a request that fits in one batch is never split: it opens the next one
            }
            int rows = Math.min(left, room);
            if (p.taken == 0) {
                safely(() -> listener.queueWait(name, Duration.between(p.queuedAt, now)));
            }
            batch.parts.add(new Part(p, p.taken, p.taken + rows));
            batch.rows += rows;
            p.taken += rows;
            queuedRows.addAndGet(-rows);
            if (p.taken == p.frame.rows()) {
                queue.pollFirst();
            }
        }
        return batch;
    }

    private void expire(Pending p, int rows, Instant now) {
        p.done = true;
        p.result.completeExceptionally(new MlcycleException(
                Reason.DEADLINE_EXCEEDED,
                "the request's deadline passed "
                        + Duration.between(p.deadline, now).toMillis() + " ms before its "
                        + (p.taken == 0 ? "" : "remaining ") + rows + " rows could run on " + name
                        + "; they were not run"));
        safely(() -> listener.expired(name, rows));
    }

    private void run(Batch batch) {
        long start = clockNanos();
        Outputs out = null;
        MlcycleException failure = null;
        try {
            List<Frame> frames = new ArrayList<>(batch.parts.size());
            for (Part part : batch.parts) {
                frames.add(part.pending.frame.slice(part.from, part.to));
            }
            out = predictChecked(Frame.concat(frames), batch.rows);
        } catch (MlcycleException e) {
            failure = e;
        } catch (RuntimeException e) {
            failure = new MlcycleException(
                    Reason.INTERNAL, "predict failed on " + name + " for a batch of " + batch.rows + " rows: " + e, e);
        }
        long run = Math.max(0, clockNanos() - start);
        runningRows = 0;
        if (failure == null) {
            cost.observe(batch.rows, run);
        }
        // reported before the answers go out, so a caller that sees its answer also sees the batch in the metrics
        Closed why = batch.why;
        int requests = batch.parts.size();
        safely(() -> listener.batchRan(name, batch.rows, requests, why, Duration.ofNanos(run)));
        if (failure == null) {
            deliver(batch, out);
        } else {
            fail(batch, failure);
        }
    }

    private void deliver(Batch batch, Outputs out) {
        int at = 0;
        for (Part part : batch.parts) {
            int rows = part.to - part.from;
            Pending p = part.pending;
            Outputs mine = out.slice(at, at + rows);
            at += rows;
            if (p.done) {
                continue;
            }
            if (part.from == 0 && part.to == p.frame.rows()) {
                p.done = true;
                p.result.complete(mine);
                continue;
            }
            p.parts.add(mine);
            if (part.to == p.frame.rows()) {
                p.done = true;
                p.result.complete(Outputs.concat(p.parts));
            }
        }
    }

    private void fail(Batch batch, MlcycleException failure) {
        List<Pending> failed = new ArrayList<>();
        for (Part part : batch.parts) {
            Pending p = part.pending;
            if (!p.done) {
                p.done = true;
                failed.add(p);
                p.result.completeExceptionally(failure);
            }
        }
        // A split request that failed drops its parts still queued: it is answered once, with this failure.
        lock.lock();
        try {
            for (Pending p : failed) {
                if (p.taken < p.frame.rows() && queue.remove(p)) {
                    queuedRows.addAndGet(-(p.frame.rows() - p.taken));
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private void safely(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "batch listener failed on " + name + "; ignored", e);
        }
    }

    private long clockNanos() {
        Instant now = clock.instant();
        return TimeUnit.SECONDS.toNanos(now.getEpochSecond()) + now.getNano();
    }

    /** A submitted request; its mutable fields are touched by the worker only (taken also under the lock). */
    private static final class Pending {
        final Frame frame;
        final Instant deadline;
        final Instant queuedAt;
        final CompletableFuture<Outputs> result = new CompletableFuture<>();
        final List<Outputs> parts = new ArrayList<>(2);
        int taken;
        boolean done;

        Pending(Frame frame, Instant deadline, Instant queuedAt) {
            this.frame = frame;
            this.deadline = deadline;
            this.queuedAt = queuedAt;
        }
    }

    /** Rows {@code [from, to)} of one request inside a batch. */
    private record Part(Pending pending, int from, int to) {}

    private static final class Batch {
        final Closed why;
        final List<Part> parts = new ArrayList<>();
        int rows;

        Batch(Closed why) {
            this.why = why;
        }
    }
}
