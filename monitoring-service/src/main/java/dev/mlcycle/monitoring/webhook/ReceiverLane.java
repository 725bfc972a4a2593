package dev.mlcycle.monitoring.webhook;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.record.Alert;
import dev.mlcycle.monitoring.webhook.RetryPolicy.Verdict;
import dev.mlcycle.monitoring.webhook.WebhookDelivery.Outcome;
import dev.mlcycle.monitoring.webhook.WebhookSender.Attempt;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deliveries to one receiver, one at a time in the order they were submitted (topic order), on a thread of its
 * own so that a receiver that is down holds back only its own deliveries. Each delivery is tried until it is
 * acknowledged, refused, or out of attempts, then recorded in Kafka, then reported settled; until it is recorded it
 * is not settled, so a close in the middle leaves it to be sent again (with the same key) after a restart.
 */
final class ReceiverLane implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReceiverLane.class);

    /**
     * One alert message to deliver.
     *
     * @param partition its partition on the alerts topic
     * @param offset its offset there
     * @param alert the alert
     * @param body its JSON, exactly as every attempt sends it
     * @param bodySha256 the body's hex SHA-256
     */
    record Item(int partition, long offset, Alert alert, byte[] body, String bodySha256) {}

    /** Told when a delivery is settled and recorded. */
    interface Settled {
        void settled(Item item, WebhookDelivery delivery);
    }

    private final URI url;
    private final String id;
    private final String redacted;
    private final WebhookSender sender;
    private final RetryPolicy retry;
    private final RandomGenerator random;
    private final Clock clock;
    private final DeliveryState state;
    private final WebhookMetrics metrics;
    private final Settled settled;
    private final LinkedBlockingQueue<Item> queue = new LinkedBlockingQueue<>();
    private final CountDownLatch stop = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Item current;

    ReceiverLane(
            URI url,
            WebhookSender sender,
            RetryPolicy retry,
            RandomGenerator random,
            Clock clock,
            DeliveryState state,
            WebhookMetrics metrics,
            Settled settled) {
        this.url = url;
        this.id = Receivers.id(url);
        this.redacted = Receivers.redact(url);
        this.sender = sender;
        this.retry = retry;
        this.random = random;
        this.clock = clock;
        this.state = state;
        this.metrics = metrics;
        this.settled = settled;
        this.thread = new Thread(this::run, "mlcycle-webhook-" + id);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** The receiver's id ({@link Receivers#id}). */
    String id() {
        return id;
    }

    void submit(Item item) {
        queue.add(item);
    }

    /** Deliveries waiting or in flight. */
    int pending() {
        return queue.size() + (current != null ? 1 : 0);
    }

    private void run() {
        try {
            while (running) {
                Item item = queue.poll(200, TimeUnit.MILLISECONDS);
                if (item == null) {
                    continue;
                }
                current = item;
                WebhookDelivery d = deliver(item);
                if (d == null || !record(d)) {
                    return; // closed in the middle: not settled, sent again after a restart
                }
                current = null;
                metrics.settled(d.outcome());
                settled.settled(item, d);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("the webhook lane of {} stopped", redacted, e);
        }
    }

    /** Tries until settled; null when closed first. */
    private WebhookDelivery deliver(Item item) throws InterruptedException {
        String key = item.alert().deliveryKey();
        for (int attempt = 1; running; attempt++) {
            Attempt a = sender.send(url, key, item.body(), attempt);
            metrics.attempted(a.verdict());
            if (a.verdict() == Verdict.ACKNOWLEDGED) {
                LOG.debug("delivered {} to {} (attempt {}, HTTP {})", key, redacted, attempt, a.status());
                return delivery(item, Outcome.DELIVERED, attempt, a);
            }
            if (a.verdict() == Verdict.PERMANENT) {
                LOG.warn(
                        "{} refused {} ({}); given up after attempt {}, not retried",
                        redacted,
                        key,
                        a.error(),
                        attempt);
                return delivery(item, Outcome.REJECTED, attempt, a);
            }
            if (attempt >= retry.maxAttempts()) {
                LOG.error(
                        "giving up delivering {} to {} after {} attempts; the last: {}",
                        key,
                        redacted,
                        attempt,
                        a.error());
                return delivery(item, Outcome.GIVEN_UP, attempt, a);
            }
            Duration wait = retry.delay(attempt, random);
            LOG.info(
                    "delivering {} to {} failed (attempt {} of {}: {}); next in {} ms",
                    key,
                    redacted,
                    attempt,
                    retry.maxAttempts(),
                    a.error(),
                    wait.toMillis());
            if (stop.await(wait.toNanos(), TimeUnit.NANOSECONDS)) {
                return null;
            }
        }
        return null;
    }

    private WebhookDelivery delivery(Item item, Outcome outcome, int attempts, Attempt last) {
        Alert alert = item.alert();
        return new WebhookDelivery(
                id,
                redacted,
                alert.deliveryKey(),
                alert.alertId(),
                alert.status(),
                outcome,
                attempts,
                last.status(),
                last.error(),
                item.bodySha256(),
                item.partition(),
                item.offset(),
                clock.instant());
    }

    /** Records a settled delivery, trying again while Kafka does not answer; false when closed first. */
    private boolean record(WebhookDelivery d) throws InterruptedException {
        for (int failures = 1; ; failures++) {
            try {
                state.record(d); // tried at least once even when closing: the receiver may have it already
                return true;
            } catch (MlcycleException e) {
                if (!running) {
                    return false;
                }
                Duration wait = retry.cap(failures);
                LOG.warn(
                        "cannot record the delivery of {} to {} yet ({}); again in {} ms",
                        d.deliveryKey(),
                        redacted,
                        e.getMessage(),
                        wait.toMillis());
                if (stop.await(wait.toNanos(), TimeUnit.NANOSECONDS)) {
                    return false;
                }
            }
        }
    }

    /** Tells the lane to stop after the attempt in flight, without waiting for it. */
    void stop() {
        running = false;
        stop.countDown();
    }

    @Override
    public void close() {
        stop();
        try {
            thread.join(2_000);
            if (thread.isAlive()) {
                thread.interrupt(); // an HTTP request or a Kafka write in flight
                thread.join(5_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
