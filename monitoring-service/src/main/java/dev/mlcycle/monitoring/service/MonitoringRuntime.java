package dev.mlcycle.monitoring.service;

import dev.mlcycle.contracts.spec.DatasetCatalog;
import dev.mlcycle.monitoring.config.MonitoringConfig;
import dev.mlcycle.monitoring.drift.AlertPolicy;
import dev.mlcycle.monitoring.drift.DetectorSettings;
import dev.mlcycle.monitoring.drift.DriftRules;
import dev.mlcycle.monitoring.drift.PerformanceRules;
import dev.mlcycle.monitoring.reference.RegistryReferences;
import dev.mlcycle.monitoring.topology.MonitoringTopology;
import dev.mlcycle.monitoring.topology.TopologySettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.jboss.logging.Logger;

/**
 * Starts the monitoring topology: follows the registry, and once it has been read to its end, runs the topology on
 * Kafka Streams with exactly-once processing and its stores under {@code <data-dir>/monitoring/streams}. A stream
 * thread that dies is replaced (its task resumes from its last commit).
 */
@ApplicationScoped
public class MonitoringRuntime {
    private static final Logger LOG = Logger.getLogger(MonitoringRuntime.class);

    private final MonitoringConfig config;
    private final MeterRegistry registry;
    private volatile RegistryReferences references;
    private volatile KafkaStreams streams;
    private volatile String startFailure;
    private volatile Thread starter;

    MonitoringRuntime(MonitoringConfig config, MeterRegistry registry) {
        this.config = config;
        this.registry = registry;
    }

    void onStart(@Observes StartupEvent event) {
        String bootstrap = config.kafka().bootstrapServers();
        references = new RegistryReferences(
                bootstrap, config.dataDir().resolve("registry"), new DatasetCatalog(config.dataDir()));
        starter = new Thread(this::startWhenRegistryIsRead, "monitoring-start");
        starter.setDaemon(true);
        starter.start();
    }

    private void startWhenRegistryIsRead() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                references.awaitCaughtUp(config.streams().registryTimeout());
                break;
            } catch (RuntimeException e) {
                startFailure = "waiting for the registry (mlcycle.registry): " + e.getMessage();
                LOG.warnf("monitoring not started yet: %s; trying again", startFailure);
            }
        }
        if (Thread.currentThread().isInterrupted()) {
            return;
        }
        Path stateDir = config.dataDir().resolve("monitoring").resolve("streams");
        KafkaStreams s = new KafkaStreams(
                MonitoringTopology.build(settings(config), references, new MonitoringMetrics(registry)),
                MonitoringTopology.streamsConfig(
                        config.kafka().bootstrapServers(),
                        stateDir,
                        config.streams().replication()));
        s.setUncaughtExceptionHandler(e -> {
            LOG.error("a monitoring stream thread failed; replacing it", e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        new KafkaStreamsMetrics(s).bindTo(registry);
        s.start();
        streams = s;
        startFailure = null;
        LOG.infof("monitoring topology started (state in %s)", stateDir);
    }

    /** The settings of the topology from the configuration. */
    static TopologySettings settings(MonitoringConfig c) {
        return new TopologySettings(
                c.window().rows(),
                c.window().duration(),
                c.window().checkInterval(),
                c.labels().maxDelay(),
                c.performance().maxOutcomes(),
                c.streams().partitions(),
                c.window().includeBatch(),
                new DriftRules(
                        c.drift().q(),
                        c.drift().ksEffectFloor(),
                        c.drift().jsEffectFloor(),
                        c.window().minRows()),
                new PerformanceRules(
                        c.performance().minLabelled(),
                        c.performance().scoreDrop(),
                        c.performance().lossRise()),
                new AlertPolicy(
                        c.alerts().fireWindows(),
                        c.alerts().ofWindows(),
                        c.alerts().clearWindows()),
                new DetectorSettings(
                        c.detectors().ddmMinObservations(),
                        c.detectors().ddmWarningLevel(),
                        c.detectors().ddmDriftLevel(),
                        c.detectors().phDelta(),
                        c.detectors().phLambda(),
                        c.detectors().phAlpha(),
                        c.detectors().phMinObservations()));
    }

    /** The topology's state, or empty before it started. */
    public Optional<KafkaStreams.State> state() {
        KafkaStreams s = streams;
        return s == null ? Optional.empty() : Optional.of(s.state());
    }

    /** Why the topology has not started yet, if it has not. */
    public Optional<String> startFailure() {
        return Optional.ofNullable(startFailure);
    }

    /** Versions whose reference could not be loaded, and why. */
    public java.util.Map<String, String> referenceFailures() {
        RegistryReferences r = references;
        return r == null ? java.util.Map.of() : r.failures();
    }

    void onStop(@Observes ShutdownEvent event) {
        Thread t = starter;
        if (t != null) {
            t.interrupt();
        }
        KafkaStreams s = streams;
        if (s != null) {
            s.close(Duration.ofSeconds(10));
        }
        if (references != null) {
            references.close();
        }
    }
}
