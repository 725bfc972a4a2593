package dev.mlcycle.monitoring.report;

import dev.mlcycle.contracts.record.Alert;
import dev.mlcycle.contracts.record.DriftReport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The drift reports and alerts of every model, as read from {@code mlcycle.drift.reports} and {@code mlcycle.alerts}:
 * per model the last {@code history} reports in topic order (a report whose id is already kept replaces it in place,
 * so a repeated record is not a second window), and the alerts by id, each as its latest record (a resolution
 * replaces its alert: open means {@link Alert.Status#FIRING}). Beyond {@code alertsPerModel} alerts the oldest
 * resolved ones are dropped; open alerts are always kept.
 *
 * <p>Thread safe: one writer (the feed's threads) and any number of readers (HTTP requests); every read returns a
 * copy.
 */
public final class ReportHistory {
    /** The largest value either bound may take. */
    public static final int MAX_KEPT = 100_000;

    /** Newest first: a resolution by when it cleared, a firing alert by when it was raised. */
    public static final Comparator<Alert> NEWEST_FIRST =
            Comparator.comparing(ReportHistory::lastChange).reversed().thenComparing(Alert::alertId);

    /** What is known of one model. */
    private static final class ModelState {
        final LinkedHashMap<String, DriftReport> reports = new LinkedHashMap<>();
        final LinkedHashMap<String, Alert> alerts = new LinkedHashMap<>();
    }

    /**
     * One model in the list of models.
     *
     * @param model the model
     * @param latest its latest report, if any
     * @param reports how many reports are kept
     * @param openAlerts how many of its alerts are firing
     */
    public record ModelEntry(String model, Optional<DriftReport> latest, int reports, int openAlerts) {}

    private final int history;
    private final int alertsPerModel;
    private final Map<String, ModelState> models = new TreeMap<>();

    /**
     * @param history the reports kept per model, 1 to {@value #MAX_KEPT}
     * @param alertsPerModel the alerts kept per model, 1 to {@value #MAX_KEPT}
     * @throws IllegalArgumentException naming the config key when a bound is out of range
     */
    public ReportHistory(int history, int alertsPerModel) {
        this.history = check(history, "monitoring.report.history");
        this.alertsPerModel = check(alertsPerModel, "monitoring.report.alerts");
    }

    private static int check(int value, String key) {
        if (value < 1 || value > MAX_KEPT) {
            throw new IllegalArgumentException(key + ": expected 1 to " + MAX_KEPT + ", got " + value);
        }
        return value;
    }

    /** Keeps a report; the oldest of its model goes when more than {@code history} are kept. */
    public synchronized void add(DriftReport report) {
        ModelState m = models.computeIfAbsent(report.model(), k -> new ModelState());
        m.reports.put(report.reportId(), report);
        if (m.reports.size() > history) {
            Iterator<String> oldest = m.reports.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
    }

    /** Keeps an alert as the latest record of its id; drops the oldest resolved alert of its model when over the bound. */
    public synchronized void add(Alert alert) {
        ModelState m = models.computeIfAbsent(alert.model(), k -> new ModelState());
        m.alerts.put(alert.alertId(), alert);
        if (m.alerts.size() > alertsPerModel) {
            Iterator<Alert> it = m.alerts.values().iterator();
            while (it.hasNext()) {
                if (!it.next().isFiring()) {
                    it.remove();
                    break;
                }
            }
        }
    }

    /** Whether a report or an alert of this model has been read. */
    public synchronized boolean knows(String model) {
        return models.containsKey(model);
    }

    /** Every model read, by name. */
    public synchronized List<ModelEntry> models() {
        List<ModelEntry> out = new ArrayList<>(models.size());
        models.forEach((name, m) -> out.add(new ModelEntry(name, last(m), m.reports.size(), (int)
                m.alerts.values().stream().filter(Alert::isFiring).count())));
        return out;
    }

    /** The model's latest report, if it has one. */
    public synchronized Optional<DriftReport> latest(String model) {
        ModelState m = models.get(model);
        return m == null ? Optional.empty() : last(m);
    }

    /** The model's kept reports, oldest first; empty for an unknown model. */
    public synchronized List<DriftReport> reports(String model) {
        ModelState m = models.get(model);
        return m == null ? List.of() : List.copyOf(m.reports.values());
    }

    /**
     * Alerts, newest first.
     *
     * @param model only this model's, or every model's when null
     * @param status only those with this status, or all when null
     * @param limit at most this many
     */
    public synchronized List<Alert> alerts(String model, Alert.Status status, int limit) {
        List<Alert> out = new ArrayList<>();
        for (Map.Entry<String, ModelState> e : models.entrySet()) {
            if (model != null && !model.equals(e.getKey())) {
                continue;
            }
            for (Alert a : e.getValue().alerts.values()) {
                if (status == null || a.status() == status) {
                    out.add(a);
                }
            }
        }
        out.sort(NEWEST_FIRST);
        return out.size() > limit ? List.copyOf(out.subList(0, limit)) : List.copyOf(out);
    }

    /** When an alert last changed: its resolution, else its raising. */
    public static Instant lastChange(Alert a) {
        return a.resolvedAt() != null ? a.resolvedAt() : a.raisedAt();
    }

    private static Optional<DriftReport> last(ModelState m) {
        DriftReport last = null;
        for (DriftReport r : m.reports.values()) {
            last = r;
        }
        return Optional.ofNullable(last);
    }
}
