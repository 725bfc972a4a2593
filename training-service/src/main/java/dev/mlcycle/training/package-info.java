/**
 * Training: triggers, training runs on a lake snapshot, evaluation, the champion gate and the registry writes.
 *
 * <p>For now the service answers health ({@code /q/health}) and metrics ({@code /q/metrics}) only;
 * its typed configuration is in {@link dev.mlcycle.training.config}.
 */
package dev.mlcycle.training;
