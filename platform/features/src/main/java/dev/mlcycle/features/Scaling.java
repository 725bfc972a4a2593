package dev.mlcycle.features;

/** How numeric and integer features are scaled after imputation; fitted on the train split only. */
public enum Scaling {
    /**
     * {@code (x - mean) / std}, with the mean and the population standard deviation of the imputed
     * train values; a standard deviation of 0 is replaced by 1 (the column is then only centred).
     */
    STANDARD,
    /** The imputed value unchanged. */
    NONE
}
