package dev.mlcycle.datagen.scenario;

import java.time.Duration;

/**
 * How long a change takes to reach full size. Abrupt by default; a window of W events ramps the change's
 * weight linearly, {@code w(i) = min(1, (i - T + 1) / W)} for {@code i >= T}.
 */
public sealed interface Window {
    /** Abrupt: full size from the change point on. */
    Window ABRUPT = new Events(0);

    /** The window in events for a run of {@code events} valid events spaced {@code interval} apart. */
    long resolve(long events, Duration interval);

    /** The canonical CLI form. */
    String text();

    /** A window of {@code count} events (0 = abrupt). */
    record Events(long count) implements Window {
        public Events {
            if (count < 0) {
                throw new IllegalArgumentException("window must be >= 0 events, got " + count);
            }
        }

        @Override
        public long resolve(long events, Duration interval) {
            return count;
        }

        @Override
        public String text() {
            return Long.toString(count);
        }
    }

    /** A window of {@code round(fraction * events)} events. */
    record Fraction(double fraction) implements Window {
        public Fraction {
            if (!(fraction >= 0.0 && fraction <= 1.0)) {
                throw new IllegalArgumentException("window fraction must be in [0, 1], got " + fraction);
            }
        }

        @Override
        public long resolve(long events, Duration interval) {
            return Math.round(fraction * events);
        }

        @Override
        public String text() {
            return ChangeAt.fmt(fraction * 100.0) + "%";
        }
    }

    /** A window of event time: {@code round(duration / interval)} events. */
    record Span(Duration duration) implements Window {
        public Span {
            if (duration.isNegative()) {
                throw new IllegalArgumentException("window must not be negative, got " + duration);
            }
        }

        @Override
        public long resolve(long events, Duration interval) {
            return Math.round((double) duration.toNanos() / interval.toNanos());
        }

        @Override
        public String text() {
            return duration.toString();
        }
    }
}
