package dev.mlcycle.monitoring.service;

import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.streams.KafkaStreams;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Ready when the topology runs (or is rebalancing), with why not otherwise. */
@Readiness
@ApplicationScoped
public class MonitoringReadiness implements HealthCheck {
    private final MonitoringRuntime runtime;

    MonitoringReadiness(MonitoringRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder b = HealthCheckResponse.named("monitoring topology");
        KafkaStreams.State state = runtime.state().orElse(null);
        b.withData("state", state == null ? "NOT_STARTED" : state.name());
        runtime.startFailure().ifPresent(f -> b.withData("waiting", f));
        runtime.referenceFailures().forEach((k, v) -> b.withData("reference " + k, v));
        return b.status(state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING)
                .build();
    }
}
