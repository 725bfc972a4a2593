/**
 * Monitoring: drift and performance windows over the prediction log and labels, drift reports, alerts and webhooks.
 *
 * <p>For now the service answers health ({@code /q/health}) and metrics ({@code /q/metrics}) only;
 * its typed configuration is in {@link dev.mlcycle.monitoring.config}.
 */
package dev.mlcycle.monitoring;
