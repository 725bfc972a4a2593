package dev.mlcycle.features;

/**
 * The train statistics of numeric features: exact medians, and means and population standard
 * deviations by the corrected two-pass algorithm with compensated sums.
 */
final class Moments {
    private Moments() {}

    /**
     * The median of {@code sorted[0..n)}: the middle value, or the midpoint of the two middle values.
     * The midpoint is {@code (a + b) / 2}, or {@code a / 2 + b / 2} when the sum overflows.
     */
    static double median(double[] sorted, int n) {
        if (n == 0) {
            throw new IllegalArgumentException("median of no values");
        }
        if ((n & 1) == 1) {
            return sorted[n / 2];
        }
        double a = sorted[n / 2 - 1];
        double b = sorted[n / 2];
        double m = (a + b) / 2;
        return Double.isInfinite(m) ? a / 2 + b / 2 : m;
    }

    /**
     * Mean and population standard deviation (divisor n) of {@code x[0..n)}, n >= 1: the mean is a
     * Neumaier-compensated sum over n; the variance is the corrected two-pass formula {@code (Σd² -
     * (Σd)²/n) / n} with {@code d = x - mean} (Chan, Golub and LeVeque, "Algorithms for computing the
     * sample variance", The American Statistician 37(3), 1983, eq. 1.7). Values whose magnitudes would
     * overflow or underflow the sums of squares are first scaled by a power of two, which is exact.
     *
     * @return {@code {mean, std}}, both finite
     */
    static double[] meanAndStd(double[] x, int n) {
        if (n == 0) {
            throw new IllegalArgumentException("mean of no values");
        }
        double maxAbs = 0;
        for (int i = 0; i < n; i++) {
            maxAbs = Math.max(maxAbs, Math.abs(x[i]));
        }
        int e = Math.getExponent(maxAbs);
        double s = maxAbs > 0 && (e > 300 || e < -300) ? Math.scalb(1.0, -e) : 1.0;

        double sum = 0;
        double comp = 0;
        for (int i = 0; i < n; i++) {
            double v = x[i] * s;
            double t = sum + v;
            comp += Math.abs(sum) >= Math.abs(v) ? (sum - t) + v : (v - t) + sum;
            sum = t;
        }
        double mean = (sum + comp) / n;

        double ss = 0;
        double ssComp = 0;
        double sd = 0;
        for (int i = 0; i < n; i++) {
            double d = x[i] * s - mean;
            double sq = d * d;
            double t = ss + sq;
            ssComp += ss >= sq ? (ss - t) + sq : (sq - t) + ss;
            ss = t;
            sd += d;
        }
        double var = ((ss + ssComp) - sd * sd / n) / n;
        double std = Math.sqrt(Math.max(var, 0.0));
        // |mean| <= max|x| and std <= max|x| hold exactly; clamping keeps a last-bit rounding at the top
        // of the double range from turning into an infinity when unscaled.
        double m = Math.max(-maxAbs, Math.min(maxAbs, mean / s));
        return new double[] {m, Math.min(maxAbs, std / s)};
    }
}
