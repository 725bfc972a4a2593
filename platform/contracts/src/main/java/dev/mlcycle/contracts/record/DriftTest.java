package dev.mlcycle.contracts.record;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One comparison of a window with the model's reference profile. Nested in {@link DriftReport}, on
 * {@code mlcycle.drift.reports}; written by monitoring, read by the CLI and the report page.
 *
 * <p>A test that decides (KS for a numeric input, chi-square for a categorical one) has a p-value, the
 * p-value after the report's multiple-testing correction, the significance level it was held to, and an
 * effect size with the floor it must clear: it drifts only when both hold. Descriptive comparisons (JS
 * distance, PSI, mean shift, ...) carry only their statistic and never decide.
 *
 * @param target the feature tested, or {@code prediction} / {@code prediction.class} for the model's outputs
 * @param kind {@code numeric}, {@code categorical} or {@code prediction}
 * @param method how it was compared, with its unit ({@code test} in records written before methods were named)
 * @param statistic the statistic in the method's unit
 * @param pValue optional: its p-value, in [0, 1]
 * @param adjustedPValue optional: the p-value after the report's correction
 * @param threshold optional: the significance level the adjusted p-value is held to (records written before
 *     effects were named used it for a bound on the statistic too)
 * @param effect optional: the effect size the decision used (KS D, JS distance)
 * @param effectFloor optional: the effect size a drift must reach
 * @param referenceSize optional: values on the reference side
 * @param currentSize optional: values on the window's side
 * @param degreesOfFreedom optional: for chi-square, after merging sparse categories
 * @param histogram optional: the counts behind it, per bin, both sides
 * @param drifted whether this test found drift
 */
public record DriftTest(
        String target,
        String kind,
        @JsonAlias("test") DriftMethod method,
        double statistic,
        Double pValue,
        // Spelled out: Jackson's snake_case joins consecutive capitals ("adjusted_pvalue").
        @JsonProperty("adjusted_p_value") Double adjustedPValue,
        Double threshold,
        Double effect,
        Double effectFloor,
        Long referenceSize,
        Long currentSize,
        Integer degreesOfFreedom,
        Histogram histogram,
        boolean drifted) {

    public DriftTest {
        Fields.text(target, "target");
        Fields.text(kind, "kind");
        Fields.required(method, "method");
        Fields.finite(statistic, "statistic");
        Fields.optionalProbability(pValue, "p_value");
        Fields.optionalProbability(adjustedPValue, "adjusted_p_value");
        Fields.optionalFinite(threshold, "threshold");
        Fields.optionalFinite(effect, "effect");
        Fields.optionalFinite(effectFloor, "effect_floor");
        Fields.optionalAtLeast(referenceSize, 0L, "reference_size");
        Fields.optionalAtLeast(currentSize, 0L, "current_size");
        Fields.optionalAtLeast(degreesOfFreedom, 0, "degrees_of_freedom");
    }

    /** A descriptive comparison: a statistic (with the counts behind it) that never decides. */
    public static DriftTest describe(
            String target,
            String kind,
            DriftMethod method,
            double statistic,
            long referenceSize,
            long currentSize,
            Histogram histogram) {
        return new DriftTest(
                target,
                kind,
                method,
                statistic,
                null,
                null,
                null,
                null,
                null,
                referenceSize,
                currentSize,
                null,
                histogram,
                false);
    }
}
