package dev.mlcycle.contracts.record;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * How a {@link DriftTest} compared a window with the reference, named on the wire with its unit so that
 * a reader never has to guess what a number measures. Records written before these names existed said
 * {@code ks}, {@code chi2}, {@code js} or {@code psi}; those still read.
 */
public enum DriftMethod {
    /** Two-sample Kolmogorov-Smirnov: D, the largest gap between the two empirical CDFs, 0 to 1; p-value. */
    KS("ks_2samp", "D, the largest gap between the empirical CDFs (0 to 1)", true),
    /** Chi-square test of homogeneity on the 2 x k table of counts; p-value with the test's degrees of freedom. */
    CHI_SQUARE("chi2_homogeneity", "chi-square statistic of the 2 x k table of counts", true),
    /** Jensen-Shannon distance (the square root of the divergence) with log base 2: 0 to 1. */
    JS_DISTANCE("js_distance_base2", "Jensen-Shannon distance, log base 2 (0 to 1)", false),
    /** Population stability index with the natural log, on the reference's frozen bins. */
    PSI("psi_ln", "population stability index, natural log", false),
    /** (current mean - reference mean) / reference standard deviation. */
    MEAN_SHIFT("mean_shift_sd", "difference of means, in reference standard deviations", false),
    /** current standard deviation / reference standard deviation. */
    STD_RATIO("std_ratio", "ratio of standard deviations, current over reference", false),
    /** current missing share - reference missing share, -1 to 1. */
    MISSING_SHARE("missing_share_diff", "missing share, current minus reference (-1 to 1)", false);

    private final String wireName;
    private final String unit;
    private final boolean hasPValue;

    DriftMethod(String wireName, String unit, boolean hasPValue) {
        this.wireName = wireName;
        this.unit = unit;
        this.hasPValue = hasPValue;
    }

    /** The name on the wire, e.g. {@code js_distance_base2}. */
    @JsonValue
    public String wireName() {
        return wireName;
    }

    /** What the statistic measures, in words, e.g. for a chart's axis. */
    public String unit() {
        return unit;
    }

    /** Whether the method gives a p-value. */
    public boolean hasPValue() {
        return hasPValue;
    }

    /**
     * The method with this wire name, or one of the names of records written before them ({@code ks},
     * {@code chi2}, {@code js}, {@code psi}).
     *
     * @throws IllegalArgumentException naming the known names
     */
    @JsonCreator
    public static DriftMethod of(String name) {
        for (DriftMethod m : values()) {
            if (m.wireName.equals(name)) {
                return m;
            }
        }
        return switch (name == null ? "" : name) {
            case "ks" -> KS;
            case "chi2" -> CHI_SQUARE;
            case "js" -> JS_DISTANCE;
            case "psi" -> PSI;
            default -> throw new IllegalArgumentException("field \"method\": expected one of ks_2samp, "
                    + "chi2_homogeneity, js_distance_base2, psi_ln, mean_shift_sd, std_ratio, missing_share_diff, got "
                    + (name == null ? "nothing" : "\"" + name + "\""));
        };
    }
}
