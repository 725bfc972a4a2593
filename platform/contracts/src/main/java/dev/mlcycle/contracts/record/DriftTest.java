package dev.mlcycle.contracts.record;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One statistical test of a window against the model's reference profile. Nested in {@link
 * DriftReport}, on {@code mlcycle.drift.reports}; written by monitoring, read by the CLI and the
 * report page.
 *
 * @param target the feature tested, or {@code prediction}
 * @param kind {@code numeric}, {@code categorical} or {@code prediction}
 * @param test the test: {@code ks}, {@code chi2}, {@code js}, {@code psi}
 * @param statistic the test statistic (KS distance, chi-square, JS distance, PSI)
 * @param pValue optional: its p-value, in [0, 1]; absent for distances without one (JS, PSI)
 * @param adjustedPValue optional: the p-value after the report's multiple-testing correction
 * @param threshold the bound the test compares against: a significance level for p-values, else a
 *     bound on the statistic
 * @param drifted whether this test found drift
 */
public record DriftTest(
        String target,
        String kind,
        String test,
        double statistic,
        Double pValue,
        // Spelled out: Jackson's snake_case joins consecutive capitals ("adjusted_pvalue").
        @JsonProperty("adjusted_p_value") Double adjustedPValue,
        double threshold,
        boolean drifted) {

    public DriftTest {
        Fields.text(target, "target");
        Fields.text(kind, "kind");
        Fields.text(test, "test");
        Fields.finite(statistic, "statistic");
        Fields.optionalProbability(pValue, "p_value");
        Fields.optionalProbability(adjustedPValue, "adjusted_p_value");
        Fields.finite(threshold, "threshold");
    }
}
