/**
 * Serving: online inference (Open Inference Protocol v2) with micro-batching and admission control, model hot swap and rollout, and batch scoring.
 *
 * <p>For now the service answers health ({@code /q/health}) and metrics ({@code /q/metrics}) only;
 * its typed configuration is in {@link dev.mlcycle.serving.config}.
 */
package dev.mlcycle.serving;
