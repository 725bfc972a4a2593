package dev.mlcycle.monitoring.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.monitoring.webhook.RetryPolicy.Verdict;
import java.time.Duration;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    static final RetryPolicy POLICY = new RetryPolicy(12, Duration.ofSeconds(1), Duration.ofSeconds(60));

    /** A random source that always answers {@code u}. */
    static RandomGenerator fixed(double u) {
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                throw new UnsupportedOperationException();
            }

            @Override
            public double nextDouble() {
                return u;
            }
        };
    }

    @Test
    void capDoublesFromTheInitialBackoffUpToTheMaximum() {
        assertThat(POLICY.cap(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(POLICY.cap(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(POLICY.cap(6)).isEqualTo(Duration.ofSeconds(32));
        assertThat(POLICY.cap(7)).isEqualTo(Duration.ofSeconds(60));
        assertThat(POLICY.cap(11)).isEqualTo(Duration.ofSeconds(60));
        assertThat(POLICY.cap(Integer.MAX_VALUE)).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void fullJitterSpreadsTheWaitOverZeroToTheCap() {
        assertThat(POLICY.delay(3, fixed(0.0))).isEqualTo(Duration.ZERO);
        assertThat(POLICY.delay(3, fixed(0.5))).isEqualTo(Duration.ofSeconds(2));
        assertThat(POLICY.delay(3, fixed(0.999))).isLessThan(Duration.ofSeconds(4));
        assertThat(POLICY.delay(10, fixed(0.25))).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void anyTwoHundredAcknowledgesRetryableStatusesRetryOtherClientErrorsArePermanent() {
        assertThat(RetryPolicy.classify(200)).isEqualTo(Verdict.ACKNOWLEDGED);
        assertThat(RetryPolicy.classify(204)).isEqualTo(Verdict.ACKNOWLEDGED);
        assertThat(RetryPolicy.classify(299)).isEqualTo(Verdict.ACKNOWLEDGED);
        assertThat(RetryPolicy.classify(408)).isEqualTo(Verdict.RETRY);
        assertThat(RetryPolicy.classify(429)).isEqualTo(Verdict.RETRY);
        assertThat(RetryPolicy.classify(500)).isEqualTo(Verdict.RETRY);
        assertThat(RetryPolicy.classify(503)).isEqualTo(Verdict.RETRY);
        assertThat(RetryPolicy.classify(400)).isEqualTo(Verdict.PERMANENT);
        assertThat(RetryPolicy.classify(401)).isEqualTo(Verdict.PERMANENT);
        assertThat(RetryPolicy.classify(404)).isEqualTo(Verdict.PERMANENT);
        assertThat(RetryPolicy.classify(410)).isEqualTo(Verdict.PERMANENT);
        assertThat(RetryPolicy.classify(301)).isEqualTo(Verdict.PERMANENT);
    }

    @Test
    void refusesBoundsThatCannotWork() {
        assertThatThrownBy(() -> new RetryPolicy(0, Duration.ofSeconds(1), Duration.ofSeconds(2)))
                .isInstanceOf(MlcycleException.class)
                .hasMessageContaining("monitoring.webhooks.max-attempts: expected >= 1, got 0");
        assertThatThrownBy(() -> new RetryPolicy(3, Duration.ZERO, Duration.ofSeconds(2)))
                .isInstanceOf(MlcycleException.class)
                .hasMessageContaining("monitoring.webhooks.initial-backoff: expected > 0");
        assertThatThrownBy(() -> new RetryPolicy(3, Duration.ofSeconds(5), Duration.ofSeconds(2)))
                .isInstanceOf(MlcycleException.class)
                .hasMessageContaining("monitoring.webhooks.max-backoff: expected >= initial-backoff (PT5S), got PT2S");
    }
}
