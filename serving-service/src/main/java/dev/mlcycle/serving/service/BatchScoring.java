package dev.mlcycle.serving.service;

import dev.mlcycle.contracts.record.PredictionRecord;
import dev.mlcycle.contracts.spec.DatasetCatalog;
import dev.mlcycle.features.check.DataLimits;
import dev.mlcycle.lake.Lake;
import dev.mlcycle.registry.topic.RegistryReader;
import dev.mlcycle.serving.config.ServingConfig;
import dev.mlcycle.serving.score.BatchJobRequest;
import dev.mlcycle.serving.score.BatchJobStatus;
import dev.mlcycle.serving.score.BatchJobs;
import dev.mlcycle.serving.score.RegistryModelSource;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The batch jobs of serving-service, built from {@link ServingConfig} on first use: the lake under {@code
 * <data-dir>/lake}, models from the registry ({@code <data-dir>/registry} and {@code mlcycle.registry}). Every
 * prediction goes to the {@link #predictionSink}, which {@link ServingRuntime} points at the prediction log.
 */
@ApplicationScoped
public class BatchScoring {
    @Inject
    ServingConfig config;

    private volatile Consumer<PredictionRecord> predictionSink;
    private Lake lake;
    private BatchJobs jobs;

    /** Every batch prediction also goes to {@code sink} (the prediction log); set before the first job. */
    public void predictionSink(Consumer<PredictionRecord> sink) {
        this.predictionSink = sink;
    }

    public BatchJobStatus submit(BatchJobRequest request) {
        return jobs().submit(request);
    }

    public BatchJobStatus get(String id) {
        return jobs().get(id);
    }

    public List<BatchJobStatus> list() {
        return jobs().list();
    }

    private synchronized BatchJobs jobs() {
        if (jobs == null) {
            lake = Lake.open(config.dataDir().resolve("lake"));
            ServingConfig.Score s = config.score();
            jobs = new BatchJobs(
                    lake,
                    new RegistryModelSource(
                            new RegistryReader(config.kafka().bootstrapServers()),
                            config.dataDir().resolve("registry"),
                            new DatasetCatalog(config.dataDir())),
                    new DataLimits(s.minRows(), s.maxNullShare(), 0.0, s.maxOutOfRangeShare()),
                    s.batchRows(),
                    Optional.ofNullable(predictionSink),
                    Clock.systemUTC());
        }
        return jobs;
    }

    synchronized void onStop(@Observes ShutdownEvent event) {
        if (jobs != null) {
            jobs.close();
            lake.close();
        }
    }
}
