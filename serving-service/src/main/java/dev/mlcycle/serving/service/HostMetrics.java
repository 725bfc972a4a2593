package dev.mlcycle.serving.service;

import dev.mlcycle.contracts.record.ModelRecord;
import dev.mlcycle.serving.host.HostListener;
import dev.mlcycle.serving.host.ModelStatus;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the model host does, as log lines and metrics: loaded versions as the info gauge {@value
 * ServingMetrics#LOADED} (one series per version and alias: {@code champion}, {@code challenger}, or {@code loaded}
 * for a version held without an alias), load failures counted, and every swap logged with its delay from the
 * registry record.
 */
final class HostMetrics implements HostListener {
    private static final Logger LOG = LoggerFactory.getLogger(HostMetrics.class);
    private static final String HELD = "loaded";

    private final ServingMetrics metrics;

    HostMetrics(ServingMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void loaded(String model, int version, Duration load, Duration warm) {
        LOG.info("{} v{} loaded in {} ms, warmed in {} ms", model, version, load.toMillis(), warm.toMillis());
        metrics.loaded(model, version, HELD, true);
    }

    @Override
    public void failed(String model, ModelStatus.Failure failure) {
        LOG.error(
                "{} v{} is not served: {} failed: {}",
                model,
                failure.version(),
                failure.stage().name().toLowerCase(java.util.Locale.ROOT),
                failure.reason());
        metrics.loadFailed(model);
    }

    @Override
    public void swapped(Swap swap) {
        LOG.info(
                "{} now answers with champion v{}{} ({} ms after the registry record)",
                swap.model(),
                swap.champion(),
                swap.challenger() == null ? "" : " and challenger v" + swap.challenger(),
                swap.latency().toMillis());
        if (swap.championBefore() != null) {
            metrics.loaded(swap.model(), swap.championBefore(), ModelRecord.CHAMPION, false);
        }
        if (swap.challengerBefore() != null) {
            metrics.loaded(swap.model(), swap.challengerBefore(), ModelRecord.CHALLENGER, false);
        }
        metrics.loaded(swap.model(), swap.champion(), ModelRecord.CHAMPION, true);
        if (swap.challenger() != null) {
            metrics.loaded(swap.model(), swap.challenger(), ModelRecord.CHALLENGER, true);
        }
    }

    @Override
    public void released(String model, int version) {
        LOG.info("{} v{} released", model, version);
        metrics.loaded(model, version, HELD, false);
    }

    @Override
    public void removed(String model) {
        LOG.info("{} is no longer served", model);
    }
}
