package dev.mlcycle.serving.service;

import dev.mlcycle.contracts.spec.DatasetCatalog;
import dev.mlcycle.registry.topic.RegistryOptions;
import dev.mlcycle.serving.batch.AdmissionOptions;
import dev.mlcycle.serving.batch.BatchOptions;
import dev.mlcycle.serving.config.ServingConfig;
import dev.mlcycle.serving.host.HostOptions;
import dev.mlcycle.serving.host.ModelHost;
import dev.mlcycle.serving.log.PredictionLog;
import dev.mlcycle.serving.log.PredictionLogOptions;
import dev.mlcycle.serving.route.Rollout;
import dev.mlcycle.serving.route.Router;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Builds serving-service's parts from its configuration when the service starts and closes them when it stops:
 * the model host (following {@code mlcycle.registry}), the prediction log, the router, and the {@link
 * InferenceService} the resources call.
 */
@ApplicationScoped
public class ServingRuntime {
    @Inject
    ServingConfig config;

    @Inject
    ServingMetrics metrics;

    private final Clock clock = Clock.systemUTC();
    private final Map<String, Rollout> rollouts = new ConcurrentHashMap<>();
    private ModelHost host;
    private PredictionLog log;
    private InferenceService inference;

    void onStart(@Observes @Priority(100) StartupEvent event) {
        String bootstrap = config.kafka().bootstrapServers();
        log = new PredictionLog(
                bootstrap, new PredictionLogOptions(config.log().buffer(), config.log().enabled()), clock);
        metrics.logCounters(log::sent, log::dropped);
        host = new ModelHost(
                bootstrap,
                RegistryOptions.defaults(),
                config.dataDir().resolve("registry"),
                new DatasetCatalog(config.dataDir()),
                new HostOptions(
                        config.models().orElse(List.of()),
                        config.versions().retained(),
                        config.versions().warmUpRows(),
                        new BatchOptions(
                                config.batching().maxBatchRows(), config.batching().maxDelay()),
                        new AdmissionOptions(
                                config.admission().maxRowsInFlight(),
                                config.admission().maxQueuedRequests())),
                clock,
                new HostMetrics(metrics));
        inference = new InferenceService(host::deployment, this::rollout, new Router(), log::log, metrics, clock);
        host.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        if (host != null) {
            host.close();
        }
        if (log != null) {
            log.close();
        }
    }

    /** The model's rollout from {@code serving.rollout."<model>".*}; {@code champion} when none is set. */
    Rollout rollout(String model) {
        return rollouts.computeIfAbsent(model, m -> {
            ServingConfig.Rollout r = config.rollout().get(m);
            if (r == null) {
                return Rollout.championOnly();
            }
            return Rollout.parse(r.mode().toLowerCase(Locale.ROOT), r.weight(), "serving.rollout.\"" + m + "\"");
        });
    }

    public InferenceService inference() {
        return inference;
    }

    public ModelHost host() {
        return host;
    }

    public PredictionLog log() {
        return log;
    }
}
