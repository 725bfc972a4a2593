package dev.mlcycle.stats.drift;

/**
 * numpy's summation order for a contiguous float64 array ({@code pairwise_sum} in numpy's {@code
 * loops_utils.h}): fewer than 8 values are added left to right; up to 128 values go into 8 running sums
 * combined as ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7)), the rest added after; longer arrays are split
 * in two at a multiple of 8 and summed recursively. Used where the terms cancel (Jensen-Shannon), so that the
 * result matches scipy's to the last bits rather than to a few ulps of the terms.
 */
final class PairwiseSum {
    private static final int BLOCK = 128;

    private PairwiseSum() {}

    static double sum(double[] a) {
        return sum(a, 0, a.length);
    }

    private static double sum(double[] a, int from, int n) {
        if (n < 8) {
            double res = 0.0;
            for (int i = 0; i < n; i++) {
                res += a[from + i];
            }
            return res;
        }
        if (n <= BLOCK) {
            double[] r = new double[8];
            for (int j = 0; j < 8; j++) {
                r[j] = a[from + j];
            }
            int i;
            for (i = 8; i < n - (n % 8); i += 8) {
                for (int j = 0; j < 8; j++) {
                    r[j] += a[from + i + j];
                }
            }
            double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
            for (; i < n; i++) {
                res += a[from + i];
            }
            return res;
        }
        int n2 = n / 2;
        n2 -= n2 % 8;
        return sum(a, from, n2) + sum(a, from + n2, n - n2);
    }
}
