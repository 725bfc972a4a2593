package dev.mlcycle.serving.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.serving.batch.BatchListener.Closed;
import dev.mlcycle.serving.model.Frame;
import dev.mlcycle.serving.model.Outputs;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MicroBatcherTest {
    private static final Duration LONG = Duration.ofSeconds(30);
    private final RecordingListener listener = new RecordingListener();
    private final List<MicroBatcher> batchers = new ArrayList<>();

    @AfterEach
    void closeAll() throws InterruptedException {
        for (MicroBatcher b : batchers) {
            b.close();
            assertThat(b.awaitTermination(Duration.ofSeconds(10))).isTrue();
        }
    }

    private MicroBatcher batcher(Function<Frame, Outputs> predict, int maxRows, Duration maxDelay, Clock clock) {
        MicroBatcher b = new MicroBatcher("credit-v1", predict, new BatchOptions(maxRows, maxDelay), clock, listener);
        batchers.add(b);
        return b;
    }

    private static Outputs get(CompletableFuture<Outputs> f) throws Exception {
        return f.get(20, TimeUnit.SECONDS);
    }

    private static MlcycleException failure(CompletableFuture<Outputs> f) {
        await().atMost(Duration.ofSeconds(20)).until(f::isDone);
        try {
            f.get();
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(MlcycleException.class);
            return (MlcycleException) e.getCause();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("expected the request to fail, it answered");
    }

    private MicroBatcher directBatcher(Function<Frame, Outputs> predict, int maxRows) {
        MicroBatcher b = new MicroBatcher(
                "credit-v1",
                predict,
                new BatchOptions(maxRows, Duration.ZERO, Duration.ofSeconds(5)),
                Clock.systemUTC(),
                listener);
        batchers.add(b);
        return b;
    }

    @Test
    void anIdleBatcherRunsASmallRequestOnTheCallersThreadAndAnswersAtOnce() {
        List<String> threads = new CopyOnWriteArrayList<>();
        MicroBatcher b = directBatcher(
                frame -> {
                    threads.add(Thread.currentThread().getName());
                    return Rows.echo(frame);
                },
                8);
        CompletableFuture<Outputs> f = b.submit(Rows.frame(3, 2), null);
        assertThat(f).isCompleted();
        assertThat(f.join().values()).containsExactly(Rows.expected(3, 2));
        assertThat(threads).containsExactly(Thread.currentThread().getName());
        assertThat(listener.batches).singleElement().satisfies(r -> {
            assertThat(r.why()).isEqualTo(Closed.DIRECT);
            assertThat(r.rows()).isEqualTo(2);
        });

        // larger than a batch: handed to the worker, split there
        CompletableFuture<Outputs> big = b.submit(Rows.frame(4, 9), null);
        await().atMost(Duration.ofSeconds(20)).until(big::isDone);
        assertThat(big.join().values()).containsExactly(Rows.expected(4, 9));
        assertThat(threads.subList(1, threads.size())).allMatch(t -> t.startsWith("mlcycle-batcher-"));
    }

    @Test
    void requestsArrivingDuringADirectRunQueueAndRunAsOneBatchAfterIt() throws Exception {
        CountDownLatch inPredict = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger concurrent = new AtomicInteger();
        AtomicInteger mostConcurrent = new AtomicInteger();
        MicroBatcher b = directBatcher(
                frame -> {
                    mostConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
                    try {
                        if (Rows.requestOf(Rows.ids(frame)[0]) == 0) {
                            inPredict.countDown();
                            release.await(20, TimeUnit.SECONDS);
                        }
                        return Rows.echo(frame);
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    } finally {
                        concurrent.decrementAndGet();
                    }
                },
                8);
        ExecutorService caller = Executors.newSingleThreadExecutor();
        try {
            Future<CompletableFuture<Outputs>> first = caller.submit(() -> b.submit(Rows.frame(0, 1), null));
            assertThat(inPredict.await(20, TimeUnit.SECONDS)).isTrue();
            List<CompletableFuture<Outputs>> queued = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                queued.add(b.submit(Rows.frame(i, 2), null));
            }
            assertThat(queued).allMatch(f -> !f.isDone());
            release.countDown();
            assertThat(get(first.get(20, TimeUnit.SECONDS)).values()).containsExactly(Rows.expected(0, 1));
            for (int i = 1; i <= 3; i++) {
                assertThat(get(queued.get(i - 1)).values()).containsExactly(Rows.expected(i, 2));
            }
        } finally {
            caller.shutdownNow();
        }
        assertThat(mostConcurrent.get())
                .as("batches of one version never overlap")
                .isEqualTo(1);
        assertThat(listener.batches).hasSize(2);
        assertThat(listener.batches.get(0).why()).isEqualTo(Closed.DIRECT);
        assertThat(listener.batches.get(1).rows()).isEqualTo(6);
        assertThat(listener.batches.get(1).requests()).isEqualTo(3);
    }

    @Test
    void aDirectRunThatFailsFailsOnlyItsRequestAndTheBatcherGoesOn() throws Exception {
        MicroBatcher b = directBatcher(
                frame -> {
                    if (Rows.requestOf(Rows.ids(frame)[0]) == 1) {
                        throw new IllegalStateException("boom");
                    }
                    return Rows.echo(frame);
                },
                8);
        MlcycleException e = failure(b.submit(Rows.frame(1, 1), null));
        assertThat(e.reason()).isEqualTo(Reason.INTERNAL);
        assertThat(e.getMessage()).contains("predict failed on credit-v1 for a batch of 1 rows", "boom");
        assertThat(get(b.submit(Rows.frame(2, 3), null)).values()).containsExactly(Rows.expected(2, 3));
    }

    @Test
    void closesBatchWhenFullWithoutWaitingForTimer() throws Exception {
        MicroBatcher b = batcher(Rows::echo, 4, LONG, Clock.systemUTC());
        List<CompletableFuture<Outputs>> futures = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            futures.add(b.submit(Rows.frame(i, 1), null));
        }
        for (int i = 0; i < 4; i++) {
            assertThat(get(futures.get(i)).values()).containsExactly(Rows.expected(i, 1));
        }
        assertThat(listener.batches).hasSize(1);
        assertThat(listener.batches.get(0).rows()).isEqualTo(4);
        assertThat(listener.batches.get(0).requests()).isEqualTo(4);
        assertThat(listener.batches.get(0).why()).isEqualTo(Closed.FULL);
    }

    @Test
    void closesBatchOnTimerWhenOldestRequestWaitedMaxDelay() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        MicroBatcher b = batcher(Rows::echo, 64, Duration.ofMillis(5), clock);
        CompletableFuture<Outputs> f = b.submit(Rows.frame(7, 3), null);
        await().during(Duration.ofMillis(100)).atMost(Duration.ofSeconds(2)).until(() -> !f.isDone());
        clock.advance(Duration.ofMillis(5));
        assertThat(get(f).values()).containsExactly(Rows.expected(7, 3));
        assertThat(listener.batches).singleElement().satisfies(r -> {
            assertThat(r.why()).isEqualTo(Closed.TIMER);
            assertThat(r.rows()).isEqualTo(3);
        });
        assertThat(listener.waits).containsExactly(Duration.ofMillis(5));
    }

    @Test
    void splitsRequestLargerThanMaxBatchRowsAndReassemblesItInOrder() throws Exception {
        List<Integer> sizes = new CopyOnWriteArrayList<>();
        MicroBatcher b = batcher(
                frame -> {
                    sizes.add(frame.rows());
                    return Rows.echo(frame);
                },
                4,
                Duration.ZERO,
                Clock.systemUTC());
        assertThat(get(b.submit(Rows.frame(3, 10), null)).values()).containsExactly(Rows.expected(3, 10));
        assertThat(sizes).containsExactly(4, 4, 2);
    }

    @Test
    void neverSplitsRequestThatFitsInOneBatch() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<double[]> batches = new CopyOnWriteArrayList<>();
        MicroBatcher b = batcher(
                frame -> {
                    awaitLatch(release);
                    batches.add(Rows.ids(frame));
                    return Rows.echo(frame);
                },
                8,
                Duration.ZERO,
                Clock.systemUTC());
        CompletableFuture<Outputs> blocker = b.submit(Rows.frame(0, 1), null);
        await().atMost(Duration.ofSeconds(5)).until(() -> b.queuedRows() == 0);
        CompletableFuture<Outputs> five = b.submit(Rows.frame(1, 5), null);
        CompletableFuture<Outputs> four = b.submit(Rows.frame(2, 4), null);
        release.countDown();
        assertThat(get(five).values()).containsExactly(Rows.expected(1, 5));
        assertThat(get(four).values()).containsExactly(Rows.expected(2, 4));
        get(blocker);
        assertThat(batches).extracting(ids -> ids.length).containsExactly(1, 5, 4);
    }

    @Test
    void failedBatchFailsOnlyTheRequestsItHeld() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        MicroBatcher b = batcher(
                frame -> {
                    awaitLatch(release);
                    if (calls.incrementAndGet() == 2) {
                        throw new IllegalStateException("model blew up");
                    }
                    return Rows.echo(frame);
                },
                2,
                Duration.ZERO,
                Clock.systemUTC());
        CompletableFuture<Outputs> first = b.submit(Rows.frame(0, 2), null);
        await().atMost(Duration.ofSeconds(5)).until(() -> b.queuedRows() == 0);
        CompletableFuture<Outputs> a = b.submit(Rows.frame(1, 1), null);
        CompletableFuture<Outputs> c = b.submit(Rows.frame(2, 1), null);
        CompletableFuture<Outputs> d = b.submit(Rows.frame(3, 2), null);
        release.countDown();
        assertThat(get(first).values()).containsExactly(Rows.expected(0, 2));
        MlcycleException ea = failure(a);
        assertThat(ea.reason()).isEqualTo(Reason.INTERNAL);
        assertThat(ea.getMessage()).contains("model blew up").contains("credit-v1");
        assertThat(failure(c)).isSameAs(ea);
        assertThat(get(d).values()).containsExactly(Rows.expected(3, 2));
    }

    @Test
    void splitRequestWhoseFirstPartFailsFailsOnceAndItsOtherPartsNeverRun() {
        AtomicInteger calls = new AtomicInteger();
        MicroBatcher b = batcher(
                frame -> {
                    calls.incrementAndGet();
                    throw new MlcycleException(Reason.SCHEMA_MISMATCH, "row 0, feature \"income\": expected a number");
                },
                4,
                Duration.ZERO,
                Clock.systemUTC());
        CompletableFuture<Outputs> big = b.submit(Rows.frame(1, 10), null);
        assertThat(failure(big).reason()).isEqualTo(Reason.SCHEMA_MISMATCH);
        await().atMost(Duration.ofSeconds(5)).until(() -> b.queuedRows() == 0);
        assertThat(calls).hasValue(1);
        assertThat(listener.batches).singleElement().satisfies(r -> assertThat(r.rows())
                .isEqualTo(4));
    }

    @Test
    void requestWhoseDeadlinePassedWhileQueuedIsAnsweredDeadlineExceededAndNotRun() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        CountDownLatch release = new CountDownLatch(1);
        List<double[]> seen = new CopyOnWriteArrayList<>();
        MicroBatcher b = batcher(
                frame -> {
                    awaitLatch(release);
                    seen.add(Rows.ids(frame));
                    return Rows.echo(frame);
                },
                4,
                Duration.ZERO,
                clock);
        CompletableFuture<Outputs> running = b.submit(Rows.frame(0, 1), null);
        await().atMost(Duration.ofSeconds(5)).until(() -> b.queuedRows() == 0);
        CompletableFuture<Outputs> late =
                b.submit(Rows.frame(1, 2), clock.instant().plusMillis(100));
        CompletableFuture<Outputs> patient =
                b.submit(Rows.frame(2, 1), clock.instant().plusSeconds(10));
        clock.advance(Duration.ofMillis(101));
        release.countDown();
        MlcycleException e = failure(late);
        assertThat(e.reason()).isEqualTo(Reason.DEADLINE_EXCEEDED);
        assertThat(e.getMessage()).contains("deadline passed").contains("not run");
        assertThat(get(patient).values()).containsExactly(Rows.expected(2, 1));
        get(running);
        assertThat(seen).noneMatch(ids -> Rows.requestOf(ids[0]) == 1);
        assertThat(listener.expired).containsExactly(2);
    }

    @Test
    void closeFinishesQueuedWorkThenRefusesNewWorkAndEndsItsThread() throws Exception {
        List<String> threads = new CopyOnWriteArrayList<>();
        MicroBatcher b = new MicroBatcher(
                "credit-v7",
                frame -> {
                    threads.add(Thread.currentThread().getName());
                    return Rows.echo(frame);
                },
                new BatchOptions(64, LONG),
                Clock.systemUTC(),
                listener);
        CompletableFuture<Outputs> queued = b.submit(Rows.frame(1, 3), null);
        b.close();
        assertThat(get(queued).values()).containsExactly(Rows.expected(1, 3));
        assertThat(listener.batches).singleElement().satisfies(r -> assertThat(r.why())
                .isEqualTo(Closed.DRAIN));
        assertThat(threads).containsExactly("mlcycle-batcher-credit-v7");
        MlcycleException refused = failure(b.submit(Rows.frame(2, 1), null));
        assertThat(refused.reason()).isEqualTo(Reason.UNAVAILABLE);
        assertThat(refused.getMessage()).contains("released");
        assertThat(b.awaitTermination(Duration.ofSeconds(10))).isTrue();
    }

    @Test
    void interruptedWorkerAnswersQueuedAndNewRequestsUnavailable() {
        CountDownLatch release = new CountDownLatch(1);
        MicroBatcher b = batcher(
                frame -> {
                    awaitLatch(release);
                    return Rows.echo(frame);
                },
                64,
                LONG,
                Clock.systemUTC());
        CompletableFuture<Outputs> queued = b.submit(Rows.frame(1, 2), null);
        Thread worker = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("mlcycle-batcher-credit-v1"))
                .findFirst()
                .orElseThrow();
        worker.interrupt();
        MlcycleException e = failure(queued);
        assertThat(e.reason()).isEqualTo(Reason.UNAVAILABLE);
        assertThat(e.getMessage()).contains("stopped batching").contains("interrupted");
        assertThat(failure(b.submit(Rows.frame(2, 1), null)).reason()).isEqualTo(Reason.UNAVAILABLE);
        release.countDown();
    }

    @Test
    void expectedWaitCountsTheBatchesAheadFromMeasuredCosts() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        // each batch costs 1 ms plus 10 us per row, on the batcher's clock
        MicroBatcher b = batcher(
                frame -> {
                    clock.advance(Duration.ofNanos(1_000_000 + 10_000L * frame.rows()));
                    return Rows.echo(frame);
                },
                10,
                Duration.ZERO,
                clock);
        assertThat(b.expectedWait(5)).isEqualTo(Duration.ZERO); // nothing measured yet
        for (int rows : new int[] {10, 4, 10, 7, 1, 10}) {
            get(b.submit(Rows.frame(rows, rows), null));
        }
        // two full batches (1.1 ms each) and one of 5 rows (1.05 ms)
        assertThat(b.expectedWait(25).toNanos()).isCloseTo(2 * 1_100_000 + 1_050_000, within(1_000));
        assertThat(b.expectedWait(10).toNanos()).isCloseTo(1_100_000, within(1_000));
    }

    @Test
    void rejectsFrameWithoutRows() {
        MicroBatcher b = batcher(Rows::echo, 4, Duration.ZERO, Clock.systemUTC());
        Frame empty = Frame.of(Rows.NAMES, new Object[][] {new Object[0]}, null);
        assertThat(failure(b.submit(empty, null)).reason()).isEqualTo(Reason.INVALID_ARGUMENT);
    }

    @Test
    void rejectsInvalidOptionsNamingTheKey() {
        assertThatThrownBy(() -> new BatchOptions(0, Duration.ZERO))
                .isInstanceOf(MlcycleException.class)
                .hasMessageContaining("max-batch-rows must be at least 1, got 0");
        assertThatThrownBy(() -> new BatchOptions(1, Duration.ofMillis(-1)))
                .hasMessageContaining("max-delay must be zero or positive");
    }

    private static org.assertj.core.data.Offset<Long> within(long nanos) {
        return org.assertj.core.data.Offset.offset(nanos);
    }

    static void awaitLatch(CountDownLatch latch) {
        try {
            if (!latch.await(20, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never released the batch");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
