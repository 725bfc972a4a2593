package dev.mlcycle.monitoring.webhook;

import dev.mlcycle.contracts.json.JsonCodec;
import dev.mlcycle.contracts.record.Alert;
import java.time.Instant;

/**
 * One settled delivery: the value of {@code mlcycle.webhooks.deliveries}, keyed by {@link #key()}. Written once a
 * delivery of one alert message to one receiver is over, whatever the outcome; read back at start-up so that a
 * receiver that already settled a key is never sent it again, and by people asking what happened to an alert.
 *
 * @param receiver the receiver's id ({@link Receivers#id}: a hash of its URL, which may hold a token)
 * @param receiverUrl where the receiver is, redacted to scheme, host and port
 * @param deliveryKey the alert's {@link Alert#deliveryKey()}, sent as idempotency key
 * @param alertId the alert's id
 * @param alertStatus whether the message was the alert firing or its resolution
 * @param outcome how the delivery ended
 * @param attempts how many requests were made, {@code >= 1}
 * @param lastStatus optional: the HTTP status of the last answer; absent when the last attempt got none
 * @param lastError optional: why the last attempt failed, when it did
 * @param bodySha256 the hex SHA-256 of the body sent: a key is never delivered with another body
 * @param alertPartition the partition of the alert on the alerts topic
 * @param alertOffset its offset there
 * @param settledAt when the delivery ended
 */
public record WebhookDelivery(
        String receiver,
        String receiverUrl,
        String deliveryKey,
        String alertId,
        Alert.Status alertStatus,
        Outcome outcome,
        int attempts,
        Integer lastStatus,
        String lastError,
        String bodySha256,
        int alertPartition,
        long alertOffset,
        Instant settledAt) {

    /** How a delivery ended. */
    public enum Outcome {
        /** The receiver answered 2xx. */
        DELIVERED,
        /** The receiver answered a status that is not retried (a 4xx other than 408 and 429): given up at once. */
        REJECTED,
        /** Every attempt failed with a retryable answer or none: given up after the last. */
        GIVEN_UP
    }

    /** The codec of {@code mlcycle.webhooks.deliveries}. */
    public static final JsonCodec<WebhookDelivery> CODEC = JsonCodec.of(WebhookDelivery.class);

    public WebhookDelivery {
        text(receiver, "receiver");
        text(receiverUrl, "receiver_url");
        text(deliveryKey, "delivery_key");
        text(alertId, "alert_id");
        required(alertStatus, "alert_status");
        required(outcome, "outcome");
        if (attempts < 1) {
            throw new IllegalArgumentException("field \"attempts\": expected >= 1, got " + attempts);
        }
        text(bodySha256, "body_sha256");
        if (alertPartition < 0 || alertOffset < 0) {
            throw new IllegalArgumentException("fields \"alert_partition\", \"alert_offset\": expected >= 0, got "
                    + alertPartition + ", " + alertOffset);
        }
        required(settledAt, "settled_at");
    }

    /** The record's key: receiver id, a space, delivery key. */
    public String key() {
        return key(receiver, deliveryKey);
    }

    static String key(String receiver, String deliveryKey) {
        return receiver + " " + deliveryKey;
    }

    private static void text(String s, String field) {
        if (s == null || s.isBlank()) {
            throw new IllegalArgumentException("missing field \"" + field + "\"");
        }
    }

    private static void required(Object o, String field) {
        if (o == null) {
            throw new IllegalArgumentException("missing field \"" + field + "\"");
        }
    }
}
