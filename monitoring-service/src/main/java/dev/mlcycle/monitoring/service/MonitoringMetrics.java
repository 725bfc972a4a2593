package dev.mlcycle.monitoring.service;

import dev.mlcycle.contracts.record.Alert;
import dev.mlcycle.contracts.record.DriftReport;
import dev.mlcycle.contracts.record.DriftTest;
import dev.mlcycle.monitoring.topology.TopologyListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Every metric of monitoring-service, named here and nowhere else. Tags are bounded: model, version, feature names of
 * the reference profiles, test method, alert kind, skip reason and topic; never a value from a record.
 */
public final class MonitoringMetrics implements TopologyListener {
    public static final String WINDOWED = "mlcycle.monitoring.predictions.windowed";
    public static final String SKIPPED = "mlcycle.monitoring.records.skipped";
    public static final String JOINED = "mlcycle.monitoring.labels.joined";
    public static final String EXPIRED = "mlcycle.monitoring.labels.expired";
    public static final String LABEL_JOIN_RATE = "mlcycle.monitoring.labels.join.rate";
    public static final String WINDOWS_CLOSED = "mlcycle.monitoring.windows.closed";
    public static final String STATISTIC = "mlcycle.monitoring.drift.statistic";
    public static final String P_VALUE = "mlcycle.monitoring.drift.p.value";
    public static final String ADJUSTED_P_VALUE = "mlcycle.monitoring.drift.adjusted.p.value";
    public static final String DRIFTED = "mlcycle.monitoring.drift.drifted";
    public static final String PERFORMANCE = "mlcycle.monitoring.performance";
    public static final String ALERTS_RAISED = "mlcycle.monitoring.alerts.raised";
    public static final String ALERTS_RESOLVED = "mlcycle.monitoring.alerts.resolved";
    public static final String ALERTS_OPEN = "mlcycle.monitoring.alerts.open";

    private static final Logger LOG = Logger.getLogger(MonitoringMetrics.class);

    private final MeterRegistry registry;
    private final Map<String, Holder> gauges = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> windowed = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> joined = new ConcurrentHashMap<>();

    public MonitoringMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void skipped(String reason, String topic, String detail) {
        Counter.builder(SKIPPED)
                .description("Records on the topics that were counted and skipped, by reason")
                .tags("reason", reason, "topic", topic)
                .register(registry)
                .increment();
        LOG.debugf("skipped a record of %s (%s): %s", topic, reason, detail);
    }

    @Override
    public void windowed(String model, int version) {
        String v = Integer.toString(version);
        count(windowed, model + "|" + v).incrementAndGet();
        Counter.builder(WINDOWED)
                .tags("model", model, "version", v)
                .register(registry)
                .increment();
        rate(model, v);
    }

    @Override
    public void joined(String model, int version) {
        String v = Integer.toString(version);
        count(joined, model + "|" + v).incrementAndGet();
        Counter.builder(JOINED)
                .tags("model", model, "version", v)
                .register(registry)
                .increment();
        rate(model, v);
    }

    private void rate(String model, String version) {
        long w = count(windowed, model + "|" + version).get();
        long j = count(joined, model + "|" + version).get();
        gauge(LABEL_JOIN_RATE, Tags.of("model", model, "version", version)).value = w == 0 ? 0 : (double) j / w;
    }

    @Override
    public void expired(String dataset) {
        Counter.builder(EXPIRED)
                .description("Predictions that got no label within monitoring.labels.max-delay")
                .tags("dataset", dataset)
                .register(registry)
                .increment();
    }

    @Override
    public void windowClosed(DriftReport report) {
        String v = Integer.toString(report.modelVersion());
        Counter.builder(WINDOWS_CLOSED)
                .tags("model", report.model(), "version", v, "closed_by", String.valueOf(report.closedBy()))
                .register(registry)
                .increment();
        for (DriftTest t : report.tests()) {
            Tags tags = Tags.of(
                    "model",
                    report.model(),
                    "version",
                    v,
                    "feature",
                    t.target(),
                    "method",
                    t.method().wireName());
            gauge(STATISTIC, tags).value = t.statistic();
            if (t.pValue() != null) {
                gauge(P_VALUE, tags).value = t.pValue();
                gauge(ADJUSTED_P_VALUE, tags).value = t.adjustedPValue() == null ? Double.NaN : t.adjustedPValue();
                gauge(DRIFTED, tags).value = t.drifted() ? 1 : 0;
            }
        }
        report.performance()
                .forEach(p ->
                        gauge(PERFORMANCE, Tags.of("model", report.model(), "version", v, "metric", p.metric())).value =
                                p.value());
    }

    @Override
    public void alert(Alert alert) {
        Tags tags = Tags.of("model", alert.model(), "kind", alert.kind().name().toLowerCase(Locale.ROOT));
        Holder open = gauge(ALERTS_OPEN, tags);
        if (alert.isFiring()) {
            Counter.builder(ALERTS_RAISED).tags(tags).register(registry).increment();
            open.value = 1;
            LOG.warnf("alert %s: %s", alert.alertId(), alert.summary());
        } else {
            Counter.builder(ALERTS_RESOLVED).tags(tags).register(registry).increment();
            open.value = 0;
            LOG.infof("resolved %s: %s", alert.alertId(), alert.summary());
        }
    }

    private static AtomicLong count(Map<String, AtomicLong> map, String key) {
        return map.computeIfAbsent(key, k -> new AtomicLong());
    }

    private Holder gauge(String name, Tags tags) {
        return gauges.computeIfAbsent(name + tags, k -> {
            Holder h = new Holder();
            Gauge.builder(name, h, x -> x.value).tags(tags).register(registry);
            return h;
        });
    }

    private static final class Holder {
        volatile double value = Double.NaN;
    }
}
