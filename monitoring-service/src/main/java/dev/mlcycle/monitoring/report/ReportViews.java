package dev.mlcycle.monitoring.report;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.mlcycle.contracts.record.Alert;
import dev.mlcycle.contracts.record.Alert.AlertKind;
import dev.mlcycle.contracts.record.DriftMethod;
import dev.mlcycle.contracts.record.DriftReport;
import dev.mlcycle.contracts.record.DriftTest;
import dev.mlcycle.contracts.record.Performance;
import java.time.Instant;
import java.util.List;

/**
 * The JSON views of the report API, built from what {@link ReportHistory} keeps. Written with the contracts' mapper
 * ({@code snake_case}, nulls left out), like the records they summarise.
 */
public final class ReportViews {
    /** {@link TestLine#decision()} of a test that found drift. */
    public static final String DRIFT = "drift";
    /** {@link TestLine#decision()} of a deciding test that found none. */
    public static final String NO_DRIFT = "no_drift";
    /** {@link TestLine#decision()} of a descriptive comparison, which never decides. */
    public static final String DESCRIPTIVE = "descriptive";
    /** How many resolved alerts a model's report lists. */
    public static final int RECENT_ALERTS = 20;

    private ReportViews() {}

    /**
     * {@code GET /reports}.
     *
     * @param models every model with a report or an alert, by name
     */
    public record ModelList(List<ModelLine> models) {}

    /**
     * One model and its latest window.
     *
     * @param model the model
     * @param modelVersion the version of its latest window; absent before the first report
     * @param window the latest window's number
     * @param windowStart its start
     * @param windowEnd its end
     * @param rows its predictions
     * @param drift whether it found drift
     * @param findings what it found
     * @param reportId its report's id
     * @param reports how many windows are kept
     * @param openAlerts how many alerts are firing
     */
    public record ModelLine(
            String model,
            Integer modelVersion,
            Long window,
            Instant windowStart,
            Instant windowEnd,
            Long rows,
            Boolean drift,
            List<AlertKind> findings,
            String reportId,
            int reports,
            int openAlerts) {}

    /**
     * {@code GET /reports/{model}}.
     *
     * @param model the model
     * @param latest its latest report as it is on the topic; absent before the first one
     * @param windows a line per kept window, oldest first
     * @param openAlerts its firing alerts, newest first
     * @param recentAlerts its last {@value #RECENT_ALERTS} resolved alerts, newest first
     */
    public record ModelReport(
            String model,
            DriftReport latest,
            List<WindowLine> windows,
            List<Alert> openAlerts,
            List<Alert> recentAlerts) {}

    /**
     * One window in a model's history.
     *
     * @param reportId its report
     * @param modelVersion the version watched
     * @param window its number for that version
     * @param windowStart its start
     * @param windowEnd its end
     * @param rows its predictions
     * @param closedBy {@code rows} or {@code time}
     * @param drift whether it found drift
     * @param findings what it found
     * @param tests each test, in short
     * @param performance the metrics on its labelled predictions
     */
    public record WindowLine(
            String reportId,
            int modelVersion,
            Long window,
            Instant windowStart,
            Instant windowEnd,
            long rows,
            String closedBy,
            boolean drift,
            List<AlertKind> findings,
            List<TestLine> tests,
            List<Performance> performance) {}

    /**
     * One test of a window, in short.
     *
     * @param target the feature or output tested
     * @param method how, with its unit on the wire name
     * @param statistic the statistic
     * @param pValue its p-value, for a deciding test
     * @param adjustedPValue its p-value after the report's correction
     * @param threshold the level the adjusted p-value is held to
     * @param effect the effect size
     * @param effectFloor the effect a drift must reach
     * @param decision {@value #DRIFT}, {@value #NO_DRIFT} or {@value #DESCRIPTIVE}
     */
    public record TestLine(
            String target,
            DriftMethod method,
            double statistic,
            Double pValue,
            @JsonProperty("adjusted_p_value") Double adjustedPValue,
            Double threshold,
            Double effect,
            Double effectFloor,
            String decision) {}

    /** The list of models. */
    public static ModelList models(List<ReportHistory.ModelEntry> entries) {
        return new ModelList(entries.stream()
                .map(e -> {
                    DriftReport r = e.latest().orElse(null);
                    return r == null
                            ? new ModelLine(
                                    e.model(), null, null, null, null, null, null, null, null, 0, e.openAlerts())
                            : new ModelLine(
                                    e.model(),
                                    r.modelVersion(),
                                    r.window(),
                                    r.windowStart(),
                                    r.windowEnd(),
                                    r.rows(),
                                    r.drift(),
                                    r.findings(),
                                    r.reportId(),
                                    e.reports(),
                                    e.openAlerts());
                })
                .toList());
    }

    /**
     * One model's report.
     *
     * @param reports its kept reports, oldest first
     * @param alerts its alerts, newest first
     */
    public static ModelReport report(String model, List<DriftReport> reports, List<Alert> alerts) {
        DriftReport latest = reports.isEmpty() ? null : reports.get(reports.size() - 1);
        List<Alert> open = alerts.stream().filter(Alert::isFiring).toList();
        List<Alert> resolved =
                alerts.stream().filter(a -> !a.isFiring()).limit(RECENT_ALERTS).toList();
        return new ModelReport(
                model, latest, reports.stream().map(ReportViews::window).toList(), open, resolved);
    }

    static WindowLine window(DriftReport r) {
        return new WindowLine(
                r.reportId(),
                r.modelVersion(),
                r.window(),
                r.windowStart(),
                r.windowEnd(),
                r.rows(),
                r.closedBy(),
                r.drift(),
                r.findings(),
                r.tests().stream().map(ReportViews::test).toList(),
                r.performance());
    }

    static TestLine test(DriftTest t) {
        return new TestLine(
                t.target(),
                t.method(),
                t.statistic(),
                t.pValue(),
                t.adjustedPValue(),
                t.threshold(),
                t.effect(),
                t.effectFloor(),
                decision(t));
    }

    /** {@value #DRIFT}, {@value #NO_DRIFT} or {@value #DESCRIPTIVE}. */
    public static String decision(DriftTest t) {
        if (t.drifted()) {
            return DRIFT;
        }
        return t.pValue() == null && t.adjustedPValue() == null ? DESCRIPTIVE : NO_DRIFT;
    }
}
