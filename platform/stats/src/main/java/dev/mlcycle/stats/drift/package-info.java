/**
 * Drift statistics for monitoring: pure functions and small state machines, no I/O, no Kafka.
 *
 * <ul>
 *   <li>{@link dev.mlcycle.stats.drift.KolmogorovSmirnov}: two-sample KS for numeric features, equal to
 *       scipy's {@code ks_2samp(method="auto")} (exact p up to 10,000 values, then {@code kstwo}), through
 *       Apache Commons Statistics.
 *   <li>{@link dev.mlcycle.stats.drift.ChiSquareHomogeneity}: chi-square on the 2 x k table for categorical
 *       features, sparse categories merged into {@code (other)}, {@code (unseen)} and {@code (missing)} kept.
 *   <li>{@link dev.mlcycle.stats.drift.JensenShannon} (distance, log base 2) and {@link
 *       dev.mlcycle.stats.drift.PopulationStability} (natural log, counts + 0.5) on the reference's frozen bins.
 *   <li>{@link dev.mlcycle.stats.drift.BenjaminiHochberg}: false discovery rate across a window's p-values.
 *   <li>{@link dev.mlcycle.stats.drift.ShiftMeasures}: mean shift in reference standard deviations, ratio of
 *       standard deviations, difference of missing shares (empty where undefined).
 *   <li>{@link dev.mlcycle.stats.drift.Ddm} (errors) and {@link dev.mlcycle.stats.drift.PageHinkley} (losses):
 *       streaming change detectors whose state snapshots to a record and restores bit for bit.
 * </ul>
 *
 * <p>Each class cites its formula and reference. Golden values computed by scipy live in {@code
 * src/test/resources/drift} with the script that made them; the tests check them to 1e-12 relative. Bad input
 * is a {@link dev.mlcycle.contracts.MlcycleException} with reason {@code INVALID_ARGUMENT} naming the argument.
 */
package dev.mlcycle.stats.drift;
