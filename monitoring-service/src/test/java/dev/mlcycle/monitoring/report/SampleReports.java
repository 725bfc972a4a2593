package dev.mlcycle.monitoring.report;

import dev.mlcycle.contracts.record.Alert;
import dev.mlcycle.contracts.record.Alert.AlertKind;
import dev.mlcycle.contracts.record.DetectorState;
import dev.mlcycle.contracts.record.DriftMethod;
import dev.mlcycle.contracts.record.DriftReport;
import dev.mlcycle.contracts.record.DriftTest;
import dev.mlcycle.contracts.record.Histogram;
import dev.mlcycle.contracts.record.Performance;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Drift reports and alerts as the topology writes them, for tests: a numeric feature (KS deciding, JS distance
 * describing, on ten frozen bins), a categorical one (chi-square on its categories plus unseen and missing), the
 * predicted probability, two metrics on labels with baseline and bound, and a DDM state. A drifting window moves
 * the numeric feature's window histogram to the right.
 */
public final class SampleReports {
    public static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
    public static final Duration WINDOW = Duration.ofMinutes(5);

    private SampleReports() {}

    /**
     * Window {@code window} (from 1) of a model version.
     *
     * @param numeric the numeric feature's name
     * @param drift whether the numeric feature drifts in this window
     * @param labels whether labels arrived (performance and detectors present)
     */
    public static DriftReport report(
            String model, int version, long window, String numeric, boolean drift, boolean labels) {
        Instant start = T0.plus(WINDOW.multipliedBy(window - 1));
        List<String> bins = new ArrayList<>();
        List<Double> edges = new ArrayList<>();
        for (int i = 1; i <= 9; i++) {
            edges.add(i * 10_000.0);
        }
        bins.add("(-inf, 10000)");
        for (int i = 1; i < 9; i++) {
            bins.add("[" + i * 10_000 + ", " + (i + 1) * 10_000 + ")");
        }
        bins.add("[90000, +inf)");
        List<Long> ref = List.of(20L, 60L, 140L, 220L, 260L, 180L, 70L, 30L, 15L, 5L);
        List<Long> cur = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            int from = drift ? Math.max(0, i - 2) : i;
            cur.add(ref.get(from) * 2 + (window % 3));
        }
        Histogram numericHist = new Histogram(bins, edges, ref, cur);
        double d = drift ? 0.21 + 0.01 * (window % 4) : 0.02 + 0.005 * (window % 5);
        double p = drift ? 1e-12 : 0.3 + 0.05 * (window % 5);
        double adj = drift ? 1e-11 : Math.min(1, p * 2);
        DriftTest ks = new DriftTest(
                numeric, "numeric", DriftMethod.KS, d, p, adj, 0.05, d, 0.1, 1000L, 2000L, null, numericHist, drift);
        DriftTest js = DriftTest.describe(
                numeric, "numeric", DriftMethod.JS_DISTANCE, drift ? 0.3 : 0.03, 1000, 2000, numericHist);
        Histogram regions = new Histogram(
                List.of("north", "south", "east", Histogram.UNSEEN, Histogram.MISSING),
                null,
                List.of(400L, 350L, 240L, 0L, 10L),
                List.of(810L, 690L, 470L, 5L, 25L));
        DriftTest chi = new DriftTest(
                "region",
                "categorical",
                DriftMethod.CHI_SQUARE,
                3.1,
                0.37,
                0.55,
                0.05,
                0.03,
                0.1,
                1000L,
                2000L,
                3,
                regions,
                false);
        DriftTest prediction = new DriftTest(
                "prediction",
                "prediction",
                DriftMethod.KS,
                0.03,
                0.2,
                0.4,
                0.05,
                0.03,
                0.1,
                1000L,
                2000L,
                null,
                null,
                false);
        List<Performance> performance = labels
                ? List.of(
                        new Performance("accuracy", 0.84 - 0.01 * (window % 3), 0.85, 500, 0.8, false),
                        new Performance("log_loss", 0.38 + 0.02 * (window % 3), 0.36, 500, 0.5, false))
                : List.of();
        List<DetectorState> detectors = labels
                ? List.of(new DetectorState(
                        "ddm",
                        "errors",
                        0.21,
                        0.3,
                        500 * window,
                        DetectorState.STABLE,
                        Map.of("min_observations", 30.0)))
                : List.of();
        return new DriftReport(
                model + "-v" + version + "-w" + window,
                model,
                version,
                "credit",
                start,
                start.plus(WINDOW),
                2000,
                List.of(ks, js, chi, prediction),
                performance,
                "benjamini-hochberg",
                drift,
                window,
                DriftReport.CLOSED_BY_ROWS,
                DriftReport.ARRIVAL,
                drift ? List.of(AlertKind.DATA_DRIFT) : List.of(),
                detectors);
    }

    /** A firing data-drift alert raised by a report. */
    public static Alert firing(String id, String model, String feature, String summary, Instant at) {
        return Alert.firing(
                id,
                AlertKind.DATA_DRIFT,
                Alert.Severity.WARNING,
                model,
                1,
                "credit",
                summary,
                List.of(feature),
                model + "-v1-w3",
                Alert.SOURCE_MONITORING,
                at,
                Map.of("ks_d", 0.23, "adjusted_p", 1e-11));
    }
}
