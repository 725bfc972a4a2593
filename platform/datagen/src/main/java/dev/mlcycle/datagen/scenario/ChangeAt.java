package dev.mlcycle.datagen.scenario;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * Where a change point lies: an event index, a fraction of the run, or an event time. Indices count
 * valid events from 0; the change affects the event at the index and every later one.
 */
public sealed interface ChangeAt {

    /** The index of the first affected event in a run of {@code events} valid events. */
    long resolve(long events, Instant start, Duration interval);

    /** The canonical CLI form. */
    String text();

    /** At event index {@code index} (0-based). */
    record EventIndex(long index) implements ChangeAt {
        public EventIndex {
            if (index < 0) {
                throw new IllegalArgumentException("event index must be >= 0, got " + index);
            }
        }

        @Override
        public long resolve(long events, Instant start, Duration interval) {
            return index;
        }

        @Override
        public String text() {
            return Long.toString(index);
        }
    }

    /** At {@code round(fraction * events)}; {@code 0.5} and {@code 50%} both mean the middle. */
    record Fraction(double fraction) implements ChangeAt {
        public Fraction {
            if (!(fraction >= 0.0 && fraction <= 1.0)) {
                throw new IllegalArgumentException("fraction must be in [0, 1], got " + fraction);
            }
        }

        @Override
        public long resolve(long events, Instant start, Duration interval) {
            return Math.round(fraction * events);
        }

        @Override
        public String text() {
            return fmt(fraction * 100.0) + "%";
        }
    }

    /**
     * At the first event whose nominal time ({@code start + index * interval}, before jitter) is at or
     * after {@code instant}; an instant before the start means index 0.
     */
    record AtTime(Instant instant) implements ChangeAt {
        public AtTime {
            java.util.Objects.requireNonNull(instant, "instant");
        }

        @Override
        public long resolve(long events, Instant start, Duration interval) {
            if (!instant.isAfter(start)) {
                return 0;
            }
            Duration d = Duration.between(start, instant);
            long whole = d.dividedBy(interval); // ceil(d / interval)
            return d.minus(interval.multipliedBy(whole)).isZero() ? whole : whole + 1;
        }

        @Override
        public String text() {
            return instant.toString();
        }
    }

    static String fmt(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        String s = String.format(Locale.ROOT, "%.6f", v);
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
}
