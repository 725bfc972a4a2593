package dev.mlcycle.serving.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.serving.model.Outputs;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * Properties of the micro-batcher over random loads, with hand-rolled seeded generators (jqwik 1.x runs on the JUnit
 * Platform 1.x only; this build is on JUnit 6). Each trial draws the options, the number of client threads, request
 * sizes (1 to 3x maxBatchRows), pauses between arrivals, deadlines, and which batches fail or run slowly. Every row's
 * value names its request and row and predict echoes it, so the checks see exactly which row went where. A failing
 * trial prints its seed; rerun it alone with {@code -Dmlcycle.property.seed=<seed> -Dmlcycle.property.trials=1}.
 */
class MicroBatcherPropertyTest {
    private static final long SEED = Long.getLong("mlcycle.property.seed", 20_261_207L);
    private static final int TRIALS = Integer.getInteger("mlcycle.property.trials", 40);

    record Request(int id, int rows, Instant submitted, Instant deadline, CompletableFuture<Outputs> result) {}

    /**
     * A batch predict got: its row ids, and an instant its batch cannot have formed before (the end of the previous
     * batch: one worker forms a batch only after the previous one ran).
     */
    record Ran(double[] ids, Instant formedNotBefore) {}

    @Test
    void everyRowGoesBackToItsOwnRequestOnceAndNoBatchExceedsTheRowLimit() throws Exception {
        for (int trial = 0; trial < TRIALS; trial++) {
            trial(SEED + trial);
        }
    }

    private void trial(long seed) throws Exception {
        Random rnd = new Random(seed);
        int maxRows = 1 + rnd.nextInt(16);
        // half the trials let an idle batcher run small requests directly on the client's thread
        boolean direct = rnd.nextBoolean();
        Duration maxDelay = direct ? Duration.ZERO : Duration.ofNanos(rnd.nextInt(3_000_000));
        Duration directBudget = direct ? Duration.ofSeconds(1) : Duration.ZERO;
        int threads = 2 + rnd.nextInt(7);
        int perThread = 5 + rnd.nextInt(30);
        double failShare = rnd.nextDouble() * 0.3;
        double slowShare = rnd.nextDouble() * 0.3;
        double deadlineShare = rnd.nextDouble() * 0.5;
        String trial = "seed=" + seed + " maxRows=" + maxRows + " maxDelay=" + maxDelay + " direct=" + direct
                + " threads=" + threads;
        java.util.concurrent.atomic.AtomicInteger running = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger mostRunning = new java.util.concurrent.atomic.AtomicInteger();

        List<Ran> ranBatches = new CopyOnWriteArrayList<>();
        Instant[] lastEnd = {Instant.MIN}; // written by the one worker thread only
        List<double[]> failedBatches = new CopyOnWriteArrayList<>();
        Random predictRnd = new Random(seed * 31 + 7); // used by the one worker thread only
        RecordingListener listener = new RecordingListener();
        MicroBatcher batcher = new MicroBatcher(
                "p" + seed,
                frame -> {
                    mostRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
                    double[] ids = Rows.ids(frame);
                    ranBatches.add(new Ran(ids, lastEnd[0]));
                    try {
                        if (predictRnd.nextDouble() < slowShare) {
                            LockSupport.parkNanos(predictRnd.nextInt(2_000_000)); // a slow batch, not a wait
                        }
                        if (predictRnd.nextDouble() < failShare) {
                            failedBatches.add(ids);
                            throw new IllegalStateException("injected failure");
                        }
                        return Rows.echo(frame);
                    } finally {
                        lastEnd[0] = Instant.now();
                        running.decrementAndGet();
                    }
                },
                new BatchOptions(maxRows, maxDelay, directBudget),
                Clock.systemUTC(),
                listener);

        Map<Integer, Request> requests = new ConcurrentHashMap<>();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService clients = Executors.newFixedThreadPool(threads);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int client = t;
            Random own = new Random(seed * 1_000 + t);
            done.add(clients.submit(() -> {
                start.await();
                for (int i = 0; i < perThread; i++) {
                    int id = client * 1_000 + i;
                    int rows = 1 + own.nextInt(3 * maxRows);
                    Instant deadline =
                            own.nextDouble() < deadlineShare ? Instant.now().plusNanos(own.nextInt(4_000_000)) : null;
                    Instant submitted = Instant.now();
                    Request r =
                            new Request(id, rows, submitted, deadline, batcher.submit(Rows.frame(id, rows), deadline));
                    requests.put(id, r);
                    if (own.nextInt(4) == 0) {
                        LockSupport.parkNanos(own.nextInt(500_000)); // a gap between arrivals
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : done) {
            f.get(30, TimeUnit.SECONDS);
        }
        clients.shutdown();
        await().atMost(Duration.ofSeconds(60))
                .until(() -> requests.values().stream().allMatch(r -> r.result.isDone()));
        batcher.close();
        assertThat(batcher.awaitTermination(Duration.ofSeconds(10))).as(trial).isTrue();

        check(trial, maxRows, requests, ranBatches, failedBatches, listener);
        assertThat(mostRunning.get())
                .as(trial + ": batches of one version never overlap")
                .isEqualTo(1);
    }

    private static void check(
            String trial,
            int maxRows,
            Map<Integer, Request> requests,
            List<Ran> ranBatches,
            List<double[]> failedBatches,
            RecordingListener listener)
            throws InterruptedException {
        SoftAssertions soft = new SoftAssertions();
        Set<Double> ran = new HashSet<>();
        Map<Integer, Integer> ranRowsPerRequest = new HashMap<>();
        Map<Integer, Instant> latestFormed = new HashMap<>();
        for (Ran batch : ranBatches) {
            soft.assertThat(batch.ids.length).as(trial + ": batch size").isBetween(1, maxRows);
            for (double id : batch.ids) {
                soft.assertThat(ran.add(id))
                        .as(trial + ": row " + id + " ran twice")
                        .isTrue();
                ranRowsPerRequest.merge(Rows.requestOf(id), 1, Integer::sum);
                latestFormed.merge(Rows.requestOf(id), batch.formedNotBefore, (a, b) -> a.isAfter(b) ? a : b);
            }
        }
        Set<Integer> inFailedBatch = new HashSet<>();
        for (double[] batch : failedBatches) {
            for (double id : batch) {
                inFailedBatch.add(Rows.requestOf(id));
            }
        }
        int expiredRows = 0;
        for (Request r : requests.values()) {
            String what = trial + ": request " + r.id + " of " + r.rows + " rows";
            int ranRows = ranRowsPerRequest.getOrDefault(r.id, 0);
            if (r.deadline != null && ranRows > 0) {
                // its rows joined a batch no earlier than this: if the deadline was already past, they must not run
                Instant formed = latestFormed.get(r.id);
                Instant notBefore = formed.isAfter(r.submitted) ? formed : r.submitted;
                soft.assertThat(r.deadline)
                        .as(what + ": rows ran although the deadline had passed before their batch formed")
                        .isAfterOrEqualTo(notBefore);
            }
            MlcycleException failure = failureOf(r.result);
            if (failure == null) {
                soft.assertThat(r.result.join().values()).as(what).containsExactly(Rows.expected(r.id, r.rows));
                soft.assertThat(ranRows).as(what + " rows run").isEqualTo(r.rows);
                soft.assertThat(inFailedBatch).as(what).doesNotContain(r.id);
            } else if (failure.reason() == Reason.DEADLINE_EXCEEDED) {
                soft.assertThat(r.deadline)
                        .as(what + " expired without a deadline")
                        .isNotNull();
                soft.assertThat(inFailedBatch).as(what).doesNotContain(r.id);
                if (r.rows <= maxRows) {
                    soft.assertThat(ranRows)
                            .as(what + ": expired, yet rows reached predict")
                            .isZero();
                } else {
                    soft.assertThat(ranRows)
                            .as(what + ": expired split request")
                            .isLessThan(r.rows);
                }
                expiredRows += r.rows - ranRows;
            } else {
                soft.assertThat(failure.reason()).as(what).isEqualTo(Reason.INTERNAL);
                soft.assertThat(failure.getMessage()).as(what).contains("injected failure");
                soft.assertThat(inFailedBatch)
                        .as(what + " failed outside a failed batch")
                        .contains(r.id);
            }
        }
        int listenedRows =
                listener.batches.stream().mapToInt(RecordingListener.Ran::rows).sum();
        soft.assertThat(listenedRows).as(trial + ": rows the listener saw run").isEqualTo(ran.size());
        soft.assertThat(listener.batches).as(trial).allMatch(b -> b.rows() <= maxRows);
        soft.assertThat(listener.expired.stream().mapToInt(Integer::intValue).sum())
                .as(trial + ": expired rows")
                .isEqualTo(expiredRows);
        soft.assertAll();
    }

    private static MlcycleException failureOf(CompletableFuture<Outputs> f) throws InterruptedException {
        try {
            f.get();
            return null;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof MlcycleException m) {
                return m;
            }
            throw new AssertionError("a request failed with something other than MlcycleException", e.getCause());
        }
    }
}
