/**
 * The checks rows must pass before a model learns from them or scores them: {@link
 * dev.mlcycle.features.check.FeatureChecks} (row count, missing values, values outside the spec) against {@link
 * dev.mlcycle.features.check.DataLimits}, reported as a {@link dev.mlcycle.features.check.ValidationReport} of {@link
 * dev.mlcycle.features.check.DataCheck}s. Training adds its label checks; batch scoring runs these as they are. Here,
 * beside the encoder, because both services reach this module and the checks are about feature values against the
 * spec, which is this module's subject; the lake stores rows and knows nothing of ranges or limits.
 */
package dev.mlcycle.features.check;
