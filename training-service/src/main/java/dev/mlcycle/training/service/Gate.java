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
 * champion on the compare metric beyond the tolerance, both scored on the same test split. A first model of a name
 * is held to the bounds only. Every check, passed or not, goes into the decision, which the run record carries as
 * the evidence.
 *
 * @param min lowest allowed value per metric
 * @param max highest allowed value per metric
 * @param compareMetric the metric compared against the champion
 * @param tolerance how much worse than the champion the candidate may be
 */
public record Gate(Map<String, Double> min, Map<String, Double> max, String compareMetric, double tolerance) {

    /** Metrics where lower is better; every other metric is better higher. */
    private static final Set<String> LOWER_IS_BETTER = Set.of("rmse", "mae", "log_loss", "brier");

    public Gate {
        min = new TreeMap<>(min);
        max = new TreeMap<>(max);
    }

    /** Whether a lower value of the metric is better. */
    public static boolean lowerIsBetter(String metric) {
        return LOWER_IS_BETTER.contains(metric);
    }

    /** The champion's number and its metrics on the candidate's test split. */
    public record Champion(int version, Map<String, Double> metrics) {}

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
        if (champion != null) {
            checks.add(againstChampion(candidate.get(compareMetric), champion));
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
                        "%s %.4f vs champion v%d %.4f on the same test split (tolerance %.4f): %s",
                        compareMetric,
                        value,
                        champion.version(),
                        championValue,
                        tolerance,
                        ok ? "not worse" : "worse"));
    }
}
