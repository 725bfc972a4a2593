package dev.mlcycle.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * A progress display for long jobs. On a terminal it redraws one line with a bar, the rate and the
 * time left; elsewhere (logs, CI, pipes) it prints a plain line at most every few seconds, so logs
 * stay readable.
 */
final class Progress {
    private static final int BAR_WIDTH = 30;
    private static final long LINE_INTERVAL_NANOS = 5_000_000_000L;
    private static final long REDRAW_INTERVAL_NANOS = 200_000_000L;

    private final PrintStream out;
    private final String unit;
    private final long total;
    private final boolean terminal;
    private final long startNanos = System.nanoTime();
    private long lastPrintNanos;
    private Supplier<String> detail;

    Progress(PrintStream out, String unit, long total, boolean terminal) {
        this.out = out;
        this.unit = unit;
        this.total = total;
        this.terminal = terminal;
    }

    /** Something shown after the counts on every line, e.g. how many rows another stage finished. */
    synchronized void detail(Supplier<String> detail) {
        this.detail = detail;
    }

    /** Shows {@code done} of the total; cheap to call often, it only prints when due. */
    synchronized void update(long done) {
        long now = System.nanoTime();
        long interval = terminal ? REDRAW_INTERVAL_NANOS : LINE_INTERVAL_NANOS;
        if (now - lastPrintNanos < interval) {
            return;
        }
        lastPrintNanos = now;
        print(done, now, false);
    }

    /** Shows the final state and ends the line. */
    synchronized void finish(long done) {
        print(done, System.nanoTime(), true);
    }

    private void print(long done, long now, boolean last) {
        double seconds = Math.max(1e-9, (now - startNanos) / 1e9);
        double rate = done / seconds;
        String line = line(done, total, rate, seconds, unit);
        if (detail != null) {
            line += "  " + detail.get();
        }
        if (terminal) {
            out.print("\r" + line + "\u001b[K");
            if (last) {
                out.println();
            }
        } else {
            out.println(line);
        }
        out.flush();
    }

    /** One progress line; a NaN {@code rate} (not known yet) is left out, and so is the time left. */
    static String line(long done, long total, double rate, double seconds, String unit) {
        StringBuilder sb = new StringBuilder();
        if (total > 0) {
            double share = Math.min(1.0, (double) done / total);
            int filled = (int) Math.round(share * BAR_WIDTH);
            sb.append('[')
                    .append("#".repeat(filled))
                    .append(".".repeat(BAR_WIDTH - filled))
                    .append("] ");
            sb.append(String.format(Locale.ROOT, "%3d%% ", (int) Math.floor(share * 100)));
            sb.append(String.format(Locale.ROOT, "%,d/%,d %s", done, total, unit));
        } else {
            sb.append(String.format(Locale.ROOT, "%,d %s", done, unit));
        }
        if (!Double.isNaN(rate)) {
            sb.append(String.format(Locale.ROOT, "  %,.0f %s/s", rate, unit));
        }
        if (total > 0 && done < total && rate > 0) {
            sb.append("  ETA ").append(duration((total - done) / rate));
        } else {
            sb.append("  ").append(duration(seconds));
        }
        return sb.toString();
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return (s / 60) + "m" + String.format(Locale.ROOT, "%02d", s % 60) + "s";
        }
        return (s / 3600) + "h" + String.format(Locale.ROOT, "%02d", (s % 3600) / 60) + "m";
    }
}
