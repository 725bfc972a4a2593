package dev.mlcycle.serving.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.serving.batch.Admission.Permit;
import dev.mlcycle.serving.batch.Rejection.Why;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AdmissionTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

    private Admission admission(int rows, int requests) {
        return new Admission("credit", new AdmissionOptions(rows, requests), clock);
    }

    @Test
    void refusesRowsBeyondTheCapAtOnceWithRetryAfter() {
        Admission a = admission(100, 10);
        Permit held = a.admit(80, null, Duration.ZERO);
        MlcycleException e =
                catchThrowableOfType(MlcycleException.class, () -> a.admit(21, null, Duration.ofMillis(2_300)));
        assertThat(e.reason()).isEqualTo(Reason.OVERLOADED);
        assertThat(e.getMessage())
                .contains("\"credit\"")
                .contains("cap of 100 rows in flight")
                .contains("80 in flight")
                .contains("retry after 3 s");
        assertThat(Rejection.retryAfter(e)).contains(Duration.ofSeconds(3));
        assertThat(Rejection.why(e)).contains(Why.ROWS_IN_FLIGHT);
        assertThat(a.rejections(Why.ROWS_IN_FLIGHT)).isEqualTo(1);
        assertThat(a.rowsInFlight()).isEqualTo(80);
        assertThat(a.admit(20, null, Duration.ZERO)).isNotNull();
        held.close();
    }

    @Test
    void refusesRequestsBeyondTheQueueCapWithRetryAfterOfAtLeastOneSecond() {
        Admission a = admission(1_000, 2);
        a.admit(1, null, Duration.ZERO);
        a.admit(1, null, Duration.ZERO);
        MlcycleException e = catchThrowableOfType(MlcycleException.class, () -> a.admit(1, null, Duration.ZERO));
        assertThat(e.reason()).isEqualTo(Reason.OVERLOADED);
        assertThat(e.getMessage()).contains("cap of 2 queued requests");
        assertThat(Rejection.retryAfter(e)).contains(Duration.ofSeconds(1));
        assertThat(Rejection.why(e)).contains(Why.QUEUED_REQUESTS);
        assertThat(a.queuedRequests()).isEqualTo(2);
    }

    @Test
    void refusesAtAdmissionWhenTheExpectedWaitExceedsTheDeadline() {
        Admission a = admission(100, 10);
        Instant deadline = clock.instant().plusMillis(50);
        MlcycleException e =
                catchThrowableOfType(MlcycleException.class, () -> a.admit(1, deadline, Duration.ofMillis(80)));
        assertThat(e.reason()).isEqualTo(Reason.DEADLINE_EXCEEDED);
        assertThat(e.getMessage()).contains("expected wait of 80 ms exceeds the request's deadline in 50 ms");
        assertThat(Rejection.retryAfter(e)).isEmpty();
        assertThat(Rejection.why(e)).contains(Why.DEADLINE);
        assertThat(a.rowsInFlight()).isZero();
        assertThat(a.admit(1, deadline, Duration.ofMillis(50))).isNotNull();
        clock.advance(Duration.ofMillis(51));
        assertThat(catchThrowableOfType(MlcycleException.class, () -> a.admit(1, deadline, Duration.ZERO))
                        .getMessage())
                .contains("already passed");
    }

    @Test
    void permitReleasesItsRowsExactlyOnce() {
        Admission a = admission(10, 10);
        Permit p = a.admit(4, null, Duration.ZERO);
        a.admit(3, null, Duration.ZERO);
        p.close();
        p.close();
        assertThat(a.rowsInFlight()).isEqualTo(3);
        assertThat(a.queuedRequests()).isEqualTo(1);
    }

    @Test
    void requestLargerThanTheCapIsABadRequestNotAnOverload() {
        Admission a = admission(10, 10);
        assertThatThrownBy(() -> a.admit(11, null, Duration.ZERO))
                .isInstanceOfSatisfying(
                        MlcycleException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_ARGUMENT))
                .hasMessageContaining("a request of 11 rows can never be admitted")
                .hasMessageContaining("cap is 10 rows in flight");
    }

    @Test
    void retryAfterIsTheDrainTimeRoundedUpToWholeSecondsBetweenOneAndSixty() {
        assertThat(Rejection.retryAfterFor(Duration.ZERO)).isEqualTo(Duration.ofSeconds(1));
        assertThat(Rejection.retryAfterFor(Duration.ofMillis(1_001))).isEqualTo(Duration.ofSeconds(2));
        assertThat(Rejection.retryAfterFor(Duration.ofHours(1))).isEqualTo(Duration.ofSeconds(60));
        assertThat(Rejection.retryAfter(new MlcycleException(Reason.OVERLOADED, "elsewhere")))
                .isEmpty();
    }

    @Test
    void neverAdmitsMoreRowsOrRequestsThanTheCapsUnderConcurrentAdmits() throws Exception {
        long seed = Long.getLong("mlcycle.property.seed", 20_261_207L);
        int cap = 64;
        int maxRequests = 6;
        Admission a = admission(cap, maxRequests);
        AtomicInteger rowsHeld = new AtomicInteger();
        AtomicInteger requestsHeld = new AtomicInteger();
        AtomicInteger mostRows = new AtomicInteger();
        AtomicLong violations = new AtomicLong();
        AtomicLong admitted = new AtomicLong();
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Random rnd = new Random(seed + t);
            done.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < 20_000; i++) {
                    int rows = 1 + rnd.nextInt(cap / 3);
                    Permit p;
                    try {
                        p = a.admit(rows, null, Duration.ZERO);
                    } catch (MlcycleException e) {
                        continue;
                    }
                    admitted.incrementAndGet();
                    int nowRows = rowsHeld.addAndGet(rows);
                    int nowRequests = requestsHeld.incrementAndGet();
                    mostRows.accumulateAndGet(nowRows, Math::max);
                    if (nowRows > cap || nowRequests > maxRequests) {
                        violations.incrementAndGet();
                    }
                    Thread.onSpinWait();
                    rowsHeld.addAndGet(-rows);
                    requestsHeld.decrementAndGet();
                    p.close();
                    if (rnd.nextInt(8) == 0) {
                        p.close(); // a second close must release nothing
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : done) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertThat(violations).hasValue(0);
        assertThat(a.rowsInFlight()).isZero();
        assertThat(a.queuedRequests()).isZero();
        assertThat(admitted.get()).isPositive();
        assertThat(a.rejections(Why.ROWS_IN_FLIGHT) + a.rejections(Why.QUEUED_REQUESTS))
                .as("the caps were contended")
                .isPositive();
        assertThat(mostRows.get()).isGreaterThan(cap / 2);
    }
}
