package dev.mlcycle.stats.profile;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.memory.Memory;

/**
 * The profile of a numeric column (or of a model's numeric output), frozen at training time.
 *
 * <p><b>Bins.</b> Asked for b bins, the cut points are the order statistics x[floor(n j / b)] (0-based,
 * of the sorted values, exact integer arithmetic) for j = 1 .. b-1; cut points equal to the previous
 * one (ties) or to the minimum are dropped, and what is left are the {@code edges} e_1 < ... < e_m.
 * They make m + 1 bins (-inf, e_1), [e_1, e_2), ..., [e_m, +inf): the first and last are open, and a
 * value equal to an edge goes to the bin on its right. Without ties every bin holds floor(n (j+1) / b)
 * - floor(n j / b) values, so 1..10 in 10 bins gives one value per bin; a constant column has no edges
 * and one bin; and since every edge is a value above the minimum, no bin of the training data is
 * empty. The cut point for probability q is the right limit of the empirical quantile function,
 * {@code lim_{p->q+} Q(p)}, which pairs with bins closed on the left; numpy gives the same with
 * {@code np.quantile(x, q + 1e-9, method="inverted_cdf")} (Hyndman and Fan 1996, definition 1), which is
 * how the golden file checks it.
 *
 * <p><b>Moments.</b> {@code mean} and {@code std} are the population mean and standard deviation (numpy's
 * {@code mean} and {@code std} with ddof = 0), computed over values divided by a power of two near the
 * largest magnitude so that finite values up to 1.8e308 neither overflow nor lose precision; a
 * constant column has exactly its value as mean and std 0.
 *
 * <p><b>Sample and sketch.</b> {@code sample} is a uniform sample without replacement of at most
 * {@link ProfileOptions#sampleSize()} values, sorted, drawn by selection sampling (Knuth, TAOCP vol. 2,
 * 3.4.2, Algorithm S) over the sorted values with the options' seed: it depends on the values and the
 * seed, not on their order. All values are kept when there are fewer. {@code sketch} is a serialized
 * DataSketches {@link KllDoublesSketch} of every value (base64 in JSON), for approximate quantiles and
 * ranks; read it with {@link #quantileSketch()}.
 *
 * <p>A column with no values (all missing) has count 0, no min, max, mean or std (null, left out of
 * JSON), no edges, one bin of count 0, an empty sample and an empty sketch.
 *
 * @param count the number of values (non-missing)
 * @param missing the number of missing values
 * @param min the smallest value; null when count is 0
 * @param max the largest value; null when count is 0
 * @param mean the mean; null when count is 0
 * @param std the population standard deviation; null when count is 0
 * @param edges the frozen bin edges, strictly increasing, each above min
 * @param counts the number of values in each bin, {@code edges.length + 1} of them, summing to count
 * @param sample the sorted uniform sample
 * @param sketch the serialized KLL doubles sketch
 */
public record NumericProfile(
        long count,
        long missing,
        Double min,
        Double max,
        Double mean,
        Double std,
        double[] edges,
        long[] counts,
        double[] sample,
        byte[] sketch)
        implements FeatureProfile {

    public NumericProfile {
        if (count < 0) {
            throw new IllegalArgumentException("field \"count\": expected >= 0, got " + count);
        }
        if (missing < 0) {
            throw new IllegalArgumentException("field \"missing\": expected >= 0, got " + missing);
        }
        edges = required(edges, "edges").clone();
        counts = required(counts, "counts").clone();
        sample = required(sample, "sample").clone();
        sketch = required(sketch, "sketch").clone();
        if (count == 0) {
            if (min != null || max != null || mean != null || std != null) {
                throw new IllegalArgumentException(
                        "field \"min\": expected no min, max, mean or std for a profile with no values (count 0)");
            }
            if (edges.length != 0 || counts.length != 1 || counts[0] != 0 || sample.length != 0) {
                throw new IllegalArgumentException("field \"counts\": expected no edges, counts [0] and an empty"
                        + " sample for a profile with no values (count 0), got edges " + Arrays.toString(edges)
                        + ", counts " + Arrays.toString(counts) + ", " + sample.length + " sampled");
            }
        } else {
            finite(min, "min");
            finite(max, "max");
            finite(mean, "mean");
            finite(std, "std");
            if (min > max) {
                throw new IllegalArgumentException("field \"min\": expected min <= max, got " + min + " > " + max);
            }
            if (std < 0) {
                throw new IllegalArgumentException("field \"std\": expected >= 0, got " + std);
            }
            for (int j = 0; j < edges.length; j++) {
                double lowest = j == 0 ? min : edges[j - 1];
                if (!Double.isFinite(edges[j]) || !(edges[j] > lowest) || edges[j] > max) {
                    throw new IllegalArgumentException("field \"edges[" + j + "]\": expected a finite number above "
                            + (j == 0 ? "min " : "the previous edge ") + lowest + " and at most max " + max
                            + ", got " + edges[j]);
                }
            }
            if (counts.length != edges.length + 1) {
                throw new IllegalArgumentException("field \"counts\": expected " + (edges.length + 1)
                        + " bin counts (edges + 1), got " + counts.length);
            }
            long sum = 0;
            for (int j = 0; j < counts.length; j++) {
                if (counts[j] < 0) {
                    throw new IllegalArgumentException("field \"counts[" + j + "]\": expected >= 0, got " + counts[j]);
                }
                sum += counts[j];
            }
            if (sum != count) {
                throw new IllegalArgumentException(
                        "field \"counts\": expected bin counts summing to count " + count + ", got " + sum);
            }
            if (sample.length > count) {
                throw new IllegalArgumentException(
                        "field \"sample\": expected at most count " + count + " values, got " + sample.length);
            }
            for (int i = 0; i < sample.length; i++) {
                if (!(sample[i] >= min && sample[i] <= max) || (i > 0 && sample[i] < sample[i - 1])) {
                    throw new IllegalArgumentException("field \"sample[" + i + "]\": expected sorted values in [min "
                            + min + ", max " + max + "], got " + sample[i]);
                }
            }
        }
    }

    /**
     * Profiles the non-missing values of a column.
     *
     * @param values the non-missing values, each finite (an empty array makes a "no values" profile)
     * @param missing how many values of the column were missing, 0 or more
     * @param options bins, sample size, sketch k and seed
     * @throws MlcycleException INVALID_ARGUMENT when a value is NaN or infinite (naming its index) or
     *     missing is negative
     */
    public static NumericProfile of(double[] values, long missing, ProfileOptions options) {
        Objects.requireNonNull(values, "values");
        Objects.requireNonNull(options, "options");
        if (missing < 0) {
            throw new MlcycleException(Reason.INVALID_ARGUMENT, "missing: expected 0 or more, got " + missing);
        }
        int n = values.length;
        double[] sorted = new double[n];
        for (int i = 0; i < n; i++) {
            double v = values[i];
            if (!Double.isFinite(v)) {
                throw new MlcycleException(
                        Reason.INVALID_ARGUMENT,
                        "values[" + i + "]: expected a finite number, got " + v
                                + " (pass missing values as the missing count, not as NaN)");
            }
            sorted[i] = v + 0.0; // -0.0 -> 0.0, so that one zero is one value
        }
        Arrays.sort(sorted);
        KllDoublesSketch kll = KllDoublesSketch.newHeapInstance(options.sketchK());
        for (double v : sorted) {
            kll.update(v);
        }
        byte[] sketchBytes = kll.toByteArray();
        if (n == 0) {
            return new NumericProfile(
                    0, missing, null, null, null, null, new double[0], new long[] {0}, new double[0], sketchBytes);
        }
        double min = sorted[0];
        double max = sorted[n - 1];
        double[] moments = moments(sorted);
        double[] edges = edges(sorted, options.bins());
        return new NumericProfile(
                n,
                missing,
                min,
                max,
                moments[0],
                moments[1],
                edges,
                counts(sorted, edges),
                sample(sorted, options.sampleSize(), options.seed()),
                sketchBytes);
    }

    /**
     * The bin of a value: the number of edges at or below it, from 0 (the open bin (-inf, e_1)) to
     * {@code edges().length} (the open bin [e_m, +inf)). A value equal to an edge goes to the bin on its
     * right. Infinities go to the first and last bins.
     *
     * @throws MlcycleException INVALID_ARGUMENT for NaN: count missing values apart
     */
    public int binOf(double value) {
        if (Double.isNaN(value)) {
            throw new MlcycleException(
                    Reason.INVALID_ARGUMENT, "binOf: expected a number, got NaN (count missing values apart)");
        }
        int lo = 0;
        int hi = edges.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (edges[mid] <= value) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** The number of bins, {@code edges().length + 1}. */
    public int bins() {
        return counts.length;
    }

    /** The number of training values in one bin. */
    public long countOf(int bin) {
        return counts[bin];
    }

    /** A fresh copy of the KLL sketch (it may be merged into or updated without changing the profile). */
    public KllDoublesSketch quantileSketch() {
        return KllDoublesSketch.heapify(Memory.wrap(sketch));
    }

    @Override
    public double[] edges() {
        return edges.clone();
    }

    @Override
    public long[] counts() {
        return counts.clone();
    }

    @Override
    public double[] sample() {
        return sample.clone();
    }

    @Override
    public byte[] sketch() {
        return sketch.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NumericProfile p
                && count == p.count
                && missing == p.missing
                && Objects.equals(min, p.min)
                && Objects.equals(max, p.max)
                && Objects.equals(mean, p.mean)
                && Objects.equals(std, p.std)
                && Arrays.equals(edges, p.edges)
                && Arrays.equals(counts, p.counts)
                && Arrays.equals(sample, p.sample)
                && Arrays.equals(sketch, p.sketch);
    }

    @Override
    public int hashCode() {
        int h = Objects.hash(count, missing, min, max, mean, std);
        h = 31 * h + Arrays.hashCode(edges);
        h = 31 * h + Arrays.hashCode(counts);
        h = 31 * h + Arrays.hashCode(sample);
        return 31 * h + Arrays.hashCode(sketch);
    }

    @Override
    public String toString() {
        return "NumericProfile[count=" + count + ", missing=" + missing + ", min=" + min + ", max=" + max
                + ", mean=" + mean + ", std=" + std + ", edges=" + Arrays.toString(edges) + ", counts="
                + Arrays.toString(counts) + ", sample=" + sample.length + " values, sketch=" + sketch.length
                + " bytes]";
    }

    /** The frozen edges of sorted values (at least one) asked for {@code bins} bins: see the class doc. */
    static double[] edges(double[] sorted, int bins) {
        int n = sorted.length;
        double min = sorted[0];
        double[] out = new double[bins - 1];
        int m = 0;
        for (int j = 1; j < bins; j++) {
            double v = sorted[(int) ((long) n * j / bins)];
            if (v > min && (m == 0 || v > out[m - 1])) {
                out[m++] = v;
            }
        }
        return Arrays.copyOf(out, m);
    }

    private static long[] counts(double[] sorted, double[] edges) {
        long[] counts = new long[edges.length + 1];
        int bin = 0;
        for (double v : sorted) {
            while (bin < edges.length && v >= edges[bin]) {
                bin++;
            }
            counts[bin]++;
        }
        return counts;
    }

    /** {mean, population std} of sorted values, over values scaled by a power of two. */
    private static double[] moments(double[] sorted) {
        int n = sorted.length;
        double min = sorted[0];
        double max = sorted[n - 1];
        if (min == max) {
            return new double[] {min, 0.0};
        }
        double largest = Math.max(Math.abs(min), Math.abs(max));
        double scale = Math.scalb(1.0, Math.getExponent(largest));
        double sum = 0;
        for (double v : sorted) {
            sum += v / scale;
        }
        double scaledMean = sum / n;
        double squares = 0;
        for (double v : sorted) {
            double d = v / scale - scaledMean;
            squares += d * d;
        }
        double mean = Math.min(Math.max(scaledMean * scale, min), max);
        return new double[] {mean, Math.sqrt(squares / n) * scale};
    }

    /** Selection sampling (Algorithm S) of min(n, size) sorted values, so the sample comes out sorted. */
    private static double[] sample(double[] sorted, int size, long seed) {
        int n = sorted.length;
        if (n <= size) {
            return sorted.clone();
        }
        double[] out = new double[size];
        SplittableRandom random = new SplittableRandom(seed);
        int chosen = 0;
        for (int i = 0; i < n && chosen < size; i++) {
            if (random.nextInt(n - i) < size - chosen) {
                out[chosen++] = sorted[i];
            }
        }
        return out;
    }

    private static void finite(Double v, String field) {
        if (v == null || !Double.isFinite(v)) {
            throw new IllegalArgumentException("field \"" + field + "\": expected a finite number, got " + v);
        }
    }

    private static <T> T required(T value, String field) {
        if (value == null) {
            throw new IllegalArgumentException("missing field \"" + field + "\"");
        }
        return value;
    }
}
