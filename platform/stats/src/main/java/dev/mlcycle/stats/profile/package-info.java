/**
 * The reference profile of a model: what its training data and its own predictions looked like,
 * stored as JSON in every model bundle, so that monitoring can compare live windows against it with
 * KS, chi-square, Jensen-Shannon and PSI using bins frozen at training time.
 *
 * <ul>
 *   <li>{@link dev.mlcycle.stats.profile.NumericProfile}: count, missing, min, max, mean, std,
 *       equal-frequency bin edges and counts, a KLL quantile sketch and a seeded sorted sample; {@link
 *       dev.mlcycle.stats.profile.NumericProfile#binOf(double)} bins live values the same way.
 *   <li>{@link dev.mlcycle.stats.profile.CategoricalProfile}: counts per category, the missing count
 *       and the frozen category list.
 *   <li>{@link dev.mlcycle.stats.profile.ClassificationPredictions} and {@link
 *       dev.mlcycle.stats.profile.RegressionPredictions}: the model's outputs on the test split.
 *   <li>{@link dev.mlcycle.stats.profile.ReferenceProfile}: all of it, with {@code toJson()} and {@code
 *       fromJson()}; {@link dev.mlcycle.stats.profile.ProfileBuilder} builds the feature part from a
 *       dataset spec and rows.
 * </ul>
 *
 * <p>Everything except the KLL sketch is a deterministic function of the values and {@link
 * dev.mlcycle.stats.profile.ProfileOptions} (the input order does not matter either). The sketch is
 * not: DataSketches' KLL compactor flips an unseeded coin, so two sketches of the same large column
 * may differ in their bytes, though each stays within its rank-error bound.
 */
package dev.mlcycle.stats.profile;
