package dev.mlcycle.monitoring.report;

import static dev.mlcycle.monitoring.report.Html.num;
import static dev.mlcycle.monitoring.report.Html.text;

import dev.mlcycle.contracts.record.Alert;
import dev.mlcycle.contracts.record.DetectorState;
import dev.mlcycle.contracts.record.DriftMethod;
import dev.mlcycle.contracts.record.DriftReport;
import dev.mlcycle.contracts.record.DriftTest;
import dev.mlcycle.contracts.record.Performance;
import dev.mlcycle.monitoring.report.Charts.Break;
import dev.mlcycle.monitoring.report.Charts.Rule;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The HTML report of one model, self-contained: no script, no font, style sheet or image from anywhere else; the
 * style is inline and every chart is SVG drawn here from the records alone. Sections:
 *
 * <ul>
 *   <li>the latest window: version, bounds, rows, why it closed, what it found;
 *   <li>alerts: the open ones and the recently resolved ones;
 *   <li>per feature (and model output) of the latest window: the reference's and the window's histogram side by
 *       side on one scale, the deciding test's effect over the kept windows with its floor, and its adjusted p-value
 *       over windows ({@code -log10}) with the level q, each window marked red where the test found drift; then the
 *       latest window's tests as a table;
 *   <li>performance: each metric over the windows with labels, with its training baseline and its bound;
 *   <li>the streaming detectors (DDM, Page-Hinkley) of the latest window.
 * </ul>
 *
 * Every string taken from a record is escaped ({@link Html#text}): a feature named {@code <script>} shows as text.
 */
public final class ReportPage {
    private static final String STYLE =
            """
            body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;margin:24px;color:#222;background:#ffffff}
            h1{font-size:1.5em;margin:0 0 .3em}h2{font-size:1.2em;margin:1.6em 0 .5em;border-bottom:1px solid #ddd}
            h3{font-size:1.05em;margin:1.2em 0 .4em}
            table{border-collapse:collapse;font-size:.85em;margin:.4em 0}
            th,td{border:1px solid #ddd;padding:3px 7px;text-align:left;vertical-align:top}th{background:#f3f3f3}
            td.num{text-align:right;font-variant-numeric:tabular-nums}
            .charts{display:flex;flex-wrap:wrap;gap:10px;align-items:flex-start}
            svg.chart{font-size:10px;font-family:inherit;flex:none}
            .badge{display:inline-block;padding:1px 7px;border-radius:8px;font-size:.8em;color:#fff;background:#2ca02c}
            .badge.drift,.badge.firing{background:#d62728}.badge.descriptive,.badge.resolved{background:#888}
            .muted{color:#666}.legend span{display:inline-block;width:10px;height:10px;margin:0 4px 0 10px}
            """;

    private ReportPage() {}

    /**
     * The page.
     *
     * @param model the model
     * @param reports its kept reports, oldest first
     * @param alerts its alerts, newest first
     * @param now when the page is made
     */
    public static String render(String model, List<DriftReport> reports, List<Alert> alerts, Instant now) {
        StringBuilder h = new StringBuilder(64 * 1024);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>Drift report: ")
                .append(text(model))
                .append("</title><style>")
                .append(STYLE)
                .append("</style></head><body>");
        h.append("<h1>Drift report: ").append(text(model)).append("</h1>");
        DriftReport latest = reports.isEmpty() ? null : reports.get(reports.size() - 1);
        summary(h, latest);
        alertsSection(h, alerts);
        if (latest != null) {
            features(h, reports, latest);
            performance(h, reports);
            detectors(h, latest);
        }
        h.append("<p class=\"muted\">Made ")
                .append(text(Html.time(now)))
                .append(" from mlcycle.drift.reports and mlcycle.alerts; ")
                .append(reports.size())
                .append(reports.size() == 1 ? " window" : " windows")
                .append(" kept. JSON: <code>Accept: application/json</code> on this address.</p>");
        return h.append("</body></html>\n").toString();
    }

    private static void summary(StringBuilder h, DriftReport r) {
        if (r == null) {
            h.append("<p id=\"latest\">No window has closed yet for this model: there are alerts but no report.</p>");
            return;
        }
        h.append("<section id=\"latest\"><p>")
                .append(
                        r.drift()
                                ? "<span class=\"badge drift\">drift</span>"
                                : "<span class=\"badge\">no drift</span>")
                .append(" Latest window");
        if (r.window() != null) {
            h.append(" #").append(r.window());
        }
        h.append(" of version ")
                .append(r.modelVersion())
                .append(" (dataset ")
                .append(text(r.dataset()))
                .append("): ")
                .append(text(Html.time(r.windowStart())))
                .append(" to ")
                .append(text(Html.time(r.windowEnd())))
                .append(", ")
                .append(r.rows())
                .append(" rows");
        if (r.closedBy() != null) {
            h.append(", closed by ").append(text(r.closedBy()));
        }
        if (r.timeBasis() != null) {
            h.append(", times are ").append(text(r.timeBasis().replace('_', ' ')));
        }
        h.append(".</p><p>");
        if (r.findings().isEmpty()) {
            h.append("Findings: none.");
        } else {
            h.append("Findings: ")
                    .append(text(r.findings().stream().map(Enum::name).collect(Collectors.joining(", "))))
                    .append('.');
        }
        if (r.correction() != null) {
            h.append(" P-values corrected by ").append(text(r.correction())).append('.');
        }
        List<String> drifted =
                r.drifted().stream().map(DriftTest::target).distinct().toList();
        if (!drifted.isEmpty()) {
            h.append(" Drifted: ").append(text(String.join(", ", drifted))).append('.');
        }
        h.append(" Report ").append(text(r.reportId())).append(".</p></section>");
    }

    private static void alertsSection(StringBuilder h, List<Alert> alerts) {
        h.append("<section id=\"alerts\"><h2>Alerts</h2>");
        List<Alert> open = alerts.stream().filter(Alert::isFiring).toList();
        List<Alert> resolved = alerts.stream()
                .filter(a -> !a.isFiring())
                .limit(ReportViews.RECENT_ALERTS)
                .toList();
        if (open.isEmpty() && resolved.isEmpty()) {
            h.append("<p>No alerts.</p></section>");
            return;
        }
        h.append("<p>")
                .append(open.size())
                .append(" open, ")
                .append(resolved.size())
                .append(" recently resolved.</p>");
        h.append("<table class=\"alerts\"><tr><th>status</th><th>kind</th><th>severity</th><th>version</th>")
                .append("<th>raised</th><th>resolved</th><th>features</th><th>summary</th><th>alert id</th></tr>");
        List<Alert> rows = new ArrayList<>(open);
        rows.addAll(resolved);
        for (Alert a : rows) {
            String status = a.isFiring() ? "firing" : "resolved";
            h.append("<tr><td><span class=\"badge ")
                    .append(status)
                    .append("\">")
                    .append(status)
                    .append("</span></td><td>")
                    .append(text(a.kind().name()))
                    .append("</td><td>")
                    .append(text(a.severity().name()))
                    .append("</td><td>")
                    .append(a.modelVersion() == null ? "-" : a.modelVersion().toString())
                    .append("</td><td>")
                    .append(text(Html.time(a.raisedAt())))
                    .append("</td><td>")
                    .append(a.resolvedAt() == null ? "-" : text(Html.time(a.resolvedAt())))
                    .append("</td><td>")
                    .append(text(String.join(", ", a.features())))
                    .append("</td><td>")
                    .append(text(a.summary()))
                    .append("</td><td>")
                    .append(text(a.alertId()))
                    .append("</td></tr>");
        }
        h.append("</table></section>");
    }

    private static void features(StringBuilder h, List<DriftReport> reports, DriftReport latest) {
        h.append("<section id=\"features\"><h2>Features and outputs</h2>");
        if (latest.tests().isEmpty()) {
            h.append("<p>The latest window made no test (too few rows).</p></section>");
            return;
        }
        h.append("<p class=\"legend\">Histograms: share of each side's values per bin, on one scale:")
                .append("<span style=\"background:")
                .append(Charts.REFERENCE_COLOR)
                .append("\"></span>reference<span style=\"background:")
                .append(Charts.CURRENT_COLOR)
                .append("\"></span>latest window. Series: one point per window,")
                .append("<span style=\"background:")
                .append(Charts.DRIFT_COLOR)
                .append("\"></span>drift found; dashed red: the bound it must cross.</p>");
        Map<String, List<DriftTest>> byTarget = new LinkedHashMap<>();
        for (DriftTest t : latest.tests()) {
            byTarget.computeIfAbsent(t.target(), k -> new ArrayList<>()).add(t);
        }
        List<String> xLabels = xLabels(reports);
        List<Break> breaks = breaks(reports);
        int f = 0;
        for (Map.Entry<String, List<DriftTest>> e : byTarget.entrySet()) {
            String target = e.getKey();
            List<DriftTest> tests = e.getValue();
            DriftTest deciding = tests.stream()
                    .filter(t -> t.method().hasPValue())
                    .findFirst()
                    .orElse(tests.get(0));
            boolean drifted = tests.stream().anyMatch(DriftTest::drifted);
            String fid = "f" + f++;
            h.append("<div class=\"feature\" id=\"").append(fid).append("\"><h3>");
            h.append(text(target))
                    .append(" <span class=\"muted\">")
                    .append(text(deciding.kind()))
                    .append("</span> ")
                    .append(
                            drifted
                                    ? "<span class=\"badge drift\">drift</span>"
                                    : deciding.method().hasPValue()
                                            ? "<span class=\"badge\">no drift</span>"
                                            : "<span class=\"badge descriptive\">descriptive</span>")
                    .append("</h3><div class=\"charts\">");
            tests.stream().filter(t -> t.histogram() != null).findFirst().ifPresent(t -> {
                double yMax = Charts.maxShare(t.histogram());
                h.append(Charts.histogram(fid + "-reference", target + ": reference", t.histogram(), false, yMax));
                h.append(Charts.histogram(fid + "-current", target + ": latest window", t.histogram(), true, yMax));
            });
            seriesCharts(h, fid, target, deciding, reports, xLabels, breaks);
            h.append("</div>");
            testsTable(h, tests);
            h.append("</div>");
        }
        h.append("</section>");
    }

    private static void seriesCharts(
            StringBuilder h,
            String fid,
            String target,
            DriftTest deciding,
            List<DriftReport> reports,
            List<String> xLabels,
            List<Break> breaks) {
        DriftMethod method = deciding.method();
        boolean useEffect = deciding.effect() != null;
        List<Double> values = new ArrayList<>();
        List<Double> logP = new ArrayList<>();
        List<Boolean> flagged = new ArrayList<>();
        for (DriftReport r : reports) {
            DriftTest t = find(r, target, method);
            if (t == null) {
                values.add(null);
                logP.add(null);
                flagged.add(false);
                continue;
            }
            values.add(useEffect && t.effect() != null ? t.effect() : t.statistic());
            Double p = t.adjustedPValue() != null ? t.adjustedPValue() : t.pValue();
            logP.add(p == null ? null : minusLog10(p));
            flagged.add(t.drifted());
        }
        List<Rule> rules = new ArrayList<>();
        if (useEffect && deciding.effectFloor() != null) {
            rules.add(
                    new Rule(deciding.effectFloor(), "effect floor " + num(deciding.effectFloor()), Charts.RULE_COLOR));
        } else if (!useEffect && !method.hasPValue() && deciding.threshold() != null) {
            // Records written before effects were named held a bound on the statistic here.
            rules.add(new Rule(deciding.threshold(), "threshold " + num(deciding.threshold()), Charts.RULE_COLOR));
        }
        String what = useEffect ? "effect" : "statistic";
        h.append(Charts.series(
                fid + "-effect",
                target + ": " + method.wireName() + " " + what + " over windows",
                values,
                flagged,
                xLabels,
                breaks,
                rules,
                useEffect ? method.wireName() + " effect" : method.unit(),
                true));
        if (logP.stream().anyMatch(v -> v != null)) {
            List<Rule> pRules = new ArrayList<>();
            if (deciding.threshold() != null && deciding.threshold() > 0 && deciding.threshold() <= 1) {
                pRules.add(new Rule(
                        minusLog10(deciding.threshold()), "q = " + num(deciding.threshold()), Charts.RULE_COLOR));
            }
            h.append(Charts.series(
                    fid + "-p",
                    target + ": " + (deciding.adjustedPValue() != null ? "adjusted p" : "p") + " over windows",
                    logP,
                    flagged,
                    xLabels,
                    breaks,
                    pRules,
                    "-log10 p",
                    true));
        }
    }

    private static void testsTable(StringBuilder h, List<DriftTest> tests) {
        h.append("<table class=\"tests\"><tr><th>method</th><th>unit</th><th>statistic</th><th>p</th>")
                .append("<th>adjusted p</th><th>q</th><th>effect</th><th>effect floor</th><th>reference n</th>")
                .append("<th>window n</th><th>decision</th></tr>");
        for (DriftTest t : tests) {
            String decision = ReportViews.decision(t);
            h.append("<tr><td>")
                    .append(text(t.method().wireName()))
                    .append("</td><td>")
                    .append(text(t.method().unit()))
                    .append("</td><td class=\"num\">")
                    .append(num(t.statistic()))
                    .append("</td><td class=\"num\">")
                    .append(num(t.pValue()))
                    .append("</td><td class=\"num\">")
                    .append(num(t.adjustedPValue()))
                    .append("</td><td class=\"num\">")
                    .append(num(t.threshold()))
                    .append("</td><td class=\"num\">")
                    .append(num(t.effect()))
                    .append("</td><td class=\"num\">")
                    .append(num(t.effectFloor()))
                    .append("</td><td class=\"num\">")
                    .append(t.referenceSize() == null ? "-" : t.referenceSize().toString())
                    .append("</td><td class=\"num\">")
                    .append(t.currentSize() == null ? "-" : t.currentSize().toString())
                    .append("</td><td><span class=\"badge ")
                    .append(decision.equals(ReportViews.NO_DRIFT) ? "" : decision)
                    .append("\">")
                    .append(decision.replace('_', ' '))
                    .append("</span></td></tr>");
        }
        h.append("</table>");
    }

    private static void performance(StringBuilder h, List<DriftReport> reports) {
        h.append("<section id=\"performance\"><h2>Performance on labelled predictions</h2>");
        Set<String> metrics = new LinkedHashSet<>();
        for (DriftReport r : reports) {
            r.performance().forEach(p -> metrics.add(p.metric()));
        }
        if (metrics.isEmpty()) {
            h.append("<p>No labels have arrived for these windows yet.</p></section>");
            return;
        }
        List<String> xLabels = xLabels(reports);
        List<Break> breaks = breaks(reports);
        h.append("<div class=\"charts\">");
        int m = 0;
        for (String metric : metrics) {
            List<Double> values = new ArrayList<>();
            List<Boolean> breached = new ArrayList<>();
            Performance last = null;
            for (DriftReport r : reports) {
                Performance p = r.performance().stream()
                        .filter(x -> x.metric().equals(metric))
                        .findFirst()
                        .orElse(null);
                values.add(p == null ? null : p.value());
                breached.add(p != null && Boolean.TRUE.equals(p.breached()));
                if (p != null) {
                    last = p;
                }
            }
            List<Rule> rules = new ArrayList<>();
            if (last.baseline() != null) {
                rules.add(new Rule(last.baseline(), "baseline " + num(last.baseline()), Charts.BASELINE_COLOR));
            }
            if (last.bound() != null) {
                rules.add(new Rule(last.bound(), "bound " + num(last.bound()), Charts.RULE_COLOR));
            }
            h.append(Charts.series(
                    "perf" + m++, metric + " over windows", values, breached, xLabels, breaks, rules, metric, false));
        }
        h.append("</div>");
        DriftReport latest = reports.get(reports.size() - 1);
        if (!latest.performance().isEmpty()) {
            h.append("<table class=\"performance\"><tr><th>metric</th><th>value</th><th>baseline</th>")
                    .append("<th>bound</th><th>labelled rows</th><th>breached</th></tr>");
            for (Performance p : latest.performance()) {
                h.append("<tr><td>")
                        .append(text(p.metric()))
                        .append("</td><td class=\"num\">")
                        .append(num(p.value()))
                        .append("</td><td class=\"num\">")
                        .append(num(p.baseline()))
                        .append("</td><td class=\"num\">")
                        .append(num(p.bound()))
                        .append("</td><td class=\"num\">")
                        .append(p.labelledRows())
                        .append("</td><td>")
                        .append(Boolean.TRUE.equals(p.breached()) ? "<span class=\"badge drift\">yes</span>" : "no")
                        .append("</td></tr>");
            }
            h.append("</table>");
        }
        h.append("</section>");
    }

    private static void detectors(StringBuilder h, DriftReport latest) {
        if (latest.detectors().isEmpty()) {
            return;
        }
        h.append("<section id=\"detectors\"><h2>Streaming detectors</h2><table class=\"detectors\"><tr>")
                .append("<th>detector</th><th>stream</th><th>statistic</th><th>threshold</th><th>observations</th>")
                .append("<th>state</th><th>parameters</th></tr>");
        for (DetectorState d : latest.detectors()) {
            h.append("<tr><td>")
                    .append(text(d.detector()))
                    .append("</td><td>")
                    .append(text(d.stream()))
                    .append("</td><td class=\"num\">")
                    .append(num(d.statistic()))
                    .append("</td><td class=\"num\">")
                    .append(num(d.threshold()))
                    .append("</td><td class=\"num\">")
                    .append(d.observations())
                    .append("</td><td>")
                    .append(text(d.state()))
                    .append("</td><td>")
                    .append(text(
                            d.parameters() == null
                                    ? ""
                                    : d.parameters().entrySet().stream()
                                            .map(x -> x.getKey() + " = " + num(x.getValue()))
                                            .collect(Collectors.joining(", "))))
                    .append("</td></tr>");
        }
        h.append("</table></section>");
    }

    private static DriftTest find(DriftReport r, String target, DriftMethod method) {
        for (DriftTest t : r.tests()) {
            if (t.target().equals(target) && t.method() == method) {
                return t;
            }
        }
        return null;
    }

    /** The smallest p-value the p chart tells apart: a p-value below it is drawn at it (at 16 on the axis). */
    static final double SMALLEST_P_DRAWN = 1e-16;

    /**
     * {@code -log10 p}, with p below {@value #SMALLEST_P_DRAWN} drawn at it: a window with p = 1e-300 would
     * otherwise flatten every other window against the axis; the table gives the exact value.
     */
    static double minusLog10(double p) {
        return -Math.log10(Math.max(p, SMALLEST_P_DRAWN));
    }

    private static List<String> xLabels(List<DriftReport> reports) {
        return reports.stream()
                .map(r -> (r.window() == null ? "" : "#" + r.window() + " ") + Html.shortTime(r.windowEnd()))
                .toList();
    }

    private static List<Break> breaks(List<DriftReport> reports) {
        List<Break> out = new ArrayList<>();
        for (int i = 1; i < reports.size(); i++) {
            if (reports.get(i).modelVersion() != reports.get(i - 1).modelVersion()) {
                out.add(new Break(i, "v" + reports.get(i).modelVersion()));
            }
        }
        return out;
    }
}
