package dev.mlcycle.monitoring.calibration;

import dev.mlcycle.datagen.DataGenerator;
import dev.mlcycle.datagen.GeneratedRecord;
import dev.mlcycle.datagen.RecordKind;
import dev.mlcycle.monitoring.drift.ConceptDetectors;
import dev.mlcycle.monitoring.drift.DetectorSettings;
import dev.mlcycle.monitoring.drift.Outcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The streaming detectors alone on the generator's labelled outcomes (in label arrival order, each tagged with the
 * window open when it arrived, as the topology sees them), over a grid of Page-Hinkley and DDM parameters: windows
 * with a signal before the change point (false alarms) and the first window with a signal after it.
 *
 * <pre>java ... dev.mlcycle.monitoring.calibration.DetectorGrid [seeds=3] [stationaryEvents=200000]</pre>
 */
public final class DetectorGrid {
    private DetectorGrid() {}

    /** Outcomes of one run with the window each arrived in. */
    record Stream(List<Outcome> outcomes, int[] window, long changeWindow) {}

    static Stream stream(String scenario, long seed, long events) {
        Harness.TrueModel model = new Harness.TrueModel();
        DataGenerator gen = DataGenerator.create(
                Harness.options(seed, events, scenario, Calibration.FAST_LABELS).build());
        Map<String, double[]> pending = new HashMap<>();
        List<Outcome> outcomes = new ArrayList<>();
        List<Integer> windows = new ArrayList<>();
        long predictions = 0;
        Instant t = Instant.EPOCH;
        while (gen.hasNext()) {
            GeneratedRecord r = gen.next();
            if (r.kind() == RecordKind.EVENT) {
                pending.put(r.event().id(), model.probabilities(r.event().features()));
                predictions++;
            } else if (r.kind() == RecordKind.LABEL) {
                double[] p = pending.remove(r.label().id());
                int actual = model.classes().indexOf(String.valueOf(r.label().label()));
                outcomes.add(new Outcome(t, p, p[1] > p[0] ? 1 : 0, actual, 0, 0));
                windows.add((int) (predictions / 2000) + 1);
            }
        }
        var points = gen.manifest().changePoints();
        long change = points.isEmpty() ? Long.MAX_VALUE : points.get(0).index() / 2000 + 1;
        return new Stream(outcomes, windows.stream().mapToInt(Integer::intValue).toArray(), change);
    }

    public static void main(String[] args) {
        int seeds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        long events = args.length > 1 ? Long.parseLong(args[1]) : 200_000;
        List<Stream> stationary = new ArrayList<>();
        List<Stream> concept = new ArrayList<>();
        for (int s = 1; s <= seeds; s++) {
            stationary.add(stream("stationary", s, events));
            concept.add(stream("concept:at=40000,strength=1", s, 80_000));
        }
        for (Stream st : concept) {
            double before = 0;
            double after = 0;
            double sq = 0;
            int nb = 0;
            int na = 0;
            double eb = 0;
            double ea = 0;
            for (int i = 0; i < st.outcomes().size(); i++) {
                Outcome o = st.outcomes().get(i);
                if (st.window()[i] < st.changeWindow()) {
                    before += o.loss();
                    sq += o.loss() * o.loss();
                    eb += o.error() ? 1 : 0;
                    nb++;
                } else if (st.window()[i] > st.changeWindow()) {
                    after += o.loss();
                    ea += o.error() ? 1 : 0;
                    na++;
                }
            }
            double mb = before / nb;
            System.out.printf(
                    Locale.ROOT,
                    "concept: log loss %.4f (sd %.4f) -> %.4f, error rate %.4f -> %.4f%n",
                    mb,
                    Math.sqrt(sq / nb - mb * mb),
                    after / na,
                    eb / nb,
                    ea / na);
        }
        double[][] ph = {
            {0.005, 50, 0.9999},
            {0.05, 100, 0.9999},
            {0.01, 50, 1},
            {0.02, 50, 1},
            {0.02, 100, 1},
            {0.03, 50, 1},
            {0.03, 100, 1},
            {0.05, 50, 1},
            {0.05, 100, 1}
        };
        int[] ddmMin = {30, 1000};
        double[] ddmLevel = {3, 5};
        System.out.println("detector | stationary: windows with a signal / windows | concept: signals before change;"
                + " first signal window - change window, per seed");
        for (double[] p : ph) {
            for (int dm : ddmMin) {
                for (double dl : ddmLevel) {
                    DetectorSettings d = new DetectorSettings(dm, Math.min(2.0, dl - 1), dl, p[0], p[1], p[2], 30);
                    int[] sf = count(stationary, d);
                    StringBuilder delays = new StringBuilder();
                    int falseBefore = 0;
                    for (Stream st : concept) {
                        int[] r = run(st, d);
                        falseBefore += r[0];
                        delays.append(r[1] < 0 ? "none" : Integer.toString(r[1]))
                                .append(' ');
                    }
                    System.out.printf(
                            Locale.ROOT,
                            "ph delta %.3f lambda %.0f alpha %.4f, ddm min %d level %.0f | %d / %d (ddm %d, ph %d) | %d; %s%n",
                            p[0],
                            p[1],
                            p[2],
                            dm,
                            dl,
                            sf[0],
                            sf[1],
                            sf[2],
                            sf[3],
                            falseBefore,
                            delays);
                }
            }
        }
    }

    /** Stationary: windows with a signal, windows, DDM signals, PH signals. */
    static int[] count(List<Stream> streams, DetectorSettings d) {
        int signalled = 0;
        int windows = 0;
        int ddm = 0;
        int ph = 0;
        for (Stream st : streams) {
            ConceptDetectors c = ConceptDetectors.fresh(d, true);
            int last = -1;
            for (int i = 0; i < st.outcomes().size(); i++) {
                String s = c.update(st.outcomes().get(i));
                if (s != null) {
                    if (s.equals(ConceptDetectors.DDM)) {
                        ddm++;
                    } else {
                        ph++;
                    }
                    if (st.window()[i] != last) {
                        signalled++;
                        last = st.window()[i];
                    }
                }
            }
            windows += st.window()[st.window().length - 1];
        }
        return new int[] {signalled, windows, ddm, ph};
    }

    /** Concept: windows with a signal before the change, first signal window after it minus the change window. */
    static int[] run(Stream st, DetectorSettings d) {
        ConceptDetectors c = ConceptDetectors.fresh(d, true);
        int before = 0;
        int last = -1;
        for (int i = 0; i < st.outcomes().size(); i++) {
            String s = c.update(st.outcomes().get(i));
            if (s != null) {
                if (st.window()[i] < st.changeWindow()) {
                    if (st.window()[i] != last) {
                        before++;
                        last = st.window()[i];
                    }
                } else {
                    return new int[] {before, (int) (st.window()[i] - st.changeWindow())};
                }
            }
        }
        return new int[] {before, -1};
    }
}
