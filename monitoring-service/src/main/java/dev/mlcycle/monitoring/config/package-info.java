/**
 * The typed configuration of monitoring-service ({@link dev.mlcycle.monitoring.config.MonitoringConfig}, prefix {@code monitoring})
 * and its check at start-up.
 */
package dev.mlcycle.monitoring.config;
