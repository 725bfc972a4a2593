package dev.mlcycle.cli;

import dev.mlcycle.contracts.record.AuditEntry;
import dev.mlcycle.contracts.record.ModelRecord;
import dev.mlcycle.contracts.record.ModelVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * How registry records read in a terminal: a model's dataset, task and aliases, its versions with their
 * main metrics, and its audit trail. Pure functions of {@link ModelRecord}, used by {@code mlcycle
 * models}, {@code promote} and {@code rollback}.
 */
final class ModelView {
    /** The metrics a version row shows for a classifier. */
    static final List<String> CLASSIFICATION_METRICS = List.of("roc_auc", "pr_auc", "log_loss", "accuracy");
    /** The metrics a version row shows for a regressor. */
    static final List<String> REGRESSION_METRICS = List.of("rmse", "mae", "r2");

    private ModelView() {}

    /**
     * One model: a heading line, then its versions newest first; with {@code audit}, then its audit
     * trail, oldest first.
     */
    static List<String> lines(ModelRecord m, boolean audit) {
        List<String> lines = new ArrayList<>();
        lines.add(heading(m));
        if (m.versions().isEmpty()) {
            lines.add("  no versions yet");
        } else {
            List<String> metrics =
                    m.task() == ModelRecord.Task.REGRESSION ? REGRESSION_METRICS : CLASSIFICATION_METRICS;
            List<String> header = new ArrayList<>(List.of("VERSION", "CREATED", "STATUS", "ALIAS"));
            metrics.forEach(name -> header.add(name.toUpperCase(Locale.ROOT)));
            header.add("RUN");
            header.add("SNAPSHOT");
            header.add("LABELS SNAPSHOT");
            List<List<String>> rows = new ArrayList<>();
            for (int i = m.versions().size() - 1; i >= 0; i--) {
                ModelVersion v = m.versions().get(i);
                List<String> row = new ArrayList<>();
                row.add("v" + v.version());
                row.add(RunView.instant(v.createdAt()));
                row.add(v.status().name());
                List<String> aliases = RunView.aliasesOf(m, v.version());
                row.add(aliases.isEmpty() ? "-" : String.join(",", aliases));
                for (String name : metrics) {
                    Double x = v.metrics().get(name);
                    row.add(x == null ? "-" : RunView.number(x));
                }
                row.add(v.runId());
                row.add(v.snapshotId() == null ? "-" : Long.toString(v.snapshotId()));
                row.add(v.labelsSnapshotId() == null ? "-" : Long.toString(v.labelsSnapshotId()));
                rows.add(row);
            }
            lines.addAll(RunView.indent(Text.table(header, rows)));
        }
        if (audit) {
            lines.add("");
            if (m.audit().isEmpty()) {
                lines.add("audit trail: empty");
            } else {
                lines.add("audit trail, oldest first:");
                List<List<String>> rows = new ArrayList<>();
                for (AuditEntry e : m.audit()) {
                    rows.add(auditRow(e));
                }
                lines.addAll(RunView.indent(
                        Text.table(List.of("AT", "ACTOR", "ACTION", "ALIAS", "FROM", "TO", "REASON"), rows)));
            }
        }
        return lines;
    }

    /** {@code credit-default  dataset credit, classification, champion v3, challenger -, updated ...}. */
    static String heading(ModelRecord m) {
        return m.name() + "  dataset " + m.dataset() + ", " + m.task().name().toLowerCase(Locale.ROOT) + ", "
                + aliases(m) + ", updated " + RunView.instant(m.updatedAt());
    }

    /** {@code champion v3, challenger -}, then any other alias the record has. */
    static String aliases(ModelRecord m) {
        Map<String, Integer> rest = new TreeMap<>(m.aliases());
        List<String> parts = new ArrayList<>();
        for (String alias : List.of(ModelRecord.CHAMPION, ModelRecord.CHALLENGER)) {
            Integer v = rest.remove(alias);
            parts.add(alias + " " + (v == null ? "-" : "v" + v));
        }
        rest.forEach((alias, v) -> parts.add(alias + " v" + v));
        return String.join(", ", parts);
    }

    private static List<String> auditRow(AuditEntry e) {
        return List.of(
                RunView.instant(e.at()),
                e.actor(),
                e.action(),
                e.alias() == null ? "-" : e.alias(),
                e.fromVersion() == null ? "-" : "v" + e.fromVersion(),
                e.toVersion() == null ? "-" : "v" + e.toVersion(),
                e.reason() == null ? "-" : Text.cut(e.reason(), 120));
    }

    /**
     * One audit entry in a sentence: {@code 2026-01-01T00:00:00Z alice promote: champion v3 -> v4
     * ("better recall")}.
     */
    static String auditSentence(AuditEntry e) {
        StringBuilder s = new StringBuilder(RunView.instant(e.at()))
                .append(' ')
                .append(e.actor())
                .append(' ')
                .append(e.action());
        if (e.alias() != null) {
            s.append(": ")
                    .append(e.alias())
                    .append(' ')
                    .append(e.fromVersion() == null ? "(unset)" : "v" + e.fromVersion())
                    .append(" -> ")
                    .append(e.toVersion() == null ? "(unset)" : "v" + e.toVersion());
        } else if (e.toVersion() != null) {
            s.append(": v").append(e.toVersion());
        }
        if (e.reason() != null && !e.reason().isBlank()) {
            s.append(" (\"").append(Text.cut(e.reason(), 200)).append("\")");
        }
        return s.toString();
    }
}
