/**
 * Signed alert webhooks: every record on {@code mlcycle.alerts} (firing alerts and resolutions, from any source) is
 * POSTed as JSON to each configured URL, signed with HMAC-SHA256 over {@code timestamp + "." + body}, with the alert's
 * delivery key as idempotency key, retried with exponential backoff and full jitter up to a bound.
 *
 * <p>Delivery state lives in Kafka: the consumer group {@code mlcycle-monitoring-webhooks} holds, per partition of
 * the alerts topic, the offset below which every alert is settled for every URL, and {@code
 * mlcycle.webhooks.deliveries} records each settled delivery (delivered, rejected or given up), so that a restart
 * loses no delivery and sends a URL no key it already settled. {@link dev.mlcycle.monitoring.webhook.WebhookDispatcher}
 * does the work; {@link dev.mlcycle.monitoring.webhook.WebhookNotifier} starts it with the service.
 */
package dev.mlcycle.monitoring.webhook;
