package dev.mlcycle.stats.drift;

import java.util.Arrays;
import org.apache.commons.statistics.inference.KolmogorovSmirnovTest;
import org.apache.commons.statistics.inference.PValueMethod;

/**
 * Two-sample Kolmogorov-Smirnov, equal to {@code scipy.stats.ks_2samp(x, y, method="auto")} (two-sided).
 *
 * <p>Statistic: D = sup_t |F_n(t) - G_m(t)|, the largest gap between the empirical CDFs, evaluated after the
 * last of any tied values (scipy's {@code searchsorted(side="right")}); D is returned as the exact fraction
 * h / lcm(n, m) rounded once to a double. P-value as scipy chooses it: when max(n, m) <= 10,000 the exact
 * probability P(D_{n,m} >= d) under the null hypothesis (Hodges 1958; Viehmann 2021), otherwise Smirnov's
 * approximation by the one-sample distribution, P(D_N >= d) with N = round(nm / (n + m)) (Simard and
 * L'Ecuyer 2011, scipy's {@code kstwo.sf}). Ties do not change how the p-value is computed (as in scipy).
 *
 * <p>Both the statistic and the p-value come from Apache Commons Statistics 1.2 {@code KolmogorovSmirnovTest};
 * this class picks the exact or asymptotic method with scipy's rule ({@code max(n, m) <= 10000}; Commons's
 * own AUTO switches at {@code < 10000}) and checks the input. A sample of one value, which Commons refuses and
 * scipy accepts, is computed here in closed form (see {@code singleValue}). The golden test compares with scipy 1.17 to
 * 1e-12 relative.
 *
 * <p>Cost: sorting (O(n log n), about 80 ms per million values) and, for large samples, the p-value (Commons's
 * double-double evaluation of the one-sample distribution: about 250 ms at N = 500,000, where scipy takes
 * about 350 ms); the walk over the two sorted samples is O(n + m). The exact p-value costs about O(n m) when n
 * != m: 0.5 ms for 10,000 x 10,000 but 15 to 40 ms for 10,000 x 2,000 or 10,000 x 7,001 (measured on a
 * loaded 2-core machine), so a monitor testing many features per window should size its reference sample
 * with that in mind. Callers that keep their windows sorted use {@link #twoSampleSorted}.
 *
 * <p>References: J. L. Hodges (1958), The significance probability of the Smirnov two-sample test, Arkiv
 * for Matematik 3(5); R. Simard and P. L'Ecuyer (2011), Computing the two-sided Kolmogorov-Smirnov
 * distribution, J. Stat. Software 39(11); T. Viehmann (2021), arXiv:2102.08037.
 */
public final class KolmogorovSmirnov {
    /** scipy's {@code MAX_AUTO_N}: exact p-values while the larger sample has at most this many values. */
    public static final int MAX_EXACT_N = 10_000;

    private static final KolmogorovSmirnovTest EXACT =
            KolmogorovSmirnovTest.withDefaults().with(PValueMethod.EXACT);
    private static final KolmogorovSmirnovTest ASYMPTOTIC =
            KolmogorovSmirnovTest.withDefaults().with(PValueMethod.ASYMPTOTIC);

    private KolmogorovSmirnov() {}

    /**
     * Tests whether {@code x} and {@code y} come from the same continuous distribution. Neither array is
     * changed (Commons Statistics sorts copies).
     *
     * @param x the first sample (the reference), at least 1 value, no NaN (infinities are allowed)
     * @param y the second sample (the window), same rules
     * @throws dev.mlcycle.contracts.MlcycleException INVALID_ARGUMENT for null, no values or a NaN
     *     (the message names the sample and the index)
     */
    public static KsResult twoSample(double[] x, double[] y) {
        check(x, "x");
        check(y, "y");
        if (Math.min(x.length, y.length) == 1) {
            double[] sx = x.clone();
            double[] sy = y.clone();
            Arrays.sort(sx);
            Arrays.sort(sy);
            return singleValue(sx, sy);
        }
        return test(x, y);
    }

    /**
     * As {@link #twoSample} on samples the caller has already sorted ascending: the order is checked in one
     * pass and nothing is sorted again at O(n log n) (Commons Statistics still clones its inputs, and its sort
     * of an already sorted array is one linear pass).
     *
     * @throws dev.mlcycle.contracts.MlcycleException INVALID_ARGUMENT also when a sample is not sorted
     *     ascending (naming the first index out of order)
     */
    public static KsResult twoSampleSorted(double[] xSorted, double[] ySorted) {
        checkSorted(xSorted, "xSorted");
        checkSorted(ySorted, "ySorted");
        return test(xSorted, ySorted);
    }

    private static KsResult test(double[] x, double[] y) {
        int n = x.length;
        int m = y.length;
        if (Math.min(n, m) == 1) {
            return singleValue(x, y);
        }
        boolean exact = Math.max(n, m) <= MAX_EXACT_N;
        KolmogorovSmirnovTest.TwoResult r = (exact ? EXACT : ASYMPTOTIC).test(x, y);
        return new KsResult(r.getStatistic(), r.getPValue(), n, m, exact);
    }

    /**
     * One sample of a single value (Commons Statistics needs 2): D by the walk below; with M the other
     * sample's size and h = D M, the exact p is the share of the M + 1 equally likely ranks k of the single
     * value with max(k, M - k) >= h, that is (2 (M - h + 1) - max(0, M - 2h + 1)) / (M + 1) (1 when h = 0);
     * the asymptotic one is the one-sample law at N = round(M / (M + 1)) = 1, P(D_1 >= d) = min(1, 2 (1 -
     * d)). Both equal scipy's (checked in the golden file).
     */
    private static KsResult singleValue(double[] x, double[] y) {
        int n = x.length;
        int m = y.length;
        long big = Math.max(n, m);
        boolean exact = big <= MAX_EXACT_N;
        long h = integralStatistic(x, y); // in units of 1 / (n m) = 1 / big
        double d = h / (double) big;
        double p;
        if (!exact) {
            p = Math.min(1.0, Math.max(0.0, 2.0 * (1.0 - d)));
        } else if (h == 0) {
            p = 1.0;
        } else {
            long count = 2 * (big - h + 1) - Math.max(0, big - 2 * h + 1);
            p = count / (double) (big + 1);
        }
        return new KsResult(d, p, n, m, exact);
    }

    /**
     * max over t of |n m (F_n(t) - G_m(t))| for sorted samples, evaluated after the last of any tied values
     * (scipy's {@code searchsorted(side="right")}): the walk that merges the two samples, O(n + m).
     */
    static long integralStatistic(double[] x, double[] y) {
        int n = x.length;
        int m = y.length;
        long d = 0;
        long max = 0;
        long min = 0;
        int i = 0;
        int j = 0;
        while (i < n && j < m) {
            double v = Math.min(x[i], y[j]);
            while (i < n && x[i] == v) {
                i++;
                d += m;
            }
            while (j < m && y[j] == v) {
                j++;
                d -= n;
            }
            max = Math.max(max, d);
            min = Math.min(min, d);
        }
        // the rest of either sample only walks d back to 0
        return Math.max(max, -min);
    }

    private static void check(double[] values, String name) {
        Checks.notNull(values, name);
        if (values.length < 1) {
            throw Checks.invalid(name + ": expected at least 1 value for a two-sample Kolmogorov-Smirnov test, got "
                    + values.length);
        }
        for (int i = 0; i < values.length; i++) {
            if (Double.isNaN(values[i])) {
                throw Checks.invalid(name + "[" + i + "]: expected a number, got NaN");
            }
        }
    }

    private static void checkSorted(double[] values, String name) {
        check(values, name);
        for (int i = 1; i < values.length; i++) {
            if (values[i] < values[i - 1]) {
                throw Checks.invalid(name + "[" + i + "]: expected values sorted ascending, got " + values[i]
                        + " after " + values[i - 1]);
            }
        }
    }
}
