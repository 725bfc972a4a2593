package dev.mlcycle.stats.drift;

/**
 * The outcome of a two-sample Kolmogorov-Smirnov test ({@link KolmogorovSmirnov}).
 *
 * @param statistic D, the largest absolute gap between the two empirical CDFs, in [0, 1]
 * @param pValue the two-sided p-value, in [0, 1]
 * @param n the size of the first sample (the reference)
 * @param m the size of the second sample (the window)
 * @param exact true when the p-value is the exact permutation probability (max(n, m) <= 10,000, as scipy's
 *     {@code method="auto"}), false when it is Smirnov's asymptotic one ({@code kstwo.sf(D, round(nm / (n +
 *     m)))})
 */
public record KsResult(double statistic, double pValue, int n, int m, boolean exact) {}
