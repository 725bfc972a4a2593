package dev.mlcycle.monitoring.report;

import static dev.mlcycle.monitoring.report.Html.num;
import static dev.mlcycle.monitoring.report.Html.px;
import static dev.mlcycle.monitoring.report.Html.text;

import dev.mlcycle.contracts.record.Histogram;
import java.util.List;

/**
 * The report page's charts, drawn here as SVG strings: a histogram of shares per bin, and a series over windows with
 * horizontal rules (a threshold, a floor, a baseline, a bound) and a mark per point. Every label passes through
 * {@link Html#text}. Each chart is an {@code <svg class="chart">} with a fixed size, an id and a {@code <title>}.
 */
final class Charts {
    static final int HIST_W = 270;
    static final int SERIES_W = 360;
    static final int H = 200;
    private static final int LEFT = 50;
    private static final int RIGHT = 12;
    private static final int TOP = 24;
    private static final int BOTTOM = 36;

    static final String REFERENCE_COLOR = "#4c78a8";
    static final String CURRENT_COLOR = "#f58518";
    static final String LINE_COLOR = "#333333";
    static final String DRIFT_COLOR = "#d62728";
    static final String RULE_COLOR = "#d62728";
    static final String BASELINE_COLOR = "#2ca02c";

    /**
     * Beyond this many windows a series marks only its red points: 500 windows of 14 series with a mark and a
     * tooltip per point made a 2 MB page; the line still shows every window.
     */
    static final int MAX_MARKED_POINTS = 60;

    private Charts() {}

    /**
     * A horizontal rule across a series chart.
     *
     * @param y where, in the chart's unit
     * @param label what it is, e.g. {@code effect floor 0.1}
     * @param color its colour
     */
    record Rule(double y, String label, String color) {}

    /** The largest share of any bin on either side: a common scale for the two histograms of a feature. */
    static double maxShare(Histogram h) {
        double max = 0;
        long ref = sum(h.reference());
        long cur = sum(h.current());
        for (int i = 0; i < h.bins().size(); i++) {
            if (ref > 0) {
                max = Math.max(max, h.reference().get(i) / (double) ref);
            }
            if (cur > 0) {
                max = Math.max(max, h.current().get(i) / (double) cur);
            }
        }
        return max;
    }

    /**
     * One side of a histogram as bars of shares (count over the side's total).
     *
     * @param yMax the share at the top of the chart, the same on both sides
     */
    static String histogram(String id, String title, Histogram h, boolean current, double yMax) {
        List<Long> counts = current ? h.current() : h.reference();
        String color = current ? CURRENT_COLOR : REFERENCE_COLOR;
        long total = sum(counts);
        double top = yMax > 0 ? yMax * 1.1 : 1;
        int n = counts.size();
        double plotW = HIST_W - LEFT - RIGHT;
        double plotH = H - TOP - BOTTOM;
        double slot = plotW / Math.max(n, 1);
        StringBuilder s = open(id, "histogram", HIST_W, title);
        axes(s, HIST_W, 0, top, "share");
        for (int i = 0; i < n; i++) {
            long c = counts.get(i);
            double share = total > 0 ? c / (double) total : 0;
            double bh = share / top * plotH;
            double x = LEFT + i * slot + slot * 0.1;
            double y = TOP + plotH - bh;
            s.append("<rect class=\"bar\" x=\"")
                    .append(px(x))
                    .append("\" y=\"")
                    .append(px(y))
                    .append("\" width=\"")
                    .append(px(Math.max(slot * 0.8, 0.5)))
                    .append("\" height=\"")
                    .append(px(bh))
                    .append("\" fill=\"")
                    .append(color)
                    .append("\"><title>")
                    .append(text(h.bins().get(i)))
                    .append(": ")
                    .append(c)
                    .append(" (")
                    .append(num(share))
                    .append(")</title></rect>");
        }
        // The first and last bin's labels, so that the axis reads without a script.
        if (n > 0) {
            label(s, LEFT, H - BOTTOM + 14, "start", cut(h.bins().get(0), 18));
            if (n > 1) {
                label(s, HIST_W - RIGHT, H - BOTTOM + 14, "end", cut(h.bins().get(n - 1), 18));
            }
        }
        label(s, LEFT, H - 6, "start", (current ? "current" : "reference") + ", n = " + total);
        return s.append("</svg>").toString();
    }

    /**
     * A series over windows.
     *
     * @param values one value per window, null where the window has none
     * @param flagged per window, whether to mark it as a finding (drawn red)
     * @param xLabels per window, a short label (the first and last are drawn)
     * @param breaks indexes where the model version changed, with the new version's label
     * @param rules horizontal lines
     * @param unit the y axis' name
     * @param fromZero whether the y axis starts at zero (statistics, effects, -log10 p) or spans only the values and
     *     rules (a metric such as accuracy, whose changes would be flattened against zero)
     */
    static String series(
            String id,
            String title,
            List<Double> values,
            List<Boolean> flagged,
            List<String> xLabels,
            List<Break> breaks,
            List<Rule> rules,
            String unit,
            boolean fromZero) {
        int n = values.size();
        double lo = fromZero ? 0 : Double.POSITIVE_INFINITY;
        double hi = fromZero ? 0 : Double.NEGATIVE_INFINITY;
        for (Double v : values) {
            if (v != null) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        for (Rule r : rules) {
            lo = Math.min(lo, r.y());
            hi = Math.max(hi, r.y());
        }
        if (lo > hi) {
            lo = 0;
            hi = 1;
        }
        if (hi - lo <= 0) {
            double pad = Math.max(Math.abs(hi) * 0.01, 1e-9);
            lo = fromZero && lo == 0 ? 0 : lo - pad;
            hi = hi == 0 && fromZero ? 1 : hi + pad;
        }
        double span = hi - lo;
        hi += span * 0.1;
        if (lo < 0 || !fromZero) {
            lo -= span * 0.1;
        }
        double plotW = SERIES_W - LEFT - RIGHT;
        double plotH = H - TOP - BOTTOM;
        double yLo = lo;
        double yHi = hi;
        java.util.function.IntToDoubleFunction xAt = i -> n <= 1 ? LEFT + plotW / 2 : LEFT + i * plotW / (n - 1);
        java.util.function.DoubleUnaryOperator yAt = v -> TOP + plotH - (v - yLo) / (yHi - yLo) * plotH;

        StringBuilder s = open(id, "series", SERIES_W, title);
        axes(s, SERIES_W, lo, hi, unit);
        for (Break b : breaks) {
            double x = xAt.applyAsDouble(b.index());
            s.append("<line class=\"version\" x1=\"")
                    .append(px(x))
                    .append("\" x2=\"")
                    .append(px(x))
                    .append("\" y1=\"")
                    .append(TOP)
                    .append("\" y2=\"")
                    .append(px(TOP + plotH))
                    .append("\" stroke=\"#999999\" stroke-dasharray=\"2 3\"/>");
            label(s, x + 2, TOP + 10, "start", b.label());
        }
        for (int k = 0; k < rules.size(); k++) {
            Rule r = rules.get(k);
            double y = yAt.applyAsDouble(r.y());
            s.append("<line class=\"rule\" x1=\"")
                    .append(LEFT)
                    .append("\" x2=\"")
                    .append(SERIES_W - RIGHT)
                    .append("\" y1=\"")
                    .append(px(y))
                    .append("\" y2=\"")
                    .append(px(y))
                    .append("\" stroke=\"")
                    .append(r.color())
                    .append("\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/>");
            // two rules may lie close together: the first labelled at the right, the next at the left
            if (k % 2 == 0) {
                label(s, SERIES_W - RIGHT - 2, y - 3, "end", r.label());
            } else {
                label(s, LEFT + 4, y - 3, "start", r.label());
            }
        }
        StringBuilder points = new StringBuilder();
        for (int i = 0; i < n; i++) {
            Double v = values.get(i);
            if (v != null) {
                points.append(px(xAt.applyAsDouble(i)))
                        .append(',')
                        .append(px(yAt.applyAsDouble(v)))
                        .append(' ');
            }
        }
        if (points.length() > 0) {
            s.append("<polyline class=\"line\" fill=\"none\" stroke=\"")
                    .append(LINE_COLOR)
                    .append("\" stroke-width=\"2\" points=\"")
                    .append(points.toString().strip())
                    .append("\"/>");
        }
        for (int i = 0; i < n; i++) {
            Double v = values.get(i);
            if (v == null) {
                continue;
            }
            boolean red = Boolean.TRUE.equals(flagged.get(i));
            if (!red && n > MAX_MARKED_POINTS) {
                continue;
            }
            s.append("<circle class=\"")
                    .append(red ? "mark drift" : "mark")
                    .append("\" cx=\"")
                    .append(px(xAt.applyAsDouble(i)))
                    .append("\" cy=\"")
                    .append(px(yAt.applyAsDouble(v)))
                    .append("\" r=\"")
                    .append(red ? "4.5" : "3")
                    .append("\" fill=\"")
                    .append(red ? DRIFT_COLOR : LINE_COLOR)
                    .append("\"><title>")
                    .append(text(xLabels.get(i)))
                    .append(": ")
                    .append(num(v))
                    .append(red ? " (drift)" : "")
                    .append("</title></circle>");
        }
        if (n > 0) {
            label(s, LEFT, H - BOTTOM + 14, "start", xLabels.get(0));
            if (n > 1) {
                label(s, SERIES_W - RIGHT, H - BOTTOM + 14, "end", xLabels.get(n - 1));
            }
        }
        label(s, LEFT, H - 6, "start", n + (n == 1 ? " window" : " windows"));
        return s.append("</svg>").toString();
    }

    /**
     * Where the model version changed in a series.
     *
     * @param index the first window of the new version
     * @param label e.g. {@code v4}
     */
    record Break(int index, String label) {}

    private static StringBuilder open(String id, String kind, int width, String title) {
        StringBuilder s = new StringBuilder(2048);
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart ")
                .append(kind)
                .append("\" id=\"")
                .append(text(id))
                .append("\" width=\"")
                .append(width)
                .append("\" height=\"")
                .append(H)
                .append("\" viewBox=\"0 0 ")
                .append(width)
                .append(' ')
                .append(H)
                .append("\" role=\"img\"><title>")
                .append(text(title))
                .append("</title>");
        s.append("<rect class=\"frame\" x=\"0\" y=\"0\" width=\"")
                .append(width)
                .append("\" height=\"")
                .append(H)
                .append("\" fill=\"#fafafa\" stroke=\"#dddddd\"/>");
        label(s, LEFT, 15, "start", title);
        return s;
    }

    private static void axes(StringBuilder s, int width, double lo, double hi, String unit) {
        double bottom = H - BOTTOM;
        s.append("<line x1=\"")
                .append(LEFT)
                .append("\" x2=\"")
                .append(LEFT)
                .append("\" y1=\"")
                .append(TOP)
                .append("\" y2=\"")
                .append(px(bottom))
                .append("\" stroke=\"#888888\"/>");
        s.append("<line x1=\"")
                .append(LEFT)
                .append("\" x2=\"")
                .append(width - RIGHT)
                .append("\" y1=\"")
                .append(px(bottom))
                .append("\" y2=\"")
                .append(px(bottom))
                .append("\" stroke=\"#888888\"/>");
        label(s, LEFT - 4, bottom, "end", num(lo));
        label(s, LEFT - 4, TOP + 8, "end", num(hi));
        s.append("<text class=\"unit\" x=\"12\" y=\"")
                .append(px(TOP + (bottom - TOP) / 2))
                .append("\" transform=\"rotate(-90 12 ")
                .append(px(TOP + (bottom - TOP) / 2))
                .append(")\" text-anchor=\"middle\">")
                .append(text(cut(unit, 30)))
                .append("</text>");
    }

    private static void label(StringBuilder s, double x, double y, String anchor, String label) {
        s.append("<text x=\"")
                .append(px(x))
                .append("\" y=\"")
                .append(px(y))
                .append("\" text-anchor=\"")
                .append(anchor)
                .append("\">")
                .append(text(label))
                .append("</text>");
    }

    static String cut(String s, int max) {
        if (s == null) {
            return "";
        }
        return s.length() <= max ? s : s.substring(0, max - 3) + "...";
    }

    private static long sum(List<Long> counts) {
        long t = 0;
        for (long c : counts) {
            t += c;
        }
        return t;
    }
}
