package dev.mlcycle.serving.service;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.contracts.spec.DatasetCatalog;
import dev.mlcycle.registry.topic.RegistryOptions;
import dev.mlcycle.serving.batch.Admission;
import dev.mlcycle.serving.batch.AdmissionOptions;
import dev.mlcycle.serving.batch.BatchOptions;
import dev.mlcycle.serving.batch.MicroBatcher;
import dev.mlcycle.serving.config.ServingConfig;
import dev.mlcycle.serving.host.HostOptions;
import dev.mlcycle.serving.host.ModelHost;
import dev.mlcycle.serving.host.VersionRuntime;
import dev.mlcycle.serving.log.PredictionLog;
import dev.mlcycle.serving.log.PredictionLogOptions;
import dev.mlcycle.serving.model.ServedModel;
import dev.mlcycle.serving.route.Rollout;
import dev.mlcycle.serving.route.Router;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Builds serving-service's parts from its configuration when the service starts and closes them when it stops:
 * the model host (following {@code mlcycle.registry}, with an {@link Admission} per model and a {@link
 * MicroBatcher} per version), the prediction log, the router, and the {@link InferenceService} the resources call.
 */
@ApplicationScoped
public class ServingRuntime {
    @Inject
    ServingConfig config;

    @Inject
    ServingMetrics metrics;

    @Inject
    BatchScoring batchScoring;

    private final Clock clock = Clock.systemUTC();
    private final Map<String, Rollout> rollouts = new ConcurrentHashMap<>();
    private ModelHost<Admission, MicroBatcher> host;
    private PredictionLog log;
    private InferenceService inference;
    /** Finishes answers off the batchers' worker threads: one thread per core. */
    private final ExecutorService answers =
            Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()), r -> {
                Thread t = new Thread(r, "mlcycle-answers");
                t.setDaemon(true);
                return t;
            });

    void onStart(@Observes @Priority(100) StartupEvent event) {
        config.rollout().forEach((model, r) -> rollouts.put(model, rollout(model, r)));
        String bootstrap = config.kafka().bootstrapServers();
        log = new PredictionLog(bootstrap, PredictionLogOptions.of(config.log().buffer()), clock);
        metrics.logCounters(log::sent, log::dropped);
        if (config.log().enabled()) {
            batchScoring.predictionSink(log::log);
        }
        BatchOptions batching = new BatchOptions(
                config.batching().maxBatchRows(),
                config.batching().maxDelay(),
                config.batching().directBudget());
        AdmissionOptions admission = new AdmissionOptions(
                config.admission().maxRowsInFlight(), config.admission().maxQueuedRequests());
        VersionRuntime<Admission, MicroBatcher> runtime = new VersionRuntime<>() {
            @Override
            public Admission admission(String model) {
                Admission a = new Admission(model, admission, clock);
                metrics.admissionGauges(model, a, Admission::queuedRequests, Admission::rowsInFlight);
                return a;
            }

            @Override
            public MicroBatcher batcher(ServedModel model, Admission a) {
                return new MicroBatcher(
                        model.model() + ":" + model.version(), model::predict, batching, clock, metrics);
            }
        };
        host = new ModelHost<>(
                bootstrap,
                RegistryOptions.defaults(),
                config.dataDir().resolve("registry"),
                new DatasetCatalog(config.dataDir()),
                HostOptions.defaults()
                        .withModels(new LinkedHashSet<>(config.models().orElse(List.of())))
                        .withRetained(config.versions().retained())
                        .withWarmupRows(config.versions().warmUpRows()),
                clock,
                new HostMetrics(metrics),
                runtime);
        inference = new InferenceService(
                host::deployment,
                m -> rollouts.getOrDefault(m, Rollout.CHAMPION_ONLY),
                new Router(),
                config.log().enabled() ? log::log : r -> {},
                metrics,
                clock,
                answers);
        host.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        if (host != null) {
            host.close();
        }
        answers.shutdown();
        if (log != null) {
            log.close();
        }
    }

    /** A model's rollout from {@code serving.rollout."<model>".*}: {@code champion}, {@code canary} or {@code shadow}. */
    static Rollout rollout(String model, ServingConfig.Rollout r) {
        String key = "serving.rollout.\"" + model + "\"";
        return switch (r.mode().trim().toLowerCase(Locale.ROOT)) {
            case "champion" -> Rollout.CHAMPION_ONLY;
            case "shadow" -> Rollout.shadow();
            case "canary" -> {
                try {
                    yield Rollout.canary(r.weight());
                } catch (IllegalArgumentException e) {
                    throw new MlcycleException(Reason.INVALID_ARGUMENT, key + ".weight: " + e.getMessage(), e);
                }
            }
            default -> throw new MlcycleException(
                    Reason.INVALID_ARGUMENT,
                    key + ".mode: expected champion, canary or shadow, got \"" + r.mode() + "\"");
        };
    }

    public InferenceService inference() {
        return inference;
    }

    public ModelHost<Admission, MicroBatcher> host() {
        return host;
    }

    public PredictionLog log() {
        return log;
    }
}
