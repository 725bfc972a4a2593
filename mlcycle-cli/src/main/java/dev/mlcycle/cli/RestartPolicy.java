package dev.mlcycle.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * When to restart a service that exited on its own, after docker-compose's restart policy: wait 1 s,
 * then 2 s, 4 s, ... at most 30 s; give up after 5 crashes within 2 minutes. A run that lasted the
 * whole window counts as a successful start and resets the delay to its first value. Not thread-safe:
 * one supervisor thread owns it.
 */
final class RestartPolicy {
    /** What to do about one crash. */
    record Decision(boolean giveUp, Duration delay, int crashesInWindow) {}

    private final Duration initialDelay;
    private final Duration maxDelay;
    private final int maxCrashes;
    private final Duration window;
    private final Deque<Instant> recentCrashes = new ArrayDeque<>();
    private int consecutive;

    RestartPolicy(Duration initialDelay, Duration maxDelay, int maxCrashes, Duration window) {
        if (initialDelay.isNegative()
                || maxDelay.compareTo(initialDelay) < 0
                || maxCrashes < 1
                || window.isNegative()) {
            throw new IllegalArgumentException("restart policy: expected 0 <= initial delay <= max delay, max crashes"
                    + " >= 1 and a window >= 0, got " + initialDelay + ", " + maxDelay + ", " + maxCrashes + ", "
                    + window);
        }
        this.initialDelay = initialDelay;
        this.maxDelay = maxDelay;
        this.maxCrashes = maxCrashes;
        this.window = window;
    }

    /** 1 s doubling to 30 s; gives up after 5 crashes within 2 minutes. */
    static RestartPolicy standard() {
        return new RestartPolicy(Duration.ofSeconds(1), Duration.ofSeconds(30), 5, Duration.ofMinutes(2));
    }

    int maxCrashes() {
        return maxCrashes;
    }

    Duration window() {
        return window;
    }

    /**
     * Records a crash of a run that started at {@code startedAt} and ended at {@code crashedAt}, and
     * says whether to restart and after how long.
     */
    Decision onCrash(Instant startedAt, Instant crashedAt) {
        if (Duration.between(startedAt, crashedAt).compareTo(window) >= 0) {
            consecutive = 0;
        }
        while (!recentCrashes.isEmpty()
                && Duration.between(recentCrashes.peekFirst(), crashedAt).compareTo(window) > 0) {
            recentCrashes.removeFirst();
        }
        recentCrashes.addLast(crashedAt);
        consecutive++;
        if (recentCrashes.size() >= maxCrashes) {
            return new Decision(true, Duration.ZERO, recentCrashes.size());
        }
        return new Decision(false, delay(consecutive), recentCrashes.size());
    }

    /** The wait before the restart after the {@code n}-th crash in a row ({@code n >= 1}). */
    Duration delay(int n) {
        Duration d = initialDelay;
        for (int i = 1; i < n && d.compareTo(maxDelay) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(maxDelay) > 0 ? maxDelay : d;
    }
}
