package dev.mlcycle.stats.profile;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;

/**
 * How numeric profiles are built.
 *
 * @param bins the number of equal-frequency bins asked for, 1 to {@value #MAX_BINS}; ties and
 *     constant columns give fewer (default {@value #DEFAULT_BINS})
 * @param sampleSize the most values kept in the uniform sample, 0 or more (default {@value
 *     #DEFAULT_SAMPLE_SIZE})
 * @param sketchK the KLL sketch's accuracy parameter k, {@value #MIN_SKETCH_K} to {@value
 *     #MAX_SKETCH_K} (default {@value #DEFAULT_SKETCH_K}: about 1.65% normalized rank error)
 * @param seed the seed of the sample: the same values and seed give the same sample
 */
public record ProfileOptions(int bins, int sampleSize, int sketchK, long seed) {
    /** Bins asked for by default (deciles). */
    public static final int DEFAULT_BINS = 10;
    /** The most bins one may ask for. */
    public static final int MAX_BINS = 10_000;
    /** Values kept in the sample by default, for exact two-sample KS tests later. */
    public static final int DEFAULT_SAMPLE_SIZE = 10_000;
    /** DataSketches' default KLL k. */
    public static final int DEFAULT_SKETCH_K = 200;
    /** The smallest KLL k DataSketches accepts. */
    public static final int MIN_SKETCH_K = 8;
    /** The largest KLL k DataSketches accepts. */
    public static final int MAX_SKETCH_K = 65_535;
    /** The sample's seed by default. */
    public static final long DEFAULT_SEED = 0L;

    public ProfileOptions {
        if (bins < 1 || bins > MAX_BINS) {
            throw invalid("bins: expected 1 to " + MAX_BINS + ", got " + bins);
        }
        if (sampleSize < 0) {
            throw invalid("sampleSize: expected 0 or more, got " + sampleSize);
        }
        if (sketchK < MIN_SKETCH_K || sketchK > MAX_SKETCH_K) {
            throw invalid("sketchK: expected " + MIN_SKETCH_K + " to " + MAX_SKETCH_K + ", got " + sketchK);
        }
    }

    /** 10 bins, a sample of at most 10,000, KLL k = 200, seed 0. */
    public static ProfileOptions defaults() {
        return new ProfileOptions(DEFAULT_BINS, DEFAULT_SAMPLE_SIZE, DEFAULT_SKETCH_K, DEFAULT_SEED);
    }

    /** A copy asking for another number of bins. */
    public ProfileOptions withBins(int count) {
        return new ProfileOptions(count, sampleSize, sketchK, seed);
    }

    /** A copy with another sample size. */
    public ProfileOptions withSampleSize(int size) {
        return new ProfileOptions(bins, size, sketchK, seed);
    }

    /** A copy with another KLL k. */
    public ProfileOptions withSketchK(int k) {
        return new ProfileOptions(bins, sampleSize, k, seed);
    }

    /** A copy with another sample seed. */
    public ProfileOptions withSeed(long newSeed) {
        return new ProfileOptions(bins, sampleSize, sketchK, newSeed);
    }

    private static MlcycleException invalid(String message) {
        return new MlcycleException(Reason.INVALID_ARGUMENT, message);
    }
}
