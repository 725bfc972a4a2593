package dev.mlcycle.serving.batch;

/**
 * The run time of a batch as a function of its rows, {@code fixed + perRow * rows}, fitted by least squares with
 * exponential forgetting (weights {@code (1 - ALPHA)^age}) over the batches run so far: exponentially weighted moving
 * averages of {@code x}, {@code y}, {@code x²} and {@code xy} give slope {@code cov(x, y) / var(x)} and intercept
 * {@code ȳ - slope * x̄} (the usual normal equations, e.g. Hastie, Tibshirani and Friedman, <i>The Elements of
 * Statistical Learning</i>, 3.2). When the batches seen have (nearly) one size, or the fit gives a negative part, it
 * falls back to a cost proportional to rows. Written by one thread (the batcher's worker), read by any: the fit is one
 * immutable snapshot behind a volatile field.
 */
final class CostModel {
    /** Weight of the newest batch: about the last 20 batches count. */
    static final double ALPHA = 0.1;

    private record Fit(double mx, double my, double mxx, double mxy, double fixed, double perRow, long seen) {}

    private volatile Fit fit = new Fit(0, 0, 0, 0, 0, 0, 0);

    /** Records a batch of {@code rows} rows that ran in {@code nanos}. Call from one thread. */
    void observe(int rows, long nanos) {
        Fit f = fit;
        double x = rows;
        double y = nanos;
        double a = f.seen == 0 ? 1.0 : ALPHA;
        double mx = f.mx + a * (x - f.mx);
        double my = f.my + a * (y - f.my);
        double mxx = f.mxx + a * (x * x - f.mxx);
        double mxy = f.mxy + a * (x * y - f.mxy);
        double var = mxx - mx * mx;
        double fixed = 0;
        double perRow = mx > 0 ? my / mx : 0;
        if (var > 1e-6 * Math.max(1, mx * mx)) {
            double slope = (mxy - mx * my) / var;
            double intercept = my - slope * mx;
            if (slope >= 0 && intercept >= 0) {
                fixed = intercept;
                perRow = slope;
            }
        }
        fit = new Fit(mx, my, mxx, mxy, fixed, perRow, f.seen + 1);
    }

    /** The expected run time of a batch of {@code rows} rows, in nanoseconds; 0 before any batch ran. */
    long nanos(int rows) {
        Fit f = fit;
        return rows <= 0 ? 0 : (long) (f.fixed + f.perRow * rows);
    }

    /** The fitted fixed cost per batch, in nanoseconds. */
    double fixedNanos() {
        return fit.fixed;
    }

    /** The fitted cost per row, in nanoseconds. */
    double perRowNanos() {
        return fit.perRow;
    }
}
