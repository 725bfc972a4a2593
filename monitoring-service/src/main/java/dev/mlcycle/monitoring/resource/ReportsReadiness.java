package dev.mlcycle.monitoring.resource;

import dev.mlcycle.monitoring.report.ReportFeed;
import dev.mlcycle.monitoring.report.Reports;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once the report pages are complete: {@code mlcycle.drift.reports} and {@code mlcycle.alerts} read to where
 * they ended when the service started. The data names each topic's follower state ({@code starting}, {@code
 * catching_up}, {@code following}, {@code backing_off}), its restarts and its last error.
 */
@Readiness
@ApplicationScoped
public class ReportsReadiness implements HealthCheck {
    static final String NAME = "drift reports and alerts read";

    @Inject
    Reports reports;

    @Override
    public HealthCheckResponse call() {
        ReportFeed feed = reports.feed().orElse(null);
        if (feed == null) {
            return HealthCheckResponse.named(NAME)
                    .down()
                    .withData("state", "not started")
                    .build();
        }
        HealthCheckResponseBuilder b = HealthCheckResponse.named(NAME).status(feed.caughtUp());
        for (ReportFeed.FollowerStatus f : feed.status()) {
            b.withData(f.topic(), f.state());
            b.withData(f.topic() + ".restarts", f.restarts());
            f.lastError().ifPresent(e -> b.withData(f.topic() + ".last_error", e));
        }
        return b.build();
    }
}
