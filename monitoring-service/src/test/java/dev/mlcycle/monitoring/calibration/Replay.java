package dev.mlcycle.monitoring.calibration;

import dev.mlcycle.contracts.record.Alert;
import dev.mlcycle.contracts.record.Alert.AlertKind;
import dev.mlcycle.contracts.record.DriftMethod;
import dev.mlcycle.contracts.record.DriftReport;
import dev.mlcycle.contracts.record.DriftTest;
import dev.mlcycle.contracts.record.FeatureEvent;
import dev.mlcycle.contracts.record.Performance;
import dev.mlcycle.datagen.DataGenerator;
import dev.mlcycle.datagen.GeneratedRecord;
import dev.mlcycle.datagen.GeneratorOptions;
import dev.mlcycle.datagen.RecordKind;
import dev.mlcycle.datagen.manifest.Manifest;
import dev.mlcycle.monitoring.drift.AlertPolicy;
import dev.mlcycle.monitoring.drift.ConceptDetectors;
import dev.mlcycle.monitoring.drift.Observation;
import dev.mlcycle.monitoring.drift.Outcome;
import dev.mlcycle.monitoring.drift.PerformanceWindow;
import dev.mlcycle.monitoring.drift.Reference;
import dev.mlcycle.monitoring.drift.WindowAnalysis;
import dev.mlcycle.monitoring.topology.TopologySettings;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The decisions of the monitoring topology for one model version on one partition, replayed without Kafka: the
 * same classes decide ({@link WindowAnalysis}, {@link PerformanceWindow}, {@link ConceptDetectors}, {@link
 * AlertPolicy}) in the same order as the topology's WindowProcessor and AlertProcessor (rows windowed in arrival
 * order, a label's outcome goes to the window open when it arrives, a detector's signal marks that window,
 * CONCEPT_DRIFT only without input drift, data and prediction drift tracked on tested windows, concept drift and
 * performance on windows once labels arrived). It costs a fraction of the topology's serialisation, so it can run
 * many seeds on a shared machine; {@link Calibration} checks that it agrees with the topology on the runs it makes
 * both ways.
 */
final class Replay {
    private Replay() {}

    /** A closed window as the measurements need it. */
    record Win(
            long window,
            List<AlertKind> findings,
            List<String> drifted,
            boolean drift,
            double maxInputKs,
            double maxInputJs) {
        static Win of(DriftReport r) {
            return new Win(
                    r.window(),
                    r.findings(),
                    r.drifted().stream().map(DriftTest::target).distinct().toList(),
                    r.drift(),
                    maxEffect(r.tests(), DriftMethod.KS),
                    maxEffect(r.tests(), DriftMethod.CHI_SQUARE));
        }
    }

    /** The largest effect (KS D, or the JS distance of a chi-square test) among the inputs' deciding tests. */
    static double maxEffect(List<DriftTest> tests, DriftMethod method) {
        return tests.stream()
                .filter(t -> t.method() == method && !"prediction".equals(t.kind()) && t.effect() != null)
                .mapToDouble(DriftTest::effect)
                .max()
                .orElse(0);
    }

    /** An alert firing (or resolving) at a window. */
    record Fired(AlertKind kind, long window, boolean firing, List<String> features) {}

    /** What a run produced, by either path. */
    record Result(Manifest manifest, List<Win> windows, List<Fired> alerts, Map<String, Long> signals) {
        static Result of(Harness.Run run) {
            Map<String, Long> windowOf = new HashMap<>();
            List<Win> windows = new ArrayList<>();
            for (DriftReport r : run.reports()) {
                windowOf.put(r.reportId(), r.window());
                windows.add(Win.of(r));
            }
            List<Fired> fired = new ArrayList<>();
            for (Alert a : run.alerts()) {
                fired.add(new Fired(a.kind(), windowOf.getOrDefault(a.reportId(), -1L), a.isFiring(), a.features()));
            }
            return new Result(run.manifest(), windows, fired, Map.of());
        }
    }

    static Result run(
            GeneratorOptions options, Harness.TrueModel model, Reference reference, TopologySettings settings) {
        DataGenerator gen = DataGenerator.create(options);
        List<String> classes = model.classes();
        Map<String, Outcome> pending = new HashMap<>();
        List<Observation> rows = new ArrayList<>();
        List<Outcome> outcomes = new ArrayList<>();
        ConceptDetectors detectors = null;
        String signal = null;
        long window = 1;
        Map<AlertKind, AlertPolicy.Track> tracks = new EnumMap<>(AlertKind.class);
        List<Win> windows = new ArrayList<>();
        List<Fired> fired = new ArrayList<>();
        Map<String, Long> signals = new HashMap<>();
        while (gen.hasNext()) {
            GeneratedRecord r = gen.next();
            if (r.kind() == RecordKind.EVENT) {
                FeatureEvent e = r.event();
                double[] p = model.probabilities(e.features());
                int predicted = p[1] > p[0] ? 1 : 0;
                rows.add(new Observation(e.timestamp(), e.features(), classes.get(predicted), p[1], null));
                pending.put(e.id(), new Outcome(e.timestamp(), p, predicted, -1, 0, 0));
                if (rows.size() >= settings.windowRows()) {
                    WindowAnalysis.Result a = WindowAnalysis.analyze(reference, rows, settings.drift());
                    List<Performance> perf = PerformanceWindow.evaluate(reference, outcomes, settings.performance());
                    List<AlertKind> findings = new ArrayList<>();
                    if (a.inputDrift()) {
                        findings.add(AlertKind.DATA_DRIFT);
                    }
                    if (a.outputDrift()) {
                        findings.add(AlertKind.PREDICTION_DRIFT);
                    }
                    if (signal != null && !a.inputDrift()) {
                        findings.add(AlertKind.CONCEPT_DRIFT);
                    }
                    if (perf.stream().anyMatch(Performance::breached)) {
                        findings.add(AlertKind.PERFORMANCE);
                    }
                    List<String> drifted = a.tests().stream()
                            .filter(DriftTest::drifted)
                            .map(DriftTest::target)
                            .distinct()
                            .toList();
                    windows.add(new Win(
                            window,
                            findings,
                            drifted,
                            a.inputDrift() || a.outputDrift(),
                            maxEffect(a.tests(), DriftMethod.KS),
                            maxEffect(a.tests(), DriftMethod.CHI_SQUARE)));
                    boolean labelled = !perf.isEmpty() || detectors != null;
                    for (AlertKind kind : AlertKind.values()) {
                        boolean needsLabels = kind == AlertKind.CONCEPT_DRIFT || kind == AlertKind.PERFORMANCE;
                        if (!(needsLabels ? labelled : !a.tests().isEmpty())) {
                            continue;
                        }
                        AlertPolicy.Outcome next = settings.alerts()
                                .next(
                                        tracks.getOrDefault(kind, AlertPolicy.Track.empty()),
                                        findings.contains(kind),
                                        "a");
                        tracks.put(kind, next.track());
                        if (next.step() != AlertPolicy.Step.NONE) {
                            fired.add(new Fired(
                                    kind,
                                    window,
                                    next.step() == AlertPolicy.Step.FIRE,
                                    kind == AlertKind.DATA_DRIFT ? a.driftedInputs() : List.of()));
                        }
                    }
                    rows = new ArrayList<>();
                    outcomes = new ArrayList<>();
                    signal = null;
                    window++;
                }
            } else if (r.kind() == RecordKind.LABEL) {
                Outcome o = pending.remove(r.label().id());
                if (o == null) {
                    continue;
                }
                o = new Outcome(
                        o.time(),
                        o.probabilities(),
                        o.predicted(),
                        classes.indexOf(String.valueOf(r.label().label())),
                        0,
                        0);
                if (detectors == null) {
                    detectors = ConceptDetectors.fresh(settings.detectors(), true);
                }
                String s = detectors.update(o);
                if (s != null) {
                    signals.merge(s + "@w" + window, 1L, Long::sum);
                    if (signal == null) {
                        signal = s;
                    }
                }
                if (outcomes.size() < settings.maxOutcomes()) {
                    outcomes.add(o);
                }
            }
        }
        return new Result(gen.manifest(), windows, fired, signals);
    }
}
