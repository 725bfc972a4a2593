package dev.mlcycle.monitoring.report;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.monitoring.config.MonitoringConfig;
import dev.mlcycle.topics.TopicFollower;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The service's one {@link ReportHistory} and the {@link ReportFeed} that fills it, started with the application
 * (bounds from {@code monitoring.report.*}, brokers from {@code kafka.bootstrap.servers}) and closed with it. Start-up
 * waits up to {@link #CATCH_UP} for both topics to be read to where they ended, so that the first page served is
 * complete; past that, readiness says DOWN until they are.
 */
@Singleton
public class Reports {
    private static final Logger LOG = Logger.getLogger(Reports.class);
    /** How long start-up waits for the feed to catch up. */
    static final Duration CATCH_UP = Duration.ofSeconds(15);

    @Inject
    MonitoringConfig config;

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafka;

    private volatile ReportHistory history;
    private volatile ReportFeed feed;

    void onStart(@Observes StartupEvent event) throws InterruptedException {
        history = new ReportHistory(config.report().history(), config.report().alerts());
        Object bootstrap = kafka.get("bootstrap.servers");
        if (bootstrap == null) {
            throw new IllegalStateException(
                    "kafka.bootstrap.servers: not set; expected the brokers, e.g. 127.0.0.1:9092");
        }
        feed = ReportFeed.start(
                bootstrap.toString(), history, TopicFollower.Options.defaults("mlcycle-monitoring-reports"));
        if (!feed.awaitSettled(CATCH_UP)) {
            LOG.warnf("drift reports and alerts not read to their end within %s; not ready until they are", CATCH_UP);
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        ReportFeed f = feed;
        if (f != null) {
            f.close();
        }
    }

    /**
     * The reports and alerts read so far.
     *
     * @throws MlcycleException {@link Reason#UNAVAILABLE} before start-up has made it
     */
    public ReportHistory history() {
        ReportHistory h = history;
        if (h == null) {
            throw new MlcycleException(
                    Reason.UNAVAILABLE,
                    "monitoring-service is starting: drift reports not read yet; retry in a few seconds");
        }
        return h;
    }

    /** The feed, for readiness; empty until start-up has started it. */
    public Optional<ReportFeed> feed() {
        return Optional.ofNullable(feed);
    }
}
