package dev.mlcycle.training.resource;

import dev.mlcycle.training.service.TrainingService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once start-up is done: run history restored from {@code mlcycle.training.runs}, the registry rebuilt from
 * {@code mlcycle.registry} with this process as its writer, and the triggers armed.
 */
@Readiness
@ApplicationScoped
public class TrainingReadiness implements HealthCheck {
    @Inject
    TrainingService training;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("training-service started")
                .status(training.ready())
                .build();
    }
}
