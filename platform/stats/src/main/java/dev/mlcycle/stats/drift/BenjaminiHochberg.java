package dev.mlcycle.stats.drift;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Benjamini-Hochberg adjusted p-values, as {@code scipy.stats.false_discovery_control(p, method="bh")}.
 *
 * <p>Formula (Benjamini and Hochberg 1995, Controlling the false discovery rate, J. R. Stat. Soc. B 57(1);
 * adjusted p-values as in Yekutieli and Benjamini 1999 and R's {@code p.adjust}): with the m p-values sorted
 * ascending, p_(1) <= ... <= p_(m), the adjusted value of p_(i) is min_{j >= i} min(1, p_(j) m / j). A
 * hypothesis is rejected at false discovery rate q when its adjusted p-value is {@code <= q}. The product is
 * taken as p * (m / i), the order scipy uses, so the results agree to the last bit.
 */
public final class BenjaminiHochberg {
    private BenjaminiHochberg() {}

    /**
     * The adjusted p-values, in the order given.
     *
     * @param pValues p-values in [0, 1]; none may be NaN; may be empty
     * @return a new array, same length; with 0 or 1 p-values a copy of the input
     * @throws dev.mlcycle.contracts.MlcycleException INVALID_ARGUMENT for null, NaN or a value outside [0, 1]
     *     (naming the index)
     */
    public static double[] adjust(double[] pValues) {
        Checks.notNull(pValues, "pValues");
        int m = pValues.length;
        for (int i = 0; i < m; i++) {
            double p = pValues[i];
            if (!(p >= 0.0 && p <= 1.0)) {
                throw Checks.invalid("pValues[" + i + "]: expected a p-value in [0, 1], got " + p);
            }
        }
        if (m <= 1) {
            return pValues.clone();
        }
        Integer[] order = new Integer[m];
        for (int i = 0; i < m; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> pValues[i]));
        double[] sorted = new double[m];
        for (int r = 0; r < m; r++) {
            double rank = r + 1;
            sorted[r] = pValues[order[r]] * (m / rank);
        }
        for (int r = m - 2; r >= 0; r--) {
            sorted[r] = Math.min(sorted[r], sorted[r + 1]);
        }
        double[] adjusted = new double[m];
        for (int r = 0; r < m; r++) {
            adjusted[order[r]] = Math.min(1.0, Math.max(0.0, sorted[r]));
        }
        return adjusted;
    }
}
