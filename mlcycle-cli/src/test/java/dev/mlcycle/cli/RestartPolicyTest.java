package dev.mlcycle.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RestartPolicyTest {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    static Instant at(double seconds) {
        return T0.plusMillis((long) (seconds * 1000));
    }

    @Test
    void waitsOneSecondThenDoublesUpToThirtySeconds() {
        RestartPolicy p = RestartPolicy.standard();
        // A service that runs 35 s and crashes: never 5 crashes within 2 minutes, so it keeps restarting.
        double start = 0;
        long[] expected = {1, 2, 4, 8, 16, 30, 30, 30};
        for (long seconds : expected) {
            double crash = start + 35;
            RestartPolicy.Decision d = p.onCrash(at(start), at(crash));
            assertThat(d.giveUp()).isFalse();
            assertThat(d.delay()).isEqualTo(Duration.ofSeconds(seconds));
            start = crash + seconds;
        }
    }

    @Test
    void givesUpOnTheFifthCrashWithinTwoMinutes() {
        RestartPolicy p = RestartPolicy.standard();
        double start = 0;
        for (int i = 1; i <= 4; i++) {
            RestartPolicy.Decision d = p.onCrash(at(start), at(start + 3));
            assertThat(d.giveUp()).as("crash %d", i).isFalse();
            assertThat(d.crashesInWindow()).isEqualTo(i);
            start = start + 3 + d.delay().toSeconds();
        }
        RestartPolicy.Decision fifth = p.onCrash(at(start), at(start + 3));
        assertThat(start + 3).isLessThan(120);
        assertThat(fifth.giveUp()).isTrue();
        assertThat(fifth.crashesInWindow()).isEqualTo(5);
    }

    @Test
    void crashesOlderThanTheWindowDoNotCount() {
        RestartPolicy p = RestartPolicy.standard();
        for (int i = 0; i < 4; i++) {
            p.onCrash(at(i * 10), at(i * 10 + 1)); // 4 crashes by t=31 s
        }
        // The fifth comes when the first has left the 2-minute window: the service gets another go.
        RestartPolicy.Decision d = p.onCrash(at(121), at(121.5));
        assertThat(d.giveUp()).isFalse();
        assertThat(d.crashesInWindow()).isEqualTo(4);
    }

    @Test
    void aRunThatLastedTheWholeWindowResetsTheDelay() {
        RestartPolicy p = RestartPolicy.standard();
        assertThat(p.onCrash(at(0), at(1)).delay()).isEqualTo(Duration.ofSeconds(1));
        assertThat(p.onCrash(at(2), at(3)).delay()).isEqualTo(Duration.ofSeconds(2));
        assertThat(p.onCrash(at(5), at(500)).delay()).isEqualTo(Duration.ofSeconds(1));
        assertThat(p.onCrash(at(501), at(502)).delay()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void delayNeverOverflowsForLongCrashStreaks() {
        RestartPolicy p = RestartPolicy.standard();
        assertThat(p.delay(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(p.delay(5)).isEqualTo(Duration.ofSeconds(16));
        assertThat(p.delay(6)).isEqualTo(Duration.ofSeconds(30));
        assertThat(p.delay(Integer.MAX_VALUE)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void refusesAnInconsistentPolicy() {
        assertThatThrownBy(() -> new RestartPolicy(Duration.ofSeconds(5), Duration.ofSeconds(1), 5, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RestartPolicy(Duration.ZERO, Duration.ZERO, 0, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
