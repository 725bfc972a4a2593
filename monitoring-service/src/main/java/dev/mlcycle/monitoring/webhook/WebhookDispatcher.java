package dev.mlcycle.monitoring.webhook;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.json.Codecs;
import dev.mlcycle.contracts.record.Alert;
import dev.mlcycle.topics.TopicFollower;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers every record of the alerts topic to every configured receiver (the service that decides what is sent
 * where; HTTP and Kafka are in {@link WebhookSender} and {@link DeliveryState}).
 *
 * <p>Start-up, on a thread of its own so that the service starts while Kafka is down (retried after a backoff):
 * create the deliveries topic if missing; read the group's committed offsets on the alerts topic; replay the
 * deliveries topic (which keys each receiver has settled, and with which body). Then one {@link ReceiverLane} per
 * receiver, and a {@link TopicFollower} on the alerts topic that skips records below the committed offsets and hands
 * each later alert to every lane that has not settled its key yet.
 *
 * <p>Guarantees: an alert is settled (delivered, refused, or given up after the last attempt) for every receiver
 * before the group's offset passes it, and every settled delivery is recorded before it counts, so a restart loses
 * none; a receiver is never sent a key it has settled, so a restart repeats only deliveries that were in flight; a key
 * goes to a receiver with one body only (a later record with the same key and another body is skipped and counted
 * as a {@code conflict}); each receiver gets its alerts in topic order, and a receiver that is down holds back no
 * other. One dispatcher per group: two instances on one group would both deliver.
 */
public final class WebhookDispatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookDispatcher.class);
    /** How long one Kafka call (create, read offsets, commit, record) may take. */
    static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(10);
    /** How often settled progress is committed to the group. */
    static final Duration COMMIT_INTERVAL = Duration.ofMillis(200);

    private final String bootstrap;
    private final WebhookOptions options;
    private final WebhookMetrics metrics;
    private final DeliveryState state;
    private final List<ReceiverLane> lanes = new ArrayList<>();
    private final CountDownLatch stop = new CountDownLatch(1);
    private final CountDownLatch started = new CountDownLatch(1);
    private final Thread worker;
    private volatile boolean running = true;
    private volatile TopicFollower<Incoming> follower;

    /** Per partition, the committed offset: records below it are settled for every receiver. Worker thread only. */
    private final Map<TopicPartition, Long> committed = new HashMap<>();
    /** The committed offsets read at start-up, where following resumes; not changed once the follower runs. */
    private volatile Map<TopicPartition, Long> resumeFrom = Map.of();
    /** Per receiver id and delivery key, the SHA-256 of the body settled or queued. Follower thread only. */
    private final Map<String, String> bodies = new HashMap<>();

    // Guarded by this: per partition, the offsets handed to lanes and not yet settled everywhere (with the count of
    // lanes still to settle), and the offset after the last record handled.
    private final Map<TopicPartition, TreeMap<Long, Integer>> outstanding = new HashMap<>();
    private final Map<TopicPartition, Long> handledTo = new HashMap<>();

    /** A record of the alerts topic: its place, and the alert, null when it does not decode. */
    private record Incoming(TopicPartition partition, long offset, Alert alert, String error) {}

    private WebhookDispatcher(
            String bootstrap, WebhookOptions options, Clock clock, RandomGenerator random, WebhookMetrics metrics) {
        this.bootstrap = bootstrap;
        this.options = options;
        this.metrics = metrics;
        String clientId = "mlcycle-monitoring-webhooks";
        this.state = new DeliveryState(bootstrap, options, clientId, KAFKA_TIMEOUT);
        WebhookSender sender = new WebhookSender(options.secret(), options.timeout(), clock);
        for (URI url : options.urls()) {
            lanes.add(new ReceiverLane(url, sender, options.retry(), random, clock, state, metrics, this::settled));
        }
        metrics.pendingFrom(this::pending);
        this.worker = new Thread(this::run, "mlcycle-webhooks");
        this.worker.setDaemon(true);
    }

    /**
     * Starts delivering; returns at once (start-up goes on in the background, see the class comment).
     *
     * @param bootstrap the Kafka brokers
     * @param options receivers, secret, timeouts, retries, topics and group
     * @param clock the time of signatures and records
     * @param random the source of backoff jitter
     * @param metrics where counts go
     */
    public static WebhookDispatcher start(
            String bootstrap, WebhookOptions options, Clock clock, RandomGenerator random, WebhookMetrics metrics) {
        WebhookDispatcher d = new WebhookDispatcher(bootstrap, options, clock, random, metrics);
        d.worker.start();
        return d;
    }

    /** Whether start-up is done: the state is read and the alerts are followed. */
    public boolean started() {
        return started.getCount() == 0;
    }

    /** Deliveries waiting or in flight, over all receivers. */
    public int pending() {
        int n = 0;
        for (ReceiverLane l : lanes) {
            n += l.pending();
        }
        return n;
    }

    private void run() {
        int failures = 0;
        while (running) {
            try {
                load();
                break;
            } catch (MlcycleException e) {
                failures++;
                Duration wait = options.retry().cap(failures);
                LOG.warn("webhooks cannot start yet ({}); again in {} ms", e.getMessage(), wait.toMillis());
                if (await(wait)) {
                    return;
                }
            }
        }
        if (!running) {
            return;
        }
        lanes.forEach(ReceiverLane::start);
        follower = TopicFollower.start(
                bootstrap,
                options.alertsTopic(),
                this::decode,
                (in, replay) -> handle(in),
                TopicFollower.Options.defaults("mlcycle-monitoring-webhooks-alerts"));
        started.countDown();
        LOG.info("webhooks: delivering {} to {} from offsets {}", options.alertsTopic(), options, committed);
        while (!await(COMMIT_INTERVAL)) {
            commitProgress();
        }
    }

    private void load() {
        state.ensureDeliveriesTopic();
        Map<TopicPartition, Long> c = state.committed();
        Map<String, WebhookDelivery> settled = state.settled();
        committed.clear();
        committed.putAll(c);
        resumeFrom = Map.copyOf(c);
        bodies.clear();
        settled.forEach((k, d) -> bodies.put(k, d.bodySha256()));
    }

    private Incoming decode(org.apache.kafka.clients.consumer.ConsumerRecord<byte[], byte[]> r) {
        TopicPartition tp = new TopicPartition(r.topic(), r.partition());
        Long from = resumeFrom.get(tp);
        if (from != null && r.offset() < from) {
            return null; // settled for every receiver before the last restart
        }
        if (r.value() == null) {
            return new Incoming(tp, r.offset(), null, "no value");
        }
        try {
            Alert a =
                    Codecs.ALERT.decode(r.value(), r.topic() + " partition " + r.partition() + " offset " + r.offset());
            return new Incoming(tp, r.offset(), a, null);
        } catch (MlcycleException e) {
            return new Incoming(tp, r.offset(), null, e.getMessage());
        }
    }

    /** On the follower's thread: queues the alert for every receiver that has not settled its key. */
    private void handle(Incoming in) {
        if (in.alert() == null) {
            LOG.warn("webhooks skip a record that is not an alert: {}", in.error());
            metrics.skipped(WebhookMetrics.MALFORMED);
            handled(in.partition(), in.offset(), 0);
            return;
        }
        byte[] body = Codecs.ALERT.encode(in.alert());
        String sha = WebhookSignature.sha256(body);
        String key = in.alert().deliveryKey();
        ReceiverLane.Item item = new ReceiverLane.Item(in.partition().partition(), in.offset(), in.alert(), body, sha);
        List<ReceiverLane> to = new ArrayList<>();
        for (ReceiverLane lane : lanes) {
            String k = WebhookDelivery.key(lane.id(), key);
            String before = bodies.putIfAbsent(k, sha);
            if (before == null) {
                to.add(lane);
            } else if (!before.equals(sha)) {
                LOG.error(
                        "webhooks skip {} at {} offset {}: receiver {} already has this key with another body",
                        key,
                        in.partition(),
                        in.offset(),
                        lane.id());
                metrics.skipped(WebhookMetrics.CONFLICT);
            } else {
                LOG.debug("receiver {} already has {}; not sent again", lane.id(), key);
            }
        }
        handled(in.partition(), in.offset(), to.size());
        to.forEach(l -> l.submit(item));
    }

    private synchronized void handled(TopicPartition tp, long offset, int lanesToSettle) {
        handledTo.put(tp, offset + 1);
        if (lanesToSettle > 0) {
            outstanding.computeIfAbsent(tp, t -> new TreeMap<>()).put(offset, lanesToSettle);
        }
    }

    private synchronized void settled(ReceiverLane.Item item, WebhookDelivery d) {
        TopicPartition tp = new TopicPartition(options.alertsTopic(), item.partition());
        TreeMap<Long, Integer> waiting = outstanding.get(tp);
        if (waiting == null) {
            return;
        }
        waiting.computeIfPresent(item.offset(), (o, n) -> n <= 1 ? null : n - 1);
    }

    /** Per partition, the first offset not settled for every receiver. */
    synchronized Map<TopicPartition, Long> settledTo() {
        Map<TopicPartition, Long> to = new HashMap<>();
        handledTo.forEach((tp, next) -> {
            TreeMap<Long, Integer> waiting = outstanding.get(tp);
            to.put(tp, waiting == null || waiting.isEmpty() ? next : waiting.firstKey());
        });
        return to;
    }

    private void commitProgress() {
        Map<TopicPartition, Long> advanced = new HashMap<>();
        settledTo().forEach((tp, o) -> {
            Long c = committed.get(tp);
            if (c == null || o > c) {
                advanced.put(tp, o);
            }
        });
        if (advanced.isEmpty()) {
            return;
        }
        try {
            state.commit(advanced);
            committed.putAll(advanced);
        } catch (MlcycleException e) {
            LOG.warn("webhooks cannot commit their progress yet: {}", e.getMessage());
        }
    }

    /** Waits, or returns true at once when closed. */
    private boolean await(Duration d) {
        try {
            return stop.await(d.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    /** Stops following, stops the lanes (what is in flight is sent again after a restart), commits, and closes. */
    @Override
    public void close() {
        running = false;
        stop.countDown();
        try {
            worker.join(KAFKA_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        TopicFollower<Incoming> f = follower;
        if (f != null) {
            f.close();
        }
        lanes.forEach(ReceiverLane::stop); // all at once, then wait for each
        lanes.forEach(ReceiverLane::close);
        if (f != null) {
            commitProgress();
        }
        state.close();
    }
}
