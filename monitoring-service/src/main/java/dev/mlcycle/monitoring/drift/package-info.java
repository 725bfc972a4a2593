/**
 * The decisions of monitoring, free of Kafka: a window's columns against a version's reference profile
 * ({@link dev.mlcycle.monitoring.drift.WindowAnalysis}), the performance of its labelled predictions
 * ({@link dev.mlcycle.monitoring.drift.PerformanceWindow}), and when drift becomes an alert and when the alert
 * clears ({@link dev.mlcycle.monitoring.drift.AlertPolicy}). The statistics themselves are platform/stats'
 * ({@code dev.mlcycle.stats.drift}); the reasoning behind the defaults is in the service's DESIGN.md.
 */
package dev.mlcycle.monitoring.drift;
