package dev.mlcycle.monitoring.calibration;

import dev.mlcycle.contracts.record.Alert.AlertKind;
import dev.mlcycle.datagen.manifest.Manifest;
import dev.mlcycle.monitoring.drift.Reference;
import dev.mlcycle.monitoring.topology.TopologySettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Measures the monitoring defaults ({@link TopologySettings#defaults()}) on the generator's scenarios over several
 * seeds: false alarms (windows with a finding, alerts fired) before the change point or on a stationary stream, and
 * the detection delay of the expected alert kind in windows after the window holding the manifest's change point.
 *
 * <pre>
 * ./mvnw -B -o -q test-compile -pl monitoring-service
 * java -Xmx3g -cp monitoring-service/target/test-classes:monitoring-service/target/classes:$(cat cp.txt) \
 *     dev.mlcycle.monitoring.calibration.Calibration [seeds=5] [case,case,...]
 * </pre>
 *
 * bench/monitoring.sh calibrate runs it. Prints one line per seed and a markdown table, which goes into
 * monitoring-service/DESIGN.md, "Measurements".
 */
public final class Calibration {
    /** The model's training rows and held-out rows behind each seed's reference. */
    static final int TRAIN_ROWS = 16_000;

    static final int TEST_ROWS = 4_000;
    /** Labels arrive 10 minutes (600 events at the generator's 1 s interval, 0.3 windows) after their event. */
    static final Duration FAST_LABELS = Duration.ofMinutes(10);

    /**
     * One measured case.
     *
     * @param name the row's name
     * @param scenario the generator's scenario
     * @param events valid events per seed
     * @param labelDelay the generator's mean label delay (jitter a quarter of it either way)
     * @param expected the alert kind the change should raise, or null (stationary, or "what fires")
     */
    record Case(String name, String scenario, long events, Duration labelDelay, AlertKind expected) {}

    static final List<Case> CASES = List.of(
            new Case("stationary", "stationary", 200_000, FAST_LABELS, null),
            new Case(
                    "covariate-0.25",
                    "covariate:at=20000,features=income,size=0.25",
                    60_000,
                    FAST_LABELS,
                    AlertKind.DATA_DRIFT),
            new Case(
                    "covariate-0.5",
                    "covariate:at=20000,features=income,size=0.5",
                    60_000,
                    FAST_LABELS,
                    AlertKind.DATA_DRIFT),
            new Case("concept", "concept:at=40000,strength=1", 100_000, FAST_LABELS, AlertKind.CONCEPT_DRIFT),
            new Case(
                    "concept-1d-labels",
                    "concept:at=40000,strength=1",
                    240_000,
                    Duration.ofDays(1),
                    AlertKind.CONCEPT_DRIFT),
            new Case("prior", "prior:at=20000,rate=0.3", 60_000, FAST_LABELS, null));

    private Calibration() {}

    /** What one case measured over its seeds. */
    record Measured(
            Case c,
            int seeds,
            int windows,
            int windowsBefore,
            int findingWindowsBefore,
            int driftedWindowsBefore,
            int alertsBefore,
            List<Integer> delays,
            Map<AlertKind, Integer> firedAfter,
            Map<AlertKind, Integer> foundAfter,
            int windowsAfter,
            Map<String, Integer> driftedTargetsAfter,
            double seconds) {}

    public static void main(String[] args) {
        int seeds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        List<String> names = args.length > 1 && !args[1].equals("all") ? List.of(args[1].split(",")) : null;
        boolean topology = args.length > 2 && args[2].equals("topology");
        TopologySettings settings = TopologySettings.defaults();
        System.out.println("settings: " + settings);
        System.out.println("path: " + (topology ? "topology (TopologyTestDriver, in-memory stores)" : "replay"));
        List<Measured> rows = new ArrayList<>();
        for (Case c : CASES) {
            if (names == null || names.contains(c.name())) {
                rows.add(measure(c, seeds, settings, topology, true));
            }
        }
        System.out.println();
        System.out.println(table(rows));
    }

    /** One seed of a case, through the topology or the replay. */
    static Replay.Result once(Case c, long seed, TopologySettings settings, boolean topology) {
        Harness.TrueModel model = new Harness.TrueModel();
        Reference reference = Harness.reference(model, 1_000 + seed, TRAIN_ROWS, TEST_ROWS);
        var options =
                Harness.options(seed, c.events(), c.scenario(), c.labelDelay()).build();
        return topology
                ? Replay.Result.of(Harness.run(options, model, reference, settings, false))
                : Replay.run(options, model, reference, settings);
    }

    static Measured measure(Case c, int seeds, TopologySettings settings, boolean topology, boolean print) {
        int windows = 0;
        int windowsBefore = 0;
        int findingBefore = 0;
        int driftedBefore = 0;
        int alertsBefore = 0;
        int windowsAfter = 0;
        List<Integer> delays = new ArrayList<>();
        Map<AlertKind, Integer> firedAfter = new EnumMap<>(AlertKind.class);
        Map<AlertKind, Integer> foundAfter = new EnumMap<>(AlertKind.class);
        Map<String, Integer> targetsAfter = new TreeMap<>();
        long t0 = System.nanoTime();
        for (int s = 1; s <= seeds; s++) {
            long t1 = System.nanoTime();
            Replay.Result run = once(c, s, settings, topology);
            List<Manifest.ChangePoint> points = run.manifest().changePoints();
            long changeWindow =
                    points.isEmpty() ? Long.MAX_VALUE : points.get(0).index() / settings.windowRows() + 1;
            for (Replay.Win r : run.windows()) {
                windows++;
                if (r.window() < changeWindow) {
                    windowsBefore++;
                    if (!r.findings().isEmpty()) {
                        findingBefore++;
                    }
                    if (r.drift()) {
                        driftedBefore++;
                    }
                } else {
                    windowsAfter++;
                    r.findings().forEach(k -> foundAfter.merge(k, 1, Integer::sum));
                    r.drifted().forEach(t -> targetsAfter.merge(t, 1, Integer::sum));
                }
            }
            double maxKs = run.windows().stream()
                    .filter(w -> w.window() < changeWindow)
                    .mapToDouble(Replay.Win::maxInputKs)
                    .max()
                    .orElse(0);
            double maxJs = run.windows().stream()
                    .filter(w -> w.window() < changeWindow)
                    .mapToDouble(Replay.Win::maxInputJs)
                    .max()
                    .orElse(0);
            Integer delay = null;
            List<String> fired = new ArrayList<>();
            for (Replay.Fired a : run.alerts()) {
                long w = a.window();
                if (!a.firing()) {
                    fired.add("resolved:" + a.kind() + "@w" + w);
                    continue;
                }
                fired.add(a.kind() + "@w" + w + (a.features().isEmpty() ? "" : a.features()));
                if (w < changeWindow) {
                    alertsBefore++;
                } else {
                    firedAfter.merge(a.kind(), 1, Integer::sum);
                    if (a.kind() == c.expected() && delay == null) {
                        delay = (int) (w - changeWindow);
                    }
                }
            }
            if (c.expected() != null) {
                delays.add(delay);
            }
            if (print) {
                System.out.printf(
                        Locale.ROOT,
                        "%s seed %d: %d windows (change in w%s), %.1f s, before the change largest input KS D %.4f and JS"
                                + " distance %.4f, findings %s, detector signals %s, alerts %s%n",
                        c.name(),
                        s,
                        run.windows().size(),
                        changeWindow == Long.MAX_VALUE ? "-" : Long.toString(changeWindow),
                        (System.nanoTime() - t1) / 1e9,
                        maxKs,
                        maxJs,
                        findingsByWindow(run.windows()),
                        new TreeMap<>(run.signals()),
                        fired);
            }
        }
        return new Measured(
                c,
                seeds,
                windows,
                windowsBefore,
                findingBefore,
                driftedBefore,
                alertsBefore,
                delays,
                firedAfter,
                foundAfter,
                windowsAfter,
                targetsAfter,
                (System.nanoTime() - t0) / 1e9);
    }

    /** Windows that found something: "w12:DATA_DRIFT(income)". */
    private static String findingsByWindow(List<Replay.Win> windows) {
        return windows.stream()
                .filter(r -> !r.findings().isEmpty())
                .map(r -> "w" + r.window() + ":"
                        + r.findings().stream().map(Enum::name).collect(Collectors.joining("+"))
                        + (r.drifted().isEmpty()
                                ? ""
                                : r.drifted().stream().collect(Collectors.joining(",", "(", ")"))))
                .collect(Collectors.joining(" ", "[", "]"));
    }

    static String table(List<Measured> rows) {
        StringBuilder sb = new StringBuilder();
        sb.append("| case | scenario | label delay | seeds | windows | windows before change: with a finding /"
                + " with a drifted test | alerts before change | detection delay (windows after the change window,"
                + " per seed) | alerts fired after change | windows after change with a finding, by kind |\n");
        sb.append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (Measured m : rows) {
            sb.append(String.format(
                    Locale.ROOT,
                    "| %s | `%s` | %s | %d | %d | %d / %d of %d (%.2f %%) | %d | %s | %s | %s of %d |\n",
                    m.c().name(),
                    m.c().scenario(),
                    m.c().labelDelay(),
                    m.seeds(),
                    m.windows(),
                    m.findingWindowsBefore(),
                    m.driftedWindowsBefore(),
                    m.windowsBefore(),
                    m.windowsBefore() == 0 ? 0.0 : 100.0 * m.findingWindowsBefore() / m.windowsBefore(),
                    m.alertsBefore(),
                    m.c().expected() == null
                            ? "-"
                            : m.c().expected() + " "
                                    + m.delays().stream()
                                            .map(d -> d == null ? "none" : d.toString())
                                            .collect(Collectors.joining(", ")),
                    m.firedAfter().isEmpty() ? "none" : m.firedAfter().toString(),
                    m.foundAfter().isEmpty() ? "none" : m.foundAfter().toString(),
                    m.windowsAfter()));
        }
        return sb.toString();
    }
}
