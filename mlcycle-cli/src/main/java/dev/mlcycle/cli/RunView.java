package dev.mlcycle.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlcycle.contracts.record.GateCheck;
import dev.mlcycle.contracts.record.GateDecision;
import dev.mlcycle.contracts.record.ModelRecord;
import dev.mlcycle.contracts.record.OffsetRange;
import dev.mlcycle.contracts.record.TrainingRun;
import dev.mlcycle.contracts.record.TrainingRun.RunStatus;
import dev.mlcycle.contracts.record.Trigger;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * How training runs read in a terminal: the summary {@code mlcycle train} ends with, the one-line-per-run
 * listing and the full view of {@code mlcycle runs}, metrics with their bootstrap intervals, the gate's
 * checks and a data report's failed checks. Pure functions of the records, so they are tested without a
 * service.
 */
final class RunView {
    /**
     * The metrics a summary shows, in this order, each with its {@code .ci_low} / {@code .ci_high}
     * bounds when the run has them: classification first, then regression.
     */
    static final List<String> KEY_METRICS = List.of("roc_auc", "pr_auc", "log_loss", "accuracy", "rmse", "mae", "r2");

    static final String CI_LOW = ".ci_low";
    static final String CI_HIGH = ".ci_high";
    /** Characters of a check's detail shown in a table. */
    static final int DETAIL_CHARS = 100;

    private RunView() {}

    /** The metric a run or version is best known by: ROC-AUC, else RMSE, else the first key metric it has. */
    static Optional<String> mainMetricName(Map<String, Double> metrics) {
        if (metrics == null || metrics.isEmpty()) {
            return Optional.empty();
        }
        for (String name : List.of("roc_auc", "rmse")) {
            if (metrics.containsKey(name)) {
                return Optional.of(name);
            }
        }
        return KEY_METRICS.stream().filter(metrics::containsKey).findFirst();
    }

    /** {@code roc_auc 0.8123}, or {@code -} when the run has no key metric. */
    static String mainMetric(Map<String, Double> metrics) {
        return mainMetricName(metrics)
                .map(name -> name + " " + number(metrics.get(name)))
                .orElse("-");
    }

    /**
     * A metric value for people: four decimals, or four significant digits in scientific notation when
     * that would hide it (below 1e-4 or from 1e6 on); never a locale's comma.
     */
    static String number(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        double a = Math.abs(v);
        if (a != 0 && (a < 1e-4 || a >= 1e6)) {
            return String.format(Locale.ROOT, "%.4g", v);
        }
        return String.format(Locale.ROOT, "%.4f", v);
    }

    /** A duration for people: {@code 0.4s}, {@code 42.1s}, {@code 3m05s}, {@code 2h01m}. */
    static String duration(Duration d) {
        long ms = Math.max(0, d.toMillis());
        if (ms < 60_000) {
            return String.format(Locale.ROOT, "%.1fs", ms / 1000.0);
        }
        return Progress.duration(ms / 1000.0);
    }

    /** How long the run took: its {@code duration_ms}, else from start to finish, if known. */
    static Optional<Duration> runDuration(TrainingRun run) {
        if (run.durationMs() != null) {
            return Optional.of(Duration.ofMillis(run.durationMs()));
        }
        if (run.startedAt() != null && run.finishedAt() != null) {
            return Optional.of(Duration.between(run.startedAt(), run.finishedAt()));
        }
        return Optional.empty();
    }

    /** The versions' aliases that point at {@code version}, e.g. {@code champion}, joined with commas. */
    static List<String> aliasesOf(ModelRecord model, int version) {
        List<String> names = new ArrayList<>();
        new TreeMap<>(model.aliases()).forEach((alias, v) -> {
            if (v == version) {
                names.add(alias);
            }
        });
        return names;
    }

    /**
     * What {@code mlcycle train} prints when a run has ended: the outcome in a line, the key metrics
     * with their intervals, and the evidence: the gate's checks for a rejected candidate, the failed
     * data checks for a failed run.
     *
     * @param run the run as it ended
     * @param model the model's registry record after the run, or null when not known
     * @param report the run's data report ({@code {"passed", "rows", "checks"}}), or null when it has none
     */
    static List<String> summary(TrainingRun run, ModelRecord model, JsonNode report) {
        List<String> lines = new ArrayList<>();
        String took = runDuration(run).map(RunView::duration).orElse(null);
        String head = run.status() + "  " + run.model() + " run " + run.runId();
        switch (run.status()) {
            case SUCCEEDED -> {
                StringBuilder s = new StringBuilder(head);
                if (took != null) {
                    s.append(" in ").append(took);
                }
                if (run.registeredVersion() != null) {
                    int v = run.registeredVersion();
                    s.append(": registered version ").append(v);
                    if (model != null) {
                        List<String> aliases = aliasesOf(model, v);
                        if (aliases.isEmpty()) {
                            s.append(" without an alias");
                            model.alias(ModelRecord.CHAMPION).ifPresent(c -> s.append(" (champion stays v")
                                    .append(c)
                                    .append(')'));
                        } else {
                            s.append(", now ").append(String.join(" and ", aliases));
                        }
                    }
                }
                lines.add(s.toString());
            }
            case REJECTED -> {
                StringBuilder s = new StringBuilder(head);
                if (took != null) {
                    s.append(" after ").append(took);
                }
                s.append(": the gate refused the candidate");
                GateDecision gate = run.gate();
                if (gate != null) {
                    s.append(", ")
                            .append(gate.failures().size())
                            .append(" of ")
                            .append(gate.checks().size())
                            .append(gate.checks().size() == 1 ? " check" : " checks")
                            .append(" failed");
                }
                lines.add(s.toString());
            }
            case FAILED -> lines.add(head + (took == null ? "" : " after " + took) + ": " + run.error());
            case COALESCED -> lines.add(head + ": not run, folded into run " + run.coalescedInto());
            default -> lines.add(head);
        }
        if (run.snapshotId() != null && (run.status() == RunStatus.SUCCEEDED || run.status() == RunStatus.REJECTED)) {
            lines.add("data: events snapshot " + run.snapshotId()
                    + (run.labelsSnapshotId() == null ? "" : ", labels snapshot " + run.labelsSnapshotId())
                    + " (`mlcycle train --snapshot " + run.snapshotId()
                    + (run.labelsSnapshotId() == null ? "" : " --labels-snapshot " + run.labelsSnapshotId())
                    + "` reads the same rows)");
        }
        List<String> metrics = metricTable(run.metrics());
        if (!metrics.isEmpty()) {
            lines.add("");
            lines.addAll(metrics);
        }
        if (run.gate() != null) {
            lines.add("");
            lines.addAll(gateLines(run.gate()));
        }
        if (run.status() == RunStatus.FAILED && report != null) {
            lines.add("");
            lines.addAll(reportLines(report));
        }
        return lines;
    }

    /** The key metrics the run has, with their interval bounds; empty when it has none of them. */
    static List<String> metricTable(Map<String, Double> metrics) {
        List<List<String>> rows = new ArrayList<>();
        for (String name : KEY_METRICS) {
            Double v = metrics.get(name);
            if (v == null) {
                continue;
            }
            rows.add(List.of(
                    name, number(v), optional(metrics.get(name + CI_LOW)), optional(metrics.get(name + CI_HIGH))));
        }
        if (rows.isEmpty()) {
            return List.of();
        }
        return indent(Text.table(List.of("METRIC", "VALUE", "CI_LOW", "CI_HIGH"), rows));
    }

    /**
     * The gate's decision: a line saying whether the candidate passed and against which champion, then
     * every check with the candidate's value, the threshold or the champion's value, the tolerance and
     * the outcome.
     */
    static List<String> gateLines(GateDecision gate) {
        List<String> lines = new ArrayList<>();
        String against = gate.championVersion() == null
                ? " (no champion to compare with)"
                : " (compared with champion v" + gate.championVersion() + ")";
        int n = gate.checks().size();
        if (gate.passed()) {
            lines.add("gate: passed " + (n == 0 ? "(no checks configured)" : n + (n == 1 ? " check" : " checks"))
                    + against);
        } else {
            lines.add("gate: refused, " + gate.failures().size() + " of " + n + (n == 1 ? " check" : " checks")
                    + " failed" + against);
        }
        if (n == 0) {
            return lines;
        }
        List<List<String>> rows = new ArrayList<>();
        for (GateCheck c : gate.checks()) {
            rows.add(List.of(
                    c.name(),
                    c.metric(),
                    number(c.value()),
                    against(c),
                    optional(c.tolerance()),
                    c.passed() ? "passed" : "FAILED",
                    c.detail() == null ? "" : Text.cut(c.detail(), DETAIL_CHARS)));
        }
        lines.addAll(indent(
                Text.table(List.of("CHECK", "METRIC", "VALUE", "AGAINST", "TOLERANCE", "RESULT", "DETAIL"), rows)));
        return lines;
    }

    private static String against(GateCheck c) {
        List<String> parts = new ArrayList<>();
        if (c.threshold() != null) {
            parts.add("threshold " + number(c.threshold()));
        }
        if (c.championValue() != null) {
            parts.add("champion " + number(c.championValue()));
        }
        return parts.isEmpty() ? "-" : String.join(", ", parts);
    }

    /**
     * A data report in a line (how many checks failed, on how many rows), then its failed checks, from
     * the JSON training-service keeps: {@code {"passed", "rows", "checks": [{"name", "field", "value", "limit",
     * "passed", "detail"}]}}.
     */
    static List<String> reportLines(JsonNode report) {
        List<String> lines = new ArrayList<>();
        JsonNode checks = report.path("checks");
        int total = checks.isArray() ? checks.size() : 0;
        List<List<String>> failed = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            JsonNode c = checks.get(i);
            if (!c.path("passed").asBoolean(false)) {
                failed.add(List.of(
                        c.path("name").asText("?"),
                        c.hasNonNull("field") ? c.get("field").asText() : "-",
                        c.path("value").isNumber() ? number(c.get("value").asDouble()) : "-",
                        c.path("limit").isNumber() ? number(c.get("limit").asDouble()) : "-",
                        Text.cut(c.path("detail").asText(""), DETAIL_CHARS)));
            }
        }
        String rows = report.path("rows").isNumber()
                ? String.format(Locale.ROOT, " on %,d rows", report.get("rows").asLong())
                : "";
        if (failed.isEmpty()) {
            lines.add("data report: all " + total + " checks passed" + rows);
            return lines;
        }
        lines.add("data report: " + failed.size() + " of " + total + (total == 1 ? " check" : " checks") + " failed"
                + rows);
        lines.addAll(indent(Text.table(List.of("CHECK", "FIELD", "VALUE", "LIMIT", "DETAIL"), failed)));
        return lines;
    }

    /** One line per run, newest first as given: the listing of {@code mlcycle runs}. */
    static List<String> listing(List<TrainingRun> runs) {
        List<List<String>> rows = new ArrayList<>();
        for (TrainingRun r : runs) {
            rows.add(List.of(
                    r.runId(),
                    r.model(),
                    instant(r.trigger().requestedAt()),
                    r.trigger().kind().name(),
                    r.status().name(),
                    r.registeredVersion() == null ? "-" : "v" + r.registeredVersion(),
                    mainMetric(r.metrics()),
                    runDuration(r).map(RunView::duration).orElse("-"),
                    r.coalescedInto() == null ? "-" : r.coalescedInto()));
        }
        return Text.table(
                List.of(
                        "RUN",
                        "MODEL",
                        "REQUESTED",
                        "TRIGGER",
                        "STATUS",
                        "VERSION",
                        "METRIC",
                        "DURATION",
                        "COALESCED INTO"),
                rows);
    }

    /** Everything a run record holds, for {@code mlcycle runs --run ID}. */
    static List<String> detail(TrainingRun r) {
        List<String> lines = new ArrayList<>();
        field(lines, "run", r.runId());
        field(lines, "model", r.model() + " (dataset " + r.dataset() + ")");
        field(lines, "status", r.status().name());
        field(lines, "trigger", trigger(r.trigger()));
        if (!r.coalescedTriggers().isEmpty()) {
            field(lines, "also for", r.coalescedTriggers().get(0));
            for (String t :
                    r.coalescedTriggers().subList(1, r.coalescedTriggers().size())) {
                field(lines, "", t);
            }
        }
        if (r.coalescedInto() != null) {
            field(lines, "folded into", r.coalescedInto());
        }
        field(lines, "seed", Long.toString(r.seed()));
        field(lines, "snapshot", r.snapshotId() == null ? "-" : Long.toString(r.snapshotId()));
        field(lines, "labels snapshot", r.labelsSnapshotId() == null ? "-" : Long.toString(r.labelsSnapshotId()));
        if (r.offsets().isEmpty()) {
            field(lines, "offsets", "-");
        } else {
            for (int i = 0; i < r.offsets().size(); i++) {
                OffsetRange o = r.offsets().get(i);
                field(
                        lines,
                        i == 0 ? "offsets" : "",
                        String.format(
                                Locale.ROOT,
                                "%s-%d [%d, %d)  %,d offsets",
                                o.topic(),
                                o.partition(),
                                o.fromOffset(),
                                o.untilOffset(),
                                o.count()));
            }
        }
        if (r.params().isEmpty()) {
            field(lines, "params", "-");
        } else {
            boolean first = true;
            for (Map.Entry<String, String> p : new TreeMap<>(r.params()).entrySet()) {
                field(lines, first ? "params" : "", p.getKey() + " = " + p.getValue());
                first = false;
            }
        }
        field(lines, "started", r.startedAt() == null ? "-" : instant(r.startedAt()));
        field(lines, "finished", r.finishedAt() == null ? "-" : instant(r.finishedAt()));
        field(lines, "duration", runDuration(r).map(RunView::duration).orElse("-"));
        field(lines, "version", r.registeredVersion() == null ? "-" : "v" + r.registeredVersion());
        if (r.error() != null) {
            field(lines, "error", r.error());
        }
        if (!r.metrics().isEmpty()) {
            lines.add("");
            lines.add("metrics:");
            List<List<String>> rows = new ArrayList<>();
            new TreeMap<>(r.metrics()).forEach((name, v) -> rows.add(List.of(name, number(v))));
            lines.addAll(indent(Text.table(List.of("METRIC", "VALUE"), rows)));
        }
        if (r.gate() != null) {
            lines.add("");
            lines.addAll(gateLines(r.gate()));
        }
        return lines;
    }

    private static String trigger(Trigger t) {
        StringBuilder s = new StringBuilder(t.kind().name());
        if (t.requestedBy() != null) {
            s.append(" by ").append(t.requestedBy());
        }
        s.append(" at ").append(instant(t.requestedAt()));
        if (t.detail() != null && !t.detail().isBlank()) {
            s.append(": ").append(Text.cut(t.detail(), 200));
        }
        return s.toString();
    }

    private static void field(List<String> lines, String name, String value) {
        lines.add(String.format(Locale.ROOT, "%-12s %s", name, value).stripTrailing());
    }

    /** An instant to the second, in UTC: {@code 2026-01-01T00:00:00Z}. */
    static String instant(Instant at) {
        return at == null ? "-" : at.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static String optional(Double v) {
        return v == null ? "-" : number(v);
    }

    static List<String> indent(List<String> lines) {
        return lines.stream().map(l -> "  " + l).toList();
    }
}
