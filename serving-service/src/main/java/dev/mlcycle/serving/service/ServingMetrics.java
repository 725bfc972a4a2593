package dev.mlcycle.serving.service;

import dev.mlcycle.serving.batch.BatchListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * Every metric of serving-service, named in one place (Prometheus names in brackets): requests and rows by model,
 * version, variant and outcome, request latency, batch size and why each batch closed, queue wait, rejections by
 * reason, queue depth and rows in flight per model (what an autoscaler scales on), the loaded versions as an info
 * gauge, bundle load failures, the prediction log's sent and dropped records, and the distribution of predictions
 * per variant.
 */
@ApplicationScoped
public class ServingMetrics implements BatchListener {
    /** Requests answered or refused [{@code mlcycle_serving_requests_total}]: model, version, variant, outcome. */
    public static final String REQUESTS = "mlcycle.serving.requests";
    /** Rows in those requests [{@code mlcycle_serving_rows_total}]: model, version, variant, outcome. */
    public static final String ROWS = "mlcycle.serving.rows";
    /** Time from admission to answer [{@code mlcycle_serving_request_latency_seconds}]: model, variant. */
    public static final String LATENCY = "mlcycle.serving.request.latency";
    /** Rows per batch run [{@code mlcycle_serving_batch_rows}]: batcher (model:version). */
    public static final String BATCH_ROWS = "mlcycle.serving.batch.rows";
    /** Batches run, by why they closed [{@code mlcycle_serving_batch_closed_total}]: batcher, reason. */
    public static final String BATCH_CLOSED = "mlcycle.serving.batch.closed";
    /** Time a batch took to run [{@code mlcycle_serving_batch_run_seconds}]: batcher. */
    public static final String BATCH_RUN = "mlcycle.serving.batch.run";
    /** Time a request waited in the queue [{@code mlcycle_serving_queue_wait_seconds}]: batcher. */
    public static final String QUEUE_WAIT = "mlcycle.serving.queue.wait";
    /** Rows whose deadline passed in the queue, not run [{@code mlcycle_serving_expired_rows_total}]: batcher. */
    public static final String EXPIRED = "mlcycle.serving.expired.rows";
    /** Requests refused, by reason [{@code mlcycle_serving_rejections_total}]: model, reason. */
    public static final String REJECTIONS = "mlcycle.serving.rejections";
    /** Requests waiting for a batch [{@code mlcycle_serving_queue_depth}]: model. */
    public static final String QUEUE_DEPTH = "mlcycle.serving.queue.depth";
    /** Rows admitted and not yet answered [{@code mlcycle_serving_rows_in_flight}]: model. */
    public static final String ROWS_IN_FLIGHT = "mlcycle.serving.rows.in.flight";
    /** 1 per loaded version [{@code mlcycle_serving_model_loaded}]: model, version, alias. */
    public static final String LOADED = "mlcycle.serving.model.loaded";
    /** Versions that failed to verify, load or warm [{@code mlcycle_serving_model_load_failures_total}]: model. */
    public static final String LOAD_FAILURES = "mlcycle.serving.model.load.failures";
    /** Prediction records sent to Kafka [{@code mlcycle_serving_predictions_logged_total}]. */
    public static final String LOGGED = "mlcycle.serving.predictions.logged";
    /** Prediction records dropped by a full log buffer [{@code mlcycle_serving_predictions_dropped_total}]. */
    public static final String DROPPED = "mlcycle.serving.predictions.dropped";
    /**
     * The predicted positive-class probability (classification) or value (regression) [{@code
     * mlcycle_serving_prediction}]: model, variant.
     */
    public static final String PREDICTION = "mlcycle.serving.prediction";

    @Inject
    MeterRegistry registry;

    private final Map<String, AtomicInteger> loaded = new ConcurrentHashMap<>();
    private final Map<RequestKey, RequestMeters> requestMeters = new ConcurrentHashMap<>();
    private final Map<VariantKey, Timer> latencyTimers = new ConcurrentHashMap<>();
    private final Map<VariantKey, DistributionSummary> predictionSummaries = new ConcurrentHashMap<>();
    private final Map<String, BatcherMeters> batcherMeters = new ConcurrentHashMap<>();
    private final Map<BatchKey, Counter> batchClosed = new ConcurrentHashMap<>();

    /** A request's outcome: its rows, latency and, when answered, nothing else to say. */
    public void request(String model, int version, String variant, String outcome, int rows, Duration latency) {
        RequestMeters m = requestMeters.get(new RequestKey(model, version, variant, outcome));
        if (m == null) {
            m = requestMeters.computeIfAbsent(new RequestKey(model, version, variant, outcome), this::requestMeters);
        }
        m.requests.increment();
        m.rows.increment(rows);
        m.latency.record(latency);
    }

    /** One prediction's positive-class probability or value, for the distribution per variant. */
    public void prediction(String model, String variant, double value) {
        predictionSummaries
                .computeIfAbsent(new VariantKey(model, variant), k -> DistributionSummary.builder(PREDICTION)
                        .tags("model", model, "variant", variant)
                        .publishPercentiles(0.1, 0.5, 0.9)
                        .register(registry))
                .record(value);
    }

    /**
     * The meters of one tag set, built once: looking a meter up through its builder on every request costs a tag
     * sort, an id hash and a registry map lookup each (Micrometer's own advice is to keep the meter).
     */
    private RequestMeters requestMeters(RequestKey k) {
        Tags tags = Tags.of(
                "model",
                k.model(),
                "version",
                Integer.toString(k.version()),
                "variant",
                k.variant(),
                "outcome",
                k.outcome());
        Timer latency =
                latencyTimers.computeIfAbsent(new VariantKey(k.model(), k.variant()), v -> Timer.builder(LATENCY)
                        .tags("model", v.model(), "variant", v.variant())
                        .publishPercentileHistogram()
                        .minimumExpectedValue(Duration.ofMillis(1))
                        .maximumExpectedValue(Duration.ofSeconds(10))
                        .register(registry));
        return new RequestMeters(
                Counter.builder(REQUESTS).tags(tags).register(registry),
                Counter.builder(ROWS).tags(tags).register(registry),
                latency);
    }

    private record RequestKey(String model, int version, String variant, String outcome) {}

    private record VariantKey(String model, String variant) {}

    private record RequestMeters(Counter requests, Counter rows, Timer latency) {}

    private record BatchKey(String batcher, BatchListener.Closed why) {}

    private record BatcherMeters(DistributionSummary rows, Timer run, Timer queueWait, Counter expired) {}

    /** A request refused before it was queued. */
    public void rejected(String model, String reason) {
        Counter.builder(REJECTIONS)
                .tags("model", model, "reason", reason)
                .register(registry)
                .increment();
    }

    /** A version failed to verify, load or warm. */
    public void loadFailed(String model) {
        Counter.builder(LOAD_FAILURES).tags("model", model).register(registry).increment();
    }

    /** Marks a version as loaded (1) or released (0) under an alias ({@code none} when it has none). */
    public void loaded(String model, int version, String alias, boolean on) {
        String key = model + "\u0000" + version + "\u0000" + alias;
        AtomicInteger g = loaded.computeIfAbsent(key, k -> {
            AtomicInteger value = new AtomicInteger();
            Gauge.builder(LOADED, value, AtomicInteger::get)
                    .tags("model", model, "version", Integer.toString(version), "alias", alias)
                    .register(registry);
            return value;
        });
        g.set(on ? 1 : 0);
    }

    /** Registers the per-model gauges of admission: queue depth and rows in flight. */
    public <T> void admissionGauges(String model, T admission, ToDoubleFunction<T> queued, ToDoubleFunction<T> rows) {
        Gauge.builder(QUEUE_DEPTH, admission, queued)
                .tags("model", model)
                .strongReference(true)
                .register(registry);
        Gauge.builder(ROWS_IN_FLIGHT, admission, rows)
                .tags("model", model)
                .strongReference(true)
                .register(registry);
    }

    /** Registers the prediction log's counters. */
    public void logCounters(Supplier<Number> sent, Supplier<Number> dropped) {
        io.micrometer.core.instrument.FunctionCounter.builder(
                        LOGGED, sent, s -> s.get().doubleValue())
                .register(registry);
        io.micrometer.core.instrument.FunctionCounter.builder(
                        DROPPED, dropped, s -> s.get().doubleValue())
                .register(registry);
    }

    @Override
    public void batchRan(String name, int rows, int requests, BatchListener.Closed why, Duration run) {
        BatcherMeters m = batcher(name);
        m.rows().record(rows);
        batchClosed
                .computeIfAbsent(new BatchKey(name, why), k -> Counter.builder(BATCH_CLOSED)
                        .tags("batcher", name, "reason", why.name().toLowerCase(java.util.Locale.ROOT))
                        .register(registry))
                .increment();
        m.run().record(run);
    }

    @Override
    public void queueWait(String name, Duration waited) {
        batcher(name).queueWait().record(waited);
    }

    @Override
    public void expired(String name, int rows) {
        batcher(name).expired().increment(rows);
    }

    private BatcherMeters batcher(String name) {
        BatcherMeters m = batcherMeters.get(name);
        return m != null
                ? m
                : batcherMeters.computeIfAbsent(
                        name,
                        n -> new BatcherMeters(
                                DistributionSummary.builder(BATCH_ROWS)
                                        .tags("batcher", n)
                                        .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128, 256, 512)
                                        .register(registry),
                                Timer.builder(BATCH_RUN).tags("batcher", n).register(registry),
                                Timer.builder(QUEUE_WAIT)
                                        .tags("batcher", n)
                                        .publishPercentileHistogram()
                                        .minimumExpectedValue(Duration.ofNanos(100_000))
                                        .maximumExpectedValue(Duration.ofSeconds(5))
                                        .register(registry),
                                Counter.builder(EXPIRED).tags("batcher", n).register(registry)));
    }
}
