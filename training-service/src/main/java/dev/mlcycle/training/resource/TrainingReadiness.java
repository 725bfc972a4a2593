package dev.mlcycle.training.resource;

import dev.mlcycle.training.service.TrainingService;
import dev.mlcycle.training.service.TrainingService.FollowerStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once start-up is done: run history restored from {@code mlcycle.training.runs}, the registry rebuilt from
 * {@code mlcycle.registry} with this process as its writer, and the triggers armed: the followers of {@code
 * mlcycle.lake.commits} and {@code mlcycle.alerts} have handled every record that was on their topic at start and
 * are following it. A follower whose consumer failed makes the check DOWN while it backs off and restarts; the
 * check's data names each topic's state ({@code starting}, {@code catching_up}, {@code following}, {@code
 * backing_off}, {@code stopped}), its restarts and its last error.
 */
@Readiness
@ApplicationScoped
public class TrainingReadiness implements HealthCheck {
    static final String NAME = "training-service started";

    @Inject
    TrainingService training;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder b = HealthCheckResponse.named(NAME).status(training.ready());
        for (FollowerStatus f : training.followers()) {
            b.withData(f.topic(), f.state());
            b.withData(f.topic() + ".restarts", f.restarts());
            f.lastError().ifPresent(e -> b.withData(f.topic() + ".last_error", e));
        }
        return b.build();
    }
}
