package dev.mlcycle.monitoring.webhook;

import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * How a receiver URL is named outside the configuration. Webhook URLs often carry a token in their path or query
 * (Slack's, Teams'), so logs and the deliveries topic show only {@link #redact(URI) scheme, host and port} and
 * identify the URL by {@link #id(URI) a hash} of it.
 */
final class Receivers {
    private Receivers() {}

    /** The first 16 hex digits of the SHA-256 of the URL: stable across restarts, reveals nothing. */
    static String id(URI url) {
        return WebhookSignature.sha256(url.toString().getBytes(StandardCharsets.UTF_8))
                .substring(0, 16);
    }

    /** {@code scheme://host[:port]/…}: where a URL points, without its path or query. */
    static String redact(URI url) {
        return url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort())
                + (url.getRawPath() == null
                                || url.getRawPath().isEmpty()
                                || url.getRawPath().equals("/")
                        ? ""
                        : "/…");
    }
}
