package dev.mlcycle.training.service;

import dev.mlcycle.contracts.record.GateCheck;
import dev.mlcycle.contracts.record.GateDecision;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The promotion gate: a candidate is registered only when it meets every absolute bound from the configuration
 * ({@code gate.min.<metric>}, {@code gate.max.<metric>}) and, when the model has a champion, is not worse than the
 * champion on the compare metric beyond the tolerance, both scored on the same test rows. A first model of a name
 * is held to the bounds only. Every check, passed or not, goes into the decision, which the run record carries as
 * the evidence.
 *
 * <p>The comparison is fair: test rows the champion may have been trained on are left out of both scores (see
 * {@link TrainedRange}), and when rows were left out a {@code min-compare-rows} check says how many and why; when
 * fewer than {@code minCompareRows} remain it fails and no comparison is made, so the candidate is refused with
 * that reason rather than judged against a champion scored on its own training rows.
 *
 * @param min lowest allowed value per metric
 * @param max highest allowed value per metric
 * @param compareMetric the metric compared against the champion
 * @param tolerance how much worse than the champion the candidate may be
 * @param minCompareRows test rows that must remain, after leaving out the champion's possible training rows, for
 *     the comparison to be made
 */
public record Gate(
        Map<String, Double> min, Map<String, Double> max, String compareMetric, double tolerance, int minCompareRows) {

    /** The default of {@code gate.min-compare-rows}. */
    public static final int DEFAULT_MIN_COMPARE_ROWS = 200;

    /** Metrics where lower is better; every other metric is better higher. */
    private static final Set<String> LOWER_IS_BETTER = Set.of("rmse", "mae", "log_loss", "brier");

    public Gate {
        min = new TreeMap<>(min);
        max = new TreeMap<>(max);
        if (minCompareRows < 1) {
            throw new IllegalArgumentException("gate.min-compare-rows: expected at least 1, got " + minCompareRows);
        }
    }

    /** A gate with the default {@code min-compare-rows}. */
    public Gate(Map<String, Double> min, Map<String, Double> max, String compareMetric, double tolerance) {
        this(min, max, compareMetric, tolerance, DEFAULT_MIN_COMPARE_ROWS);
    }

    /** Whether a lower value of the metric is better. */
    public static boolean lowerIsBetter(String metric) {
        return LOWER_IS_BETTER.contains(metric);
    }

    /**
     * The champion and both models' metrics on the test rows they are compared on.
     *
     * @param version the champion's version
     * @param metrics the champion's metrics on the compared rows (empty when too few remained to score)
     * @param candidateMetrics the candidate's metrics on the same rows, or null when no row was left out (then the
     *     candidate's test metrics are compared)
     * @param testRows rows in the candidate's test split
     * @param leftOut test rows left out because the champion may have trained on them
     * @param leftOutWhy why they were left out, for the evidence, or null when none were
     */
    public record Champion(
            int version,
            Map<String, Double> metrics,
            Map<String, Double> candidateMetrics,
            int testRows,
            int leftOut,
            String leftOutWhy) {

        /** A champion scored on the whole test split, nothing left out. */
        public Champion(int version, Map<String, Double> metrics) {
            this(version, metrics, null, 0, 0, null);
        }

        /** Test rows both models are compared on. */
        public int compared() {
            return testRows - leftOut;
        }
    }

    /**
     * Decides.
     *
     * @param candidate the candidate's metrics on the test split
     * @param champion the champion scored on the same split, or null when the model has none
     */
    public GateDecision decide(Map<String, Double> candidate, Champion champion) {
        List<GateCheck> checks = new ArrayList<>();
        min.forEach((metric, bound) -> checks.add(bound(metric, candidate.get(metric), bound, true)));
        max.forEach((metric, bound) -> checks.add(bound(metric, candidate.get(metric), bound, false)));
        if (champion != null && champion.leftOut() == 0) {
            checks.add(againstChampion(candidate.get(compareMetric), champion));
        } else if (champion != null) {
            GateCheck rows = compareRows(champion);
            checks.add(rows);
            if (rows.passed()) {
                checks.add(againstChampion(champion.candidateMetrics().get(compareMetric), champion));
            }
        }
        boolean passed = checks.stream().allMatch(GateCheck::passed);
        return new GateDecision(passed, checks, champion == null ? null : champion.version());
    }

    private static GateCheck bound(String metric, Double value, double bound, boolean atLeast) {
        String name = (atLeast ? "min-" : "max-") + metric;
        if (value == null) {
            return new GateCheck(
                    name, metric, 0, bound, null, null, false, metric + " was not computed for this model");
        }
        boolean ok = atLeast ? value >= bound : value <= bound;
        return new GateCheck(
                name,
                metric,
                value,
                bound,
                null,
                null,
                ok,
                String.format(
                        Locale.ROOT,
                        "%s %.4f %s %s %.4f",
                        metric,
                        value,
                        ok ? "meets" : "fails",
                        atLeast ? ">=" : "<=",
                        bound));
    }

    private GateCheck compareRows(Champion champion) {
        int compared = champion.compared();
        boolean ok = compared >= minCompareRows;
        return new GateCheck(
                "min-compare-rows",
                "compare_rows",
                compared,
                (double) minCompareRows,
                null,
                null,
                ok,
                String.format(
                        Locale.ROOT,
                        "%d of %d test rows left to compare with champion v%d after leaving out %d it may have been"
                                + " trained on (%s); %s",
                        compared,
                        champion.testRows(),
                        champion.version(),
                        champion.leftOut(),
                        champion.leftOutWhy(),
                        ok
                                ? "at least " + minCompareRows + " needed: compared on those"
                                : "at least " + minCompareRows + " needed: too few to compare fairly, refused"));
    }

    private GateCheck againstChampion(Double value, Champion champion) {
        String name = "not-worse-than-champion";
        Double championValue = champion.metrics().get(compareMetric);
        if (value == null || championValue == null) {
            return new GateCheck(
                    name,
                    compareMetric,
                    value == null ? 0 : value,
                    null,
                    championValue,
                    tolerance,
                    false,
                    compareMetric + " missing for the " + (value == null ? "candidate" : "champion"));
        }
        boolean lower = lowerIsBetter(compareMetric);
        boolean ok = lower ? value <= championValue + tolerance : value >= championValue - tolerance;
        return new GateCheck(
                name,
                compareMetric,
                value,
                null,
                championValue,
                tolerance,
                ok,
                String.format(
                        Locale.ROOT,
                        "%s %.4f vs champion v%d %.4f on %s (tolerance %.4f): %s",
                        compareMetric,
                        value,
                        champion.version(),
                        championValue,
                        champion.leftOut() == 0
                                ? "the same test split"
                                : "the same " + champion.compared() + " of " + champion.testRows() + " test rows",
                        tolerance,
                        ok ? "not worse" : "worse"));
    }
}
