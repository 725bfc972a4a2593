package dev.mlcycle.stats.drift;

/**
 * Jensen-Shannon distance with log base 2, as {@code scipy.spatial.distance.jensenshannon(p, q, base=2)} of
 * the normalised counts.
 *
 * <p>Formula (Lin 1991, Divergence measures based on the Shannon entropy, IEEE Trans. Inf. Theory 37(1);
 * Endres and Schindelin 2003 for the square root as a metric): with P = p / sum p, Q = q / sum q and M = (P +
 * Q) / 2, JSD = (KL(P || M) + KL(Q || M)) / 2 with KL(A || B) = sum_i A_i log2(A_i / B_i) (terms with A_i = 0
 * are 0), and the distance is sqrt(JSD), from 0 (same shares) to 1 (no bin in common). The sums follow
 * numpy's order ({@link PairwiseSum}) and the natural log is divided by ln 2 at the end, as scipy does.
 */
public final class JensenShannon {
    private static final double LN2 = Math.log(2.0);

    private JensenShannon() {}

    /**
     * The Jensen-Shannon distance (base 2) between the shares of two count vectors over the same bins.
     *
     * @param p counts per bin (the reference), {@code >= 0}
     * @param q counts per bin (the window), {@code >= 0}, as many as {@code p}
     * @return a distance in [0, 1]; 0 when both are all zero
     * @throws dev.mlcycle.contracts.MlcycleException INVALID_ARGUMENT for null, lengths that differ, a negative
     *     count, or one vector all zero while the other is not (there is no distribution to compare)
     */
    public static double distanceBase2(long[] p, long[] q) {
        long pTotal = Checks.counts(p, "p");
        long qTotal = Checks.counts(q, "q");
        Checks.sameLength(p, "p", q, "q");
        if (pTotal == 0 && qTotal == 0) {
            return 0.0;
        }
        if (pTotal == 0 || qTotal == 0) {
            throw Checks.invalid((pTotal == 0 ? "p" : "q") + ": expected at least one count, all " + p.length
                    + " are 0 (the other vector has " + (pTotal == 0 ? qTotal : pTotal) + ")");
        }
        int k = p.length;
        double[] left = new double[k];
        double[] right = new double[k];
        double pt = pTotal;
        double qt = qTotal;
        for (int i = 0; i < k; i++) {
            double pi = p[i] / pt;
            double qi = q[i] / qt;
            double mi = (pi + qi) / 2.0;
            left[i] = relativeEntropy(pi, mi);
            right[i] = relativeEntropy(qi, mi);
        }
        double js = PairwiseSum.sum(left) + PairwiseSum.sum(right);
        js /= LN2;
        double d = Math.sqrt(js / 2.0);
        // rounding can leave a hair below 0 for equal shares; scipy would answer NaN there
        return Double.isNaN(d) ? 0.0 : d;
    }

    /** scipy.special.rel_entr: x ln(x / y) for x > 0 and y > 0; 0 for x = 0. */
    private static double relativeEntropy(double x, double y) {
        return x == 0.0 ? 0.0 : x * Math.log(x / y);
    }
}
