/**
 * Statistics for drift: two-sample tests (Kolmogorov-Smirnov, chi-square), Jensen-Shannon
 * distance, PSI, frozen-edge binning, reference profiles, quantile sketches, multiple-testing
 * correction and streaming change detectors. Filled by the monitoring issue; each test cites its
 * formula and is checked against scipy golden values.
 */
package dev.mlcycle.stats;
