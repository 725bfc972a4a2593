package dev.mlcycle.features;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import java.util.Objects;

/**
 * How {@link FeatureEncoder#fit} fits an encoder.
 *
 * @param scaling how numeric and integer features are scaled
 * @param minCategoryCount how many times a category outside the spec's declared values must occur in
 *     the train split to get its own column (only for features whose spec allows unseen values)
 * @param maxCategories the most such learned categories per feature, the most frequent first (ties by
 *     name); the declared values always get a column and do not count against it
 */
public record EncoderOptions(Scaling scaling, int minCategoryCount, int maxCategories) {
    /** A learned category needs at least this many train rows by default. */
    public static final int DEFAULT_MIN_CATEGORY_COUNT = 10;
    /** At most this many learned categories per feature by default. */
    public static final int DEFAULT_MAX_CATEGORIES = 50;

    /**
     * Checks the options.
     *
     * @throws MlcycleException {@link Reason#INVALID_ARGUMENT} if scaling is null, minCategoryCount is
     *     below 1 or maxCategories is negative
     */
    public EncoderOptions {
        if (scaling == null) {
            throw new MlcycleException(Reason.INVALID_ARGUMENT, "encoder options: scaling is required, got null");
        }
        if (minCategoryCount < 1) {
            throw new MlcycleException(
                    Reason.INVALID_ARGUMENT, "encoder options: minCategoryCount must be >= 1, got " + minCategoryCount);
        }
        if (maxCategories < 0) {
            throw new MlcycleException(
                    Reason.INVALID_ARGUMENT, "encoder options: maxCategories must be >= 0, got " + maxCategories);
        }
    }

    /** Standard scaling, {@value #DEFAULT_MIN_CATEGORY_COUNT} and {@value #DEFAULT_MAX_CATEGORIES}. */
    public static EncoderOptions defaults() {
        return new EncoderOptions(Scaling.STANDARD, DEFAULT_MIN_CATEGORY_COUNT, DEFAULT_MAX_CATEGORIES);
    }

    /** These options with another scaling. */
    public EncoderOptions withScaling(Scaling newScaling) {
        return new EncoderOptions(Objects.requireNonNull(newScaling, "scaling"), minCategoryCount, maxCategories);
    }

    /** These options with another minimum count for learned categories. */
    public EncoderOptions withMinCategoryCount(int count) {
        return new EncoderOptions(scaling, count, maxCategories);
    }

    /** These options with another cap on learned categories. */
    public EncoderOptions withMaxCategories(int max) {
        return new EncoderOptions(scaling, minCategoryCount, max);
    }
}
