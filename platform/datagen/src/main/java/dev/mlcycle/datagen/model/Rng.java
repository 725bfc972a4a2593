package dev.mlcycle.datagen.model;

import java.nio.charset.StandardCharsets;

/**
 * A seeded random stream: SplitMix64 (Steele, Lea and Flood, "Fast splittable pseudorandom number
 * generators", OOPSLA 2014; the generator behind {@link java.util.SplittableRandom}), written out here so
 * that the sequence is fixed by this file and not by a JDK release.
 *
 * <p>Every quantity the generator draws comes from a named stream derived from the run's seed ({@link
 * #stream}), so streams are independent: drawing more from one (say, more faults) never shifts another
 * (the feature values). Transcendental functions go through {@link StrictMath}, whose results are
 * specified bit for bit, so the same seed gives the same values on every JVM and CPU.
 *
 * <p>Not thread-safe; one stream belongs to one generator.
 */
public final class Rng {
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;
    private static final double DOUBLE_UNIT = 0x1.0p-53;

    private long state;
    private double spareGaussian;
    private boolean hasSpareGaussian;

    private Rng(long state) {
        this.state = state;
    }

    /**
     * The stream called {@code name} of the run seeded with {@code seed}: its start state is {@code
     * mix64(seed ^ mix64(fnv1a64(name)))}.
     */
    public static Rng stream(long seed, String name) {
        return new Rng(mix64(seed ^ mix64(fnv1a64(name))));
    }

    /** Stafford's variant 13 of the MurmurHash3 finaliser, as in SplitMix64. */
    static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** FNV-1a, 64 bit, over the UTF-8 bytes of {@code s}. */
    static long fnv1a64(String s) {
        long h = 0xCBF29CE484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xFF;
            h *= 0x100000001B3L;
        }
        return h;
    }

    /** 64 uniformly distributed bits. */
    public long nextLong() {
        state += GOLDEN_GAMMA;
        return mix64(state);
    }

    /** Uniform in [0, 1), 53 bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * DOUBLE_UNIT;
    }

    /** Uniform in [lo, hi). */
    public double uniform(double lo, double hi) {
        return lo + (hi - lo) * nextDouble();
    }

    /** Uniform in [0, bound), without modulo bias. */
    public long nextLong(long bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive, got " + bound);
        }
        long m = bound - 1;
        long r = nextLong() >>> 1;
        if ((bound & m) == 0L) {
            return r & m;
        }
        // Rejection as in java.util.SplittableRandom: retry the rare draws from the incomplete last block.
        for (long u = r; u + m - (r = u % bound) < 0L; u = nextLong() >>> 1) {
            // retry
        }
        return r;
    }

    /** Uniform in [0, bound). */
    public int nextInt(int bound) {
        return (int) nextLong(bound);
    }

    /** Uniform in [lo, hi], both inclusive. */
    public long between(long lo, long hi) {
        return lo + nextLong(hi - lo + 1);
    }

    /** True with probability {@code p}. */
    public boolean chance(double p) {
        return nextDouble() < p;
    }

    /** Standard normal, by Marsaglia's polar method; values come in pairs, the second is kept. */
    public double nextGaussian() {
        if (hasSpareGaussian) {
            hasSpareGaussian = false;
            return spareGaussian;
        }
        double u;
        double v;
        double s;
        do {
            u = 2.0 * nextDouble() - 1.0;
            v = 2.0 * nextDouble() - 1.0;
            s = u * u + v * v;
        } while (s >= 1.0 || s == 0.0);
        double mul = StrictMath.sqrt(-2.0 * StrictMath.log(s) / s);
        spareGaussian = v * mul;
        hasSpareGaussian = true;
        return u * mul;
    }

    /** Normal with the given mean and standard deviation. */
    public double gaussian(double mean, double sd) {
        return mean + sd * nextGaussian();
    }

    /**
     * Poisson with mean {@code lambda}, by Knuth's multiplication method (exact; fine for the small
     * means used here, O(lambda) draws).
     */
    public long poisson(double lambda) {
        if (!(lambda >= 0.0) || lambda > 500.0) {
            throw new IllegalArgumentException("poisson mean must be in [0, 500], got " + lambda);
        }
        double limit = StrictMath.exp(-lambda);
        long k = 0;
        double p = nextDouble();
        while (p > limit) {
            k++;
            p *= nextDouble();
        }
        return k;
    }

    /**
     * An index drawn with the given cumulative probabilities ({@code cumulative[last]} is 1).
     */
    public int categorical(double[] cumulative) {
        double u = nextDouble();
        for (int i = 0; i < cumulative.length - 1; i++) {
            if (u < cumulative[i]) {
                return i;
            }
        }
        return cumulative.length - 1;
    }

    /** Cumulative sums of {@code probabilities}, the last forced to exactly 1. */
    public static double[] cumulative(double... probabilities) {
        double[] c = new double[probabilities.length];
        double sum = 0;
        for (int i = 0; i < probabilities.length; i++) {
            sum += probabilities[i];
            c[i] = sum;
        }
        if (Math.abs(sum - 1.0) > 1e-9) {
            throw new IllegalArgumentException("probabilities must sum to 1, got " + sum);
        }
        c[c.length - 1] = 1.0;
        return c;
    }
}
