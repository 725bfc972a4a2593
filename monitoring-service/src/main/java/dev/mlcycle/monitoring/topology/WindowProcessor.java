package dev.mlcycle.monitoring.topology;

import dev.mlcycle.contracts.json.Codecs;
import dev.mlcycle.contracts.json.JsonCodec;
import dev.mlcycle.contracts.record.Alert.AlertKind;
import dev.mlcycle.contracts.record.DriftReport;
import dev.mlcycle.contracts.record.Performance;
import dev.mlcycle.contracts.record.Prediction;
import dev.mlcycle.contracts.record.PredictionRecord;
import dev.mlcycle.monitoring.drift.ConceptDetectors;
import dev.mlcycle.monitoring.drift.Observation;
import dev.mlcycle.monitoring.drift.Outcome;
import dev.mlcycle.monitoring.drift.PerformanceWindow;
import dev.mlcycle.monitoring.drift.Reference;
import dev.mlcycle.monitoring.drift.WindowAnalysis;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The tumbling windows of each model version. A window takes predictions until it holds {@link
 * TopologySettings#windowRows()} of them, or until a prediction arrives whose time (the event's own when the caller
 * gave one) is {@link TopologySettings#windowDuration()} past the window's first, or until that long has passed on the
 * wall clock since it opened, whichever comes first; then it is compared with the version's reference ({@link
 * WindowAnalysis}), its labelled predictions are evaluated ({@link PerformanceWindow}), and it closes as a {@link
 * DriftReport}. Labelled predictions also feed the version's streaming detectors (DDM on errors, Page-Hinkley on
 * losses) as they arrive. Rows, outcomes, windows and detectors are in changelogged stores.
 */
final class WindowProcessor implements Processor<String, Envelope, String, DriftReport> {
    private static final JsonCodec<Joined> JOINED = JsonCodec.of(Joined.class);
    private static final JsonCodec<Outcome> OUTCOME = JsonCodec.of(Outcome.class);
    private static final char SEP = LabelJoin.SEP;

    private final TopologySettings settings;
    private final ReferenceSource references;
    private final TopologyListener listener;
    private ProcessorContext<String, DriftReport> context;
    private KeyValueStore<String, WindowState> windows;
    private KeyValueStore<String, byte[]> rows;
    private KeyValueStore<String, ConceptDetectors.Snapshot> detectors;

    WindowProcessor(TopologySettings settings, ReferenceSource references, TopologyListener listener) {
        this.settings = settings;
        this.references = references;
        this.listener = listener;
    }

    @Override
    public void init(ProcessorContext<String, DriftReport> context) {
        this.context = context;
        this.windows = context.getStateStore(MonitoringTopology.WINDOWS);
        this.rows = context.getStateStore(MonitoringTopology.ROWS);
        this.detectors = context.getStateStore(MonitoringTopology.DETECTORS);
        context.schedule(settings.checkInterval(), PunctuationType.WALL_CLOCK_TIME, this::closeExpired);
    }

    @Override
    public void process(Record<String, Envelope> record) {
        Envelope e = record.value();
        String key = record.key();
        long now = context.currentSystemTimeMs();
        WindowState state = windows.get(key);
        if (state == null) {
            state = WindowState.first();
        }
        if (e.kind() == Envelope.Kind.PREDICTION) {
            if (state.rows() > 0
                    && e.time() >= state.start() + settings.windowDuration().toMillis()) {
                state = close(key, state, DriftReport.CLOSED_BY_TIME, now);
            }
            state = state.opened(now);
            rows.put(rowKey(key, 'r', state.seq(), state.rows()), e.payload());
            state = state.withRow(e.time());
            listener.windowed(e.model(), e.version());
            if (state.rows() >= settings.windowRows()) {
                state = close(key, state, DriftReport.CLOSED_BY_ROWS, now);
            }
            windows.put(key, state);
        } else if (e.kind() == Envelope.Kind.JOINED) {
            Optional<Reference> reference = references.reference(e.model(), e.version());
            if (reference.isEmpty()) {
                listener.skipped(TopologyListener.SKIP_NO_REFERENCE, "labels", e.model() + " v" + e.version());
                return;
            }
            Outcome outcome = outcome(reference.get(), JOINED.decode(e.payload(), "joined"));
            if (outcome == null) {
                listener.skipped(
                        TopologyListener.SKIP_UNKNOWN_LABEL,
                        "labels",
                        "a label " + e.model() + " v" + e.version() + " does not know, event " + e.eventId());
                return;
            }
            ConceptDetectors.Snapshot snapshot = detectors.get(key);
            ConceptDetectors d = snapshot == null
                    ? ConceptDetectors.fresh(
                            settings.detectors(), reference.get().classification())
                    : ConceptDetectors.restore(settings.detectors(), snapshot);
            String signal = d.update(outcome);
            detectors.put(key, d.snapshot());
            state = state.opened(now);
            boolean keep = state.outcomes() < settings.maxOutcomes();
            if (keep) {
                rows.put(rowKey(key, 'o', state.seq(), state.outcomes()), OUTCOME.encode(outcome));
            }
            windows.put(key, state.withOutcome(keep, signal));
        }
    }

    private void closeExpired(long now) {
        List<KeyValue<String, WindowState>> due = new ArrayList<>();
        try (KeyValueIterator<String, WindowState> it = windows.all()) {
            while (it.hasNext()) {
                KeyValue<String, WindowState> kv = it.next();
                if (!kv.value.empty()
                        && now - kv.value.openedAt()
                                >= settings.windowDuration().toMillis()) {
                    due.add(kv);
                }
            }
        }
        for (KeyValue<String, WindowState> kv : due) {
            windows.put(kv.key, close(kv.key, kv.value, DriftReport.CLOSED_BY_TIME, now));
        }
    }

    /** Closes a window: the report goes downstream, its rows are deleted, and the next window's state returned. */
    private WindowState close(String key, WindowState state, String closedBy, long now) {
        int bar = key.lastIndexOf('|');
        String model = key.substring(0, bar);
        int version = Integer.parseInt(key.substring(bar + 1));
        List<byte[]> predictionBytes = take(key, 'r', state.seq());
        List<byte[]> outcomeBytes = take(key, 'o', state.seq());
        Optional<Reference> found = references.reference(model, version);
        if (found.isEmpty()) {
            listener.skipped(
                    TopologyListener.SKIP_NO_REFERENCE,
                    "window",
                    model + " v" + version + ": the reference went away; window " + state.seq() + " dropped");
            return state.next();
        }
        Reference reference = found.get();
        List<Observation> observations = new ArrayList<>(predictionBytes.size());
        boolean eventTime = !predictionBytes.isEmpty();
        for (byte[] b : predictionBytes) {
            PredictionRecord p = Codecs.PREDICTION_RECORD.decode(b, "window row");
            eventTime &= p.eventTime() != null;
            observations.add(observation(reference, p));
        }
        List<Outcome> outcomes = new ArrayList<>(outcomeBytes.size());
        for (byte[] b : outcomeBytes) {
            outcomes.add(OUTCOME.decode(b, "window outcome"));
        }
        WindowAnalysis.Result analysis = WindowAnalysis.analyze(reference, observations, settings.drift());
        List<Performance> performance = PerformanceWindow.evaluate(reference, outcomes, settings.performance());
        ConceptDetectors.Snapshot snapshot = detectors.get(key);
        List<AlertKind> findings = new ArrayList<>();
        if (analysis.inputDrift()) {
            findings.add(AlertKind.DATA_DRIFT);
        }
        if (analysis.outputDrift()) {
            findings.add(AlertKind.PREDICTION_DRIFT);
        }
        if (state.conceptSignal() != null && !analysis.inputDrift()) {
            findings.add(AlertKind.CONCEPT_DRIFT);
        }
        if (performance.stream().anyMatch(Performance::breached)) {
            findings.add(AlertKind.PERFORMANCE);
        }
        Instant start;
        Instant end;
        if (state.rows() > 0) {
            start = Instant.ofEpochMilli(state.start());
            end = Instant.ofEpochMilli(state.end() + 1);
        } else {
            start = Instant.ofEpochMilli(state.openedAt());
            end = Instant.ofEpochMilli(Math.max(now, state.openedAt() + 1));
        }
        DriftReport report = new DriftReport(
                reportId(model, version, state.seq()),
                model,
                version,
                reference.dataset(),
                start,
                end,
                state.rows(),
                analysis.tests(),
                performance,
                analysis.tests().isEmpty() ? null : "benjamini-hochberg",
                analysis.inputDrift() || analysis.outputDrift(),
                state.seq(),
                closedBy,
                eventTime ? DriftReport.EVENT_TIME : DriftReport.ARRIVAL,
                findings,
                snapshot == null
                        ? List.of()
                        : ConceptDetectors.restore(settings.detectors(), snapshot)
                                .states());
        listener.windowClosed(report);
        context.forward(new Record<>(model, report, now));
        return state.next();
    }

    /** The id of a window's report: the same however often the window is computed. */
    static String reportId(String model, int version, long seq) {
        return String.format(Locale.ROOT, "%s-v%d-w%d", model, version, seq);
    }

    private List<byte[]> take(String key, char kind, long seq) {
        String prefix = key + SEP + kind + SEP + String.format(Locale.ROOT, "%012d", seq) + SEP;
        List<String> keys = new ArrayList<>();
        List<byte[]> values = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = rows.prefixScan(prefix, new StringSerializer())) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                keys.add(kv.key);
                values.add(kv.value);
            }
        }
        keys.forEach(rows::delete);
        return values;
    }

    private static String rowKey(String key, char kind, long seq, int index) {
        return key
                + SEP
                + kind
                + SEP
                + String.format(Locale.ROOT, "%012d", seq)
                + SEP
                + String.format(Locale.ROOT, "%09d", index);
    }

    private static Observation observation(Reference reference, PredictionRecord p) {
        Prediction out = p.prediction();
        Double positive = null;
        String pc = reference.positiveClass();
        if (pc != null && out.probabilities() != null) {
            positive = out.probabilities().get(pc);
        }
        return new Observation(p.effectiveTime(), p.features(), out.label(), positive, out.value());
    }

    /** The outcome of a joined prediction, or null when the label is not one the model knows. */
    static Outcome outcome(Reference reference, Joined joined) {
        PredictionRecord p = joined.prediction();
        Instant time = p.effectiveTime();
        if (!reference.classification()) {
            Double value = p.prediction().value();
            double actual;
            try {
                actual = Double.parseDouble(joined.label());
            } catch (NumberFormatException e) {
                return null;
            }
            if (value == null || !Double.isFinite(actual)) {
                return null;
            }
            return new Outcome(time, null, -1, -1, value, actual);
        }
        List<String> classes = reference.classes();
        int actual = classes.indexOf(joined.label());
        Map<String, Double> probabilities = p.prediction().probabilities();
        if (actual < 0 || probabilities == null) {
            return null;
        }
        double[] row = new double[classes.size()];
        for (int c = 0; c < row.length; c++) {
            row[c] = probabilities.getOrDefault(classes.get(c), 0.0);
        }
        int predicted = classes.indexOf(p.prediction().label());
        if (predicted < 0) {
            return null;
        }
        return new Outcome(time, row, predicted, actual, 0, 0);
    }
}
