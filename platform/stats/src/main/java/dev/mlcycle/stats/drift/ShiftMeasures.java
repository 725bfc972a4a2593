package dev.mlcycle.stats.drift;

import java.util.OptionalDouble;

/**
 * The descriptive comparisons of a window with the reference that need no test: mean shift in reference
 * standard deviations, the ratio of standard deviations and the difference of missing shares (the contract's
 * {@code mean_shift_sd}, {@code std_ratio} and {@code missing_share_diff}). Means and standard deviations are
 * population moments (ddof = 0), as in {@link dev.mlcycle.stats.profile.NumericProfile}.
 *
 * <p>Undefined values are empty, never infinite or NaN: a report's statistic must be finite. A reference
 * with standard deviation 0 (a constant column) gives 0 and 1 when the window is the same constant, and empty
 * otherwise (an infinite shift: the KS test and the histogram still report it).
 */
public final class ShiftMeasures {
    private ShiftMeasures() {}

    /**
     * (currentMean - referenceMean) / referenceStd.
     *
     * @throws dev.mlcycle.contracts.MlcycleException INVALID_ARGUMENT for a value that is not finite or a
     *     negative standard deviation
     */
    public static OptionalDouble meanShiftSd(double referenceMean, double referenceStd, double currentMean) {
        finite(referenceMean, "referenceMean");
        std(referenceStd, "referenceStd");
        finite(currentMean, "currentMean");
        if (referenceStd == 0.0) {
            return currentMean == referenceMean ? OptionalDouble.of(0.0) : OptionalDouble.empty();
        }
        return finiteOrEmpty((currentMean - referenceMean) / referenceStd);
    }

    /**
     * currentStd / referenceStd.
     *
     * @throws dev.mlcycle.contracts.MlcycleException INVALID_ARGUMENT for a value that is not finite or
     *     negative
     */
    public static OptionalDouble stdRatio(double referenceStd, double currentStd) {
        std(referenceStd, "referenceStd");
        std(currentStd, "currentStd");
        if (referenceStd == 0.0) {
            return currentStd == 0.0 ? OptionalDouble.of(1.0) : OptionalDouble.empty();
        }
        return finiteOrEmpty(currentStd / referenceStd);
    }

    /**
     * currentMissing / currentTotal - referenceMissing / referenceTotal, in [-1, 1]; empty when a side has no
     * rows.
     *
     * @throws dev.mlcycle.contracts.MlcycleException INVALID_ARGUMENT for a negative count or missing above its
     *     total
     */
    public static OptionalDouble missingShareDiff(
            long referenceMissing, long referenceTotal, long currentMissing, long currentTotal) {
        share(referenceMissing, referenceTotal, "reference");
        share(currentMissing, currentTotal, "current");
        if (referenceTotal == 0 || currentTotal == 0) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of((double) currentMissing / currentTotal - (double) referenceMissing / referenceTotal);
    }

    private static OptionalDouble finiteOrEmpty(double v) {
        return Double.isFinite(v) ? OptionalDouble.of(v) : OptionalDouble.empty();
    }

    private static void finite(double v, String name) {
        if (!Double.isFinite(v)) {
            throw Checks.invalid(name + ": expected a finite number, got " + v);
        }
    }

    private static void std(double v, String name) {
        if (!Double.isFinite(v) || v < 0) {
            throw Checks.invalid(name + ": expected a finite standard deviation >= 0, got " + v);
        }
    }

    private static void share(long missing, long total, String name) {
        if (total < 0 || missing < 0 || missing > total) {
            throw Checks.invalid(name + ": expected 0 <= missing <= total, got missing " + missing + " of " + total);
        }
    }
}
