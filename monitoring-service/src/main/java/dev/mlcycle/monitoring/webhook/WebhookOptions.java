package dev.mlcycle.monitoring.webhook;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.contracts.TopicSpec;
import dev.mlcycle.contracts.Topics;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * What a {@link WebhookDispatcher} delivers where, checked on construction; errors name the configuration key.
 *
 * @param urls the receivers, absolute {@code http} or {@code https} URLs, no two the same; not empty
 * @param secret the HMAC key (the secret's UTF-8 bytes), not empty
 * @param timeout how long one attempt may take, connection and answer, {@code > 0}
 * @param retry attempts and backoff
 * @param alertsTopic the topic delivered, {@link Topics#ALERTS}
 * @param deliveriesTopic where settled deliveries are recorded, {@link #DELIVERIES_TOPIC}
 * @param group the consumer group whose committed offsets say how far every alert is settled, {@link #GROUP}
 */
public record WebhookOptions(
        List<URI> urls,
        byte[] secret,
        Duration timeout,
        RetryPolicy retry,
        String alertsTopic,
        String deliveriesTopic,
        String group) {
    /** The configuration prefix named in errors. */
    public static final String KEY_PREFIX = "monitoring.webhooks.";
    /** Each settled delivery ({@link WebhookDelivery}), keyed by receiver id and delivery key. */
    public static final String DELIVERIES_TOPIC = Topics.WEBHOOK_DELIVERIES;
    /** The consumer group whose offsets on the alerts topic mark what is settled for every URL. */
    public static final String GROUP = "mlcycle-monitoring-webhooks";

    public WebhookOptions {
        if (urls == null || urls.isEmpty()) {
            throw invalid(KEY_PREFIX + "urls: expected at least one URL to deliver to, got none");
        }
        Set<URI> seen = new HashSet<>();
        for (int i = 0; i < urls.size(); i++) {
            URI u = urls.get(i);
            String where = KEY_PREFIX + "urls[" + i + "]";
            String scheme =
                    u == null || u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if (u == null
                    || !u.isAbsolute()
                    || !(scheme.equals("http") || scheme.equals("https"))
                    || u.getHost() == null) {
                throw invalid(where + ": expected an absolute http:// or https:// URL with a host, got " + u);
            }
            if (!seen.add(u)) {
                throw invalid(where + ": " + u + " is listed twice");
            }
        }
        urls = List.copyOf(urls);
        if (secret == null || secret.length == 0) {
            throw invalid(KEY_PREFIX + "secret (or secret-file): expected a non-empty secret, got none");
        }
        secret = secret.clone();
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw invalid(KEY_PREFIX + "timeout: expected > 0, got " + timeout);
        }
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(alertsTopic, "alertsTopic");
        Objects.requireNonNull(deliveriesTopic, "deliveriesTopic");
        Objects.requireNonNull(group, "group");
    }

    /** Options for the platform's topics and group. */
    public static WebhookOptions of(List<URI> urls, String secret, Duration timeout, RetryPolicy retry) {
        return new WebhookOptions(
                urls,
                secret == null ? null : secret.getBytes(StandardCharsets.UTF_8),
                timeout,
                retry,
                Topics.ALERTS,
                DELIVERIES_TOPIC,
                GROUP);
    }

    /** The same options on other topics and another group (tests, a second deployment on one cluster). */
    public WebhookOptions on(String alerts, String deliveries, String groupId) {
        return new WebhookOptions(urls, secret, timeout, retry, alerts, deliveries, groupId);
    }

    @Override
    public byte[] secret() {
        return secret.clone();
    }

    /** How the deliveries topic is created when missing: one partition, kept as long as the alerts. */
    public TopicSpec deliveriesTopicSpec() {
        return new TopicSpec(
                deliveriesTopic, 1, false, Topics.METADATA_RETENTION, "receiver id + \" \" + delivery key");
    }

    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }

    @Override
    public String toString() {
        return "WebhookOptions[urls=" + urls.stream().map(Receivers::redact).toList() + ", timeout=" + timeout
                + ", retry=" + retry + ", alertsTopic=" + alertsTopic + ", deliveriesTopic=" + deliveriesTopic
                + ", group=" + group + "]";
    }

    private static MlcycleException invalid(String message) {
        return new MlcycleException(Reason.INVALID_ARGUMENT, message);
    }
}
