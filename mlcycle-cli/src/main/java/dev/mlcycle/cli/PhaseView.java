package dev.mlcycle.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * What {@code mlcycle train} shows while it follows a run: a line at every phase change (time since
 * following began, the phase, what it does), and within a phase its progress ({@code done} of {@code
 * total} rows or fits, with the rate seen between polls). On a terminal the progress line is redrawn in
 * place; elsewhere a plain line is printed at most every few seconds and once when the phase ends, so
 * logs stay short. Fed the {@code progress} object of {@code GET /training/runs/{id}}; times are passed
 * in, so it is tested without a clock.
 */
final class PhaseView {
    /** Indent of progress lines, under the phase name. */
    static final String INDENT = " ".repeat(9);

    private static final long LINE_INTERVAL_NANOS = 5_000_000_000L;

    private final PrintWriter out;
    private final boolean terminal;
    private final long startNanos;

    private String phase;
    private long firstSeenNanos;
    private long firstDone;
    private long done;
    private long total;
    private long lastLineNanos;
    private boolean anyLine;
    private long shownDone = -1;
    private boolean lineOpen;

    /**
     * @param out where lines go
     * @param terminal whether {@code out} is a terminal that can redraw a line
     * @param startNanos when following began, on the {@link System#nanoTime()} scale of later calls
     */
    PhaseView(PrintWriter out, boolean terminal, long startNanos) {
        this.out = out;
        this.terminal = terminal;
        this.startNanos = startNanos;
    }

    /**
     * Shows one poll's state.
     *
     * @param status the run's status ({@code QUEUED}, {@code RUNNING}), the phase when there is no
     *     progress yet
     * @param progress the run's {@code progress} object, or null
     * @param nowNanos the time of the poll
     */
    void update(String status, JsonNode progress, long nowNanos) {
        boolean has = progress != null && progress.isObject();
        String p =
                has && progress.hasNonNull("phase") ? progress.get("phase").asText() : status.toLowerCase(Locale.ROOT);
        String detail = has ? progress.path("detail").asText("") : "";
        if (detail.isEmpty() && p.equals("queued")) {
            detail = "waiting for a trainer";
        }
        long d = has ? Math.max(0, progress.path("done").asLong(0)) : 0;
        long t = has ? Math.max(0, progress.path("total").asLong(0)) : 0;
        if (!p.equals(phase)) {
            closePhase(nowNanos);
            phase = p;
            firstSeenNanos = nowNanos;
            firstDone = d;
            done = d;
            total = t;
            anyLine = false;
            shownDone = -1;
            say(String.format(
                            Locale.ROOT,
                            "%7s  %-11s %s",
                            RunView.duration(java.time.Duration.ofNanos(nowNanos - startNanos)),
                            p,
                            Text.cut(detail, 120))
                    .stripTrailing());
        } else {
            done = d;
            total = t;
        }
        if (done > 0) {
            showProgress(nowNanos, false);
        }
    }

    /** Ends the display: the last phase's final progress, and a finished line. */
    void end(long nowNanos) {
        closePhase(nowNanos);
        out.flush();
    }

    private void closePhase(long nowNanos) {
        if (phase != null && done > 0 && (lineOpen || shownDone != done)) {
            showProgress(nowNanos, true);
        }
    }

    private void showProgress(long nowNanos, boolean last) {
        double seconds = (nowNanos - firstSeenNanos) / 1e9;
        double rate = seconds > 0 && done > firstDone ? (done - firstDone) / seconds : Double.NaN;
        String line = INDENT + Progress.line(done, total, rate, Math.max(0, seconds), unit(phase));
        if (terminal) {
            out.print("\r" + line + "\u001b[K");
            lineOpen = true;
            if (last) {
                out.println();
                lineOpen = false;
            }
            shownDone = done;
        } else if (last || !anyLine || nowNanos - lastLineNanos >= LINE_INTERVAL_NANOS) {
            if (shownDone != done || last) {
                out.println(line);
                shownDone = done;
                anyLine = true;
                lastLineNanos = nowNanos;
            }
        }
        out.flush();
    }

    private void say(String line) {
        if (lineOpen) {
            out.println();
            lineOpen = false;
        }
        out.println(line);
        out.flush();
    }

    /** What a phase counts: fits while searching hyper-parameters, rows otherwise. */
    static String unit(String phase) {
        return "searching".equals(phase) ? "fits" : "rows";
    }
}
