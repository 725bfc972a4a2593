package dev.mlcycle.monitoring.webhook;

import dev.mlcycle.monitoring.webhook.RetryPolicy.Verdict;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;

/**
 * One signed POST (the adapter that does HTTP): the body as given, the delivery key twice ({@value
 * WebhookSignature#DELIVERY}, {@value WebhookSignature#IDEMPOTENCY_KEY}), the timestamp of this attempt and its
 * signature. Never throws for what the receiver does: a status or a connection failure becomes an {@link Attempt}.
 */
final class WebhookSender {
    /** The {@code User-Agent} of every request. */
    static final String USER_AGENT = "mlcycle-monitoring-webhooks/1";

    /**
     * What came of one request.
     *
     * @param verdict acknowledged, retry or permanent
     * @param status the HTTP status, absent when there was no answer
     * @param error why there was no answer, or the status described
     */
    record Attempt(Verdict verdict, Integer status, String error) {}

    private final HttpClient client;
    private final byte[] secret;
    private final Duration timeout;
    private final Clock clock;

    WebhookSender(byte[] secret, Duration timeout, Clock clock) {
        this.client = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.secret = secret.clone();
        this.timeout = timeout;
        this.clock = clock;
    }

    /** POSTs {@code body} to {@code url}, signed now; waits at most the timeout for the answer. */
    Attempt send(URI url, String deliveryKey, byte[] body, int attempt) throws InterruptedException {
        long now = clock.instant().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", USER_AGENT)
                .header(WebhookSignature.DELIVERY, deliveryKey)
                .header(WebhookSignature.IDEMPOTENCY_KEY, deliveryKey)
                .header(WebhookSignature.TIMESTAMP, Long.toString(now))
                .header(WebhookSignature.SIGNATURE, WebhookSignature.sign(secret, now, body))
                .header(WebhookSignature.ATTEMPT, Integer.toString(attempt))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        try {
            HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
            int status = response.statusCode();
            Verdict v = RetryPolicy.classify(status);
            return new Attempt(v, status, v == Verdict.ACKNOWLEDGED ? null : "HTTP " + status);
        } catch (IOException e) {
            return new Attempt(Verdict.RETRY, null, e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            return new Attempt(Verdict.PERMANENT, null, "cannot send: " + e.getMessage());
        }
    }
}
