package dev.mlcycle.monitoring.webhook;

import dev.mlcycle.monitoring.webhook.RetryPolicy.Verdict;
import dev.mlcycle.monitoring.webhook.WebhookDelivery.Outcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.function.IntSupplier;

/**
 * The webhooks' meters, names in one place (Prometheus shows them with underscores and {@code _total} on counters):
 *
 * <ul>
 *   <li>{@code mlcycle.monitoring.webhook.deliveries{outcome}}: deliveries settled, by outcome ({@code delivered},
 *       {@code rejected}, {@code given_up})
 *   <li>{@code mlcycle.monitoring.webhook.attempts{result}}: requests made, by what came of them ({@code
 *       acknowledged}, {@code retry}, {@code permanent})
 *   <li>{@code mlcycle.monitoring.webhook.skipped{reason}}: alert messages not delivered: {@code malformed} (the record
 *       does not decode), {@code conflict} (a key already delivered with another body)
 *   <li>{@code mlcycle.monitoring.webhook.pending}: deliveries waiting or in flight, over all receivers
 * </ul>
 *
 * Tags are the enum values and two fixed reasons; never a URL (it may hold a token) or an alert id.
 */
public final class WebhookMetrics {
    public static final String DELIVERIES = "mlcycle.monitoring.webhook.deliveries";
    public static final String ATTEMPTS = "mlcycle.monitoring.webhook.attempts";
    public static final String SKIPPED = "mlcycle.monitoring.webhook.skipped";
    public static final String PENDING = "mlcycle.monitoring.webhook.pending";

    /** {@link #SKIPPED} reason: the alert record does not decode. */
    static final String MALFORMED = "malformed";
    /** {@link #SKIPPED} reason: the key was already delivered (or queued) with another body. */
    static final String CONFLICT = "conflict";

    private final MeterRegistry meters;
    private volatile IntSupplier pending = () -> 0;

    public WebhookMetrics(MeterRegistry meters) {
        this.meters = meters;
        Gauge.builder(PENDING, this, m -> m.pending.getAsInt())
                .description("Webhook deliveries waiting or in flight, over all receivers")
                .strongReference(true)
                .register(meters);
    }

    void pendingFrom(IntSupplier source) {
        this.pending = source;
    }

    void settled(Outcome outcome) {
        Counter.builder(DELIVERIES)
                .description("Webhook deliveries settled, by outcome")
                .tag("outcome", lower(outcome.name()))
                .register(meters)
                .increment();
    }

    void attempted(Verdict verdict) {
        Counter.builder(ATTEMPTS)
                .description("Webhook requests made, by result")
                .tag("result", lower(verdict.name()))
                .register(meters)
                .increment();
    }

    void skipped(String reason) {
        Counter.builder(SKIPPED)
                .description("Alert messages not delivered, by reason")
                .tag("reason", reason)
                .register(meters)
                .increment();
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
