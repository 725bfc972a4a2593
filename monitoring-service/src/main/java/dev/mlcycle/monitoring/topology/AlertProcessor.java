package dev.mlcycle.monitoring.topology;

import dev.mlcycle.contracts.record.Alert;
import dev.mlcycle.contracts.record.Alert.AlertKind;
import dev.mlcycle.contracts.record.Alert.Severity;
import dev.mlcycle.contracts.record.DriftReport;
import dev.mlcycle.contracts.record.DriftTest;
import dev.mlcycle.contracts.record.Performance;
import dev.mlcycle.monitoring.drift.AlertPolicy;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Turns a model's reports into alerts, one track per model and kind ({@link AlertPolicy}): an alert fires once when
 * its kind persists, and resolves once it has cleared; while it is open no other alert of its kind is raised. Data
 * and prediction drift count every window; concept drift and performance count only windows with labels. The alert
 * id is made from the model, kind, version and window that fired it, so the same windows always give the same alert.
 */
final class AlertProcessor implements Processor<String, DriftReport, String, Alert> {
    private final TopologySettings settings;
    private final TopologyListener listener;
    private ProcessorContext<String, Alert> context;
    private KeyValueStore<String, AlertPolicy.Track> tracks;
    private KeyValueStore<String, Alert> open;

    AlertProcessor(TopologySettings settings, TopologyListener listener) {
        this.settings = settings;
        this.listener = listener;
    }

    @Override
    public void init(ProcessorContext<String, Alert> context) {
        this.context = context;
        this.tracks = context.getStateStore(MonitoringTopology.TRACKS);
        this.open = context.getStateStore(MonitoringTopology.OPEN_ALERTS);
    }

    @Override
    public void process(Record<String, DriftReport> record) {
        DriftReport report = record.value();
        boolean labelled =
                !report.performance().isEmpty() || !report.detectors().isEmpty();
        for (AlertKind kind : AlertKind.values()) {
            boolean needsLabels = kind == AlertKind.CONCEPT_DRIFT || kind == AlertKind.PERFORMANCE;
            boolean tested = needsLabels ? labelled : !report.tests().isEmpty();
            if (!tested) {
                continue;
            }
            String key = report.model() + "|" + kind.name();
            AlertPolicy.Track track = tracks.get(key);
            if (track == null) {
                track = AlertPolicy.Track.empty();
            }
            String id = String.format(
                    Locale.ROOT,
                    "%s-%s-v%d-w%d",
                    report.model(),
                    kind.name().toLowerCase(Locale.ROOT).replace('_', '-'),
                    report.modelVersion(),
                    report.window() == null ? 0 : report.window());
            AlertPolicy.Outcome next = settings.alerts().next(track, report.found(kind), id);
            tracks.put(key, next.track());
            Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
            if (next.step() == AlertPolicy.Step.FIRE) {
                Alert alert = fire(kind, id, report, now);
                open.put(key, alert);
                send(alert);
            } else if (next.step() == AlertPolicy.Step.RESOLVE) {
                Alert alert = open.get(key);
                open.delete(key);
                if (alert != null) {
                    send(alert.resolved(
                            now,
                            String.format(
                                    Locale.ROOT,
                                    "%s: %s cleared, %d clean windows in a row up to window %d of v%d",
                                    report.model(),
                                    words(kind),
                                    settings.alerts().m(),
                                    report.window() == null ? 0 : report.window(),
                                    report.modelVersion()),
                            report.reportId(),
                            Map.of("clean_windows", (double) settings.alerts().m())));
                }
            }
        }
    }

    private void send(Alert alert) {
        listener.alert(alert);
        context.forward(new Record<>(alert.alertId(), alert, context.currentSystemTimeMs()));
    }

    private Alert fire(AlertKind kind, String id, DriftReport report, Instant now) {
        Map<String, Double> evidence = new LinkedHashMap<>();
        List<String> features = List.of();
        String what;
        switch (kind) {
            case DATA_DRIFT, PREDICTION_DRIFT -> {
                boolean inputs = kind == AlertKind.DATA_DRIFT;
                List<DriftTest> drifted = report.drifted().stream()
                        .filter(t -> inputs != "prediction".equals(t.kind()))
                        .toList();
                if (inputs) {
                    features = drifted.stream().map(DriftTest::target).toList();
                }
                for (DriftTest t : drifted) {
                    evidence.put(t.target() + "." + t.method().wireName(), t.statistic());
                    if (t.adjustedPValue() != null) {
                        evidence.put(t.target() + ".adjusted_p_value", t.adjustedPValue());
                    }
                }
                evidence.put(inputs ? "drifted_features" : "drifted_outputs", (double) drifted.size());
                what = inputs
                        ? "inputs drifted: " + String.join(", ", features)
                        : "predictions drifted: "
                                + String.join(
                                        ", ",
                                        drifted.stream().map(DriftTest::target).toList());
            }
            case CONCEPT_DRIFT -> {
                report.detectors().forEach(d -> {
                    evidence.put(d.detector() + ".statistic", d.statistic());
                    evidence.put(d.detector() + ".threshold", d.threshold());
                });
                report.performance().forEach(p -> evidence.put(p.metric(), p.value()));
                what = "errors grew while the inputs did not move";
            }
            default -> {
                List<Performance> breached = report.performance().stream()
                        .filter(Performance::breached)
                        .toList();
                for (Performance p : breached) {
                    evidence.put(p.metric(), p.value());
                    if (p.bound() != null) {
                        evidence.put(p.metric() + ".bound", p.bound());
                    }
                }
                what = "performance below its bound: "
                        + String.join(
                                ", ",
                                breached.stream()
                                        .map(p -> String.format(
                                                Locale.ROOT, "%s %.4f (bound %.4f)", p.metric(), p.value(), p.bound()))
                                        .toList());
            }
        }
        Severity severity = kind == AlertKind.DATA_DRIFT || kind == AlertKind.PREDICTION_DRIFT
                ? Severity.WARNING
                : Severity.CRITICAL;
        String summary = String.format(
                Locale.ROOT,
                "%s v%d: %s (window %d, %s to %s)",
                report.model(),
                report.modelVersion(),
                what,
                report.window() == null ? 0 : report.window(),
                report.windowStart(),
                report.windowEnd());
        return Alert.firing(
                id,
                kind,
                severity,
                report.model(),
                report.modelVersion(),
                report.dataset(),
                summary,
                features,
                report.reportId(),
                Alert.SOURCE_MONITORING,
                now,
                evidence);
    }

    private static String words(AlertKind kind) {
        return kind.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }
}
