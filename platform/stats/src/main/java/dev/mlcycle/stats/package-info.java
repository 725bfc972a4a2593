/**
 * Statistics for the ML loop, used by training now and by monitoring and serving later.
 *
 * <ul>
 *   <li>{@link dev.mlcycle.stats.metrics}: model evaluation (classification and regression metrics,
 *       bootstrap confidence intervals).
 *   <li>{@link dev.mlcycle.stats.profile}: the reference profile of a model's training data and of its
 *       predictions, with bins frozen at training time, stored in every model bundle.
 * </ul>
 *
 * <p>{@link dev.mlcycle.stats.drift}: the drift statistics monitoring runs on its windows against a
 * profile (Kolmogorov-Smirnov, chi-square, Jensen-Shannon, PSI), multiple-testing correction and streaming
 * change detectors. Each statistic cites its formula and is checked against golden values computed by an
 * independent implementation (numpy/scipy), kept under {@code src/test/resources/golden} and {@code
 * src/test/resources/drift} with the command that made them.
 */
package dev.mlcycle.stats;
