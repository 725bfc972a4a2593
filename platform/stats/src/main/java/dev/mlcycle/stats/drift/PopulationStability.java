package dev.mlcycle.stats.drift;

/**
 * Population stability index on the reference's frozen bins, natural log.
 *
 * <p>Formula (Siddiqi 2006, Credit Risk Scorecards, ch. 8; Yurdakul 2018, Statistical properties of the
 * population stability index, Western Michigan University dissertation): PSI = sum_i (c_i - r_i) ln(c_i /
 * r_i), where r_i and c_i are the reference's and the window's shares of bin i.
 *
 * <p>Smoothing rule: every count gets 0.5 added before the shares are taken, r_i = (R_i + 0.5) / (R + 0.5 k)
 * and c_i = (C_i + 0.5) / (C + 0.5 k) for k bins, in every bin and always (not only for empty bins, so the
 * index moves continuously with the counts). An empty bin thus counts as half an observation; the index is
 * finite and {@code >= 0}, 0 when the shares are equal. With few counts the smoothing pulls both sides
 * toward uniform; read PSI with the sample sizes.
 */
public final class PopulationStability {
    /** What every count gets added before shares are taken. */
    public static final double SMOOTHING = 0.5;

    private PopulationStability() {}

    /**
     * The population stability index of the window's counts against the reference's counts, same bins.
     *
     * @param reference counts per bin, {@code >= 0}
     * @param current counts per bin, {@code >= 0}, as many as {@code reference}
     * @return the index, {@code >= 0}; 0 when both are all zero
     * @throws dev.mlcycle.contracts.MlcycleException INVALID_ARGUMENT for null, no bins, lengths that differ, a
     *     negative count, or one vector all zero while the other is not
     */
    public static double index(long[] reference, long[] current) {
        long refTotal = Checks.counts(reference, "reference");
        long curTotal = Checks.counts(current, "current");
        Checks.sameLength(reference, "reference", current, "current");
        if (reference.length == 0) {
            throw Checks.invalid("reference: expected at least one bin, got none");
        }
        if (refTotal == 0 && curTotal == 0) {
            return 0.0;
        }
        if (refTotal == 0 || curTotal == 0) {
            throw Checks.invalid((refTotal == 0 ? "reference" : "current") + ": expected at least one count, all "
                    + reference.length + " are 0");
        }
        int k = reference.length;
        double rSum = 0.0;
        double cSum = 0.0;
        for (int i = 0; i < k; i++) {
            rSum += reference[i] + SMOOTHING;
            cSum += current[i] + SMOOTHING;
        }
        double[] terms = new double[k];
        for (int i = 0; i < k; i++) {
            double r = (reference[i] + SMOOTHING) / rSum;
            double c = (current[i] + SMOOTHING) / cSum;
            terms[i] = (c - r) * Math.log(c / r);
        }
        return PairwiseSum.sum(terms);
    }
}
