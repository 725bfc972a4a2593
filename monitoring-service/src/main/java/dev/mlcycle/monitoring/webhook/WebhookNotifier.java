package dev.mlcycle.monitoring.webhook;

import dev.mlcycle.http.TokenFile;
import dev.mlcycle.monitoring.config.MonitoringConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the {@link WebhookDispatcher} with the service when {@code monitoring.webhooks.urls} names a receiver, and
 * stops it on shutdown. A bad webhook configuration stops the start with a message naming the key.
 */
@ApplicationScoped
public class WebhookNotifier {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookNotifier.class);
    /** The secret file under the data directory when {@code monitoring.webhooks.secret-file} is unset. */
    static final String DEFAULT_SECRET_FILE = "webhook-secret";

    @Inject
    MonitoringConfig config;

    @Inject
    MeterRegistry meters;

    private volatile WebhookDispatcher dispatcher;

    void onStart(@Observes StartupEvent event) {
        MonitoringConfig.Webhooks w = config.webhooks();
        List<URI> urls = w.urls().orElse(List.of());
        if (urls.isEmpty()) {
            LOG.info("webhooks are off: monitoring.webhooks.urls names no receiver");
            return;
        }
        Path secretFile = w.secretFile().orElse(config.dataDir().resolve(DEFAULT_SECRET_FILE));
        String secret = TokenFile.load(w.secret(), secretFile, WebhookOptions.KEY_PREFIX + "secret-file");
        WebhookOptions options = WebhookOptions.of(
                urls, secret, w.timeout(), new RetryPolicy(w.maxAttempts(), w.initialBackoff(), w.maxBackoff()));
        dispatcher = WebhookDispatcher.start(
                w.bootstrapServers(), options, Clock.systemUTC(), new SecureRandom(), new WebhookMetrics(meters));
        LOG.info(
                "webhooks: {} receiver(s); secret from {}",
                urls.size(),
                w.secret().filter(s -> !s.isBlank()).isPresent() ? "monitoring.webhooks.secret" : secretFile);
    }

    void onStop(@Observes ShutdownEvent event) {
        WebhookDispatcher d = dispatcher;
        if (d != null) {
            d.close();
            dispatcher = null;
        }
    }

    /** The running dispatcher, if webhooks are on. */
    public java.util.Optional<WebhookDispatcher> dispatcher() {
        return java.util.Optional.ofNullable(dispatcher);
    }
}
