package dev.mlcycle.features.check;

/**
 * The bounds a run's data is checked against (configured per model under {@code validation.*}).
 *
 * @param minRows labelled rows the window must hold
 * @param maxNullShare the highest share of missing values of a nullable feature
 * @param minClassShare the lowest share of each declared class of a categorical label
 * @param maxOutOfRangeShare the highest share of values outside the spec's range or categories
 */
public record DataLimits(long minRows, double maxNullShare, double minClassShare, double maxOutOfRangeShare) {}
