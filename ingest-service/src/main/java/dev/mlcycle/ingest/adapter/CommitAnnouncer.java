package dev.mlcycle.ingest.adapter;

import dev.mlcycle.contracts.Topics;
import dev.mlcycle.contracts.json.Codecs;
import dev.mlcycle.contracts.record.LakeCommit;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.jboss.logging.Logger;

/**
 * Announces each lake commit on {@link Topics#LAKE_COMMITS}, keyed by dataset. Thread-safe, and never blocks on a
 * failure: the commit is already durable in the lake, so a failed send is tried again in the background, up to
 * {@code attempts} times with a backoff doubling from {@code initialBackoff} (each failure a warning), and then given
 * up (an error, and {@link GiveUps#gaveUp}). A commit given up on, or still waiting for a retry when the announcer
 * closes, is announced on the next start of its table's pipeline ({@code AnnouncementCatchUp}); readers take a
 * repeat in their stride (they dedupe by dataset, table and snapshot id).
 */
public final class CommitAnnouncer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(CommitAnnouncer.class);
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(1);

    /** Told of every commit whose announcement was given up on. Called on a Kafka client or retry thread. */
    public interface GiveUps {
        void gaveUp(LakeCommit commit, Exception last);
    }

    private final String topic;
    private final KafkaProducer<byte[], byte[]> producer;
    private final int attempts;
    private final Duration initialBackoff;
    private final GiveUps giveUps;
    private final ScheduledExecutorService retries;
    private final Set<Retry> waiting = ConcurrentHashMap.newKeySet();
    private final AtomicLong failedSends = new AtomicLong();
    private volatile boolean closed;

    /** A commit waiting for its next attempt. */
    private record Retry(LakeCommit commit, int attempt, CompletableFuture<RecordMetadata> done) {}

    /**
     * @param topic where commits go: {@link Topics#LAKE_COMMITS}
     * @param producerProperties the producer's settings ({@link KafkaClients#producer})
     * @param attempts sends per commit before giving up, at least 1
     * @param initialBackoff the wait before the second attempt, doubled for each further one (at most a minute)
     * @param giveUps told of each commit given up on
     */
    public CommitAnnouncer(
            String topic, Properties producerProperties, int attempts, Duration initialBackoff, GiveUps giveUps) {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts: expected at least 1, got " + attempts);
        }
        this.topic = topic;
        this.attempts = attempts;
        this.initialBackoff = initialBackoff;
        this.giveUps = giveUps;
        this.producer = new KafkaProducer<>(producerProperties);
        this.retries = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ingest-announce-retry");
            t.setDaemon(true);
            return t;
        });
    }

    public String topic() {
        return topic;
    }

    /**
     * Sends the commit, retrying in the background. The future completes when the broker has it, or exceptionally
     * once the announcer gave up on it; nobody has to wait for it.
     */
    public CompletableFuture<RecordMetadata> announce(LakeCommit commit) {
        CompletableFuture<RecordMetadata> done = new CompletableFuture<>();
        send(commit, 1, done);
        return done;
    }

    private void send(LakeCommit commit, int attempt, CompletableFuture<RecordMetadata> done) {
        if (closed) {
            giveUp(commit, attempt - 1, new IllegalStateException("the announcer was closed"), done);
            return;
        }
        try {
            producer.send(
                    new ProducerRecord<>(
                            topic,
                            commit.dataset().getBytes(StandardCharsets.UTF_8),
                            Codecs.LAKE_COMMIT.encode(commit)),
                    (metadata, e) -> {
                        if (e == null) {
                            if (attempt > 1) {
                                LOG.infof("%s: announced at attempt %d", what(commit), attempt);
                            }
                            done.complete(metadata);
                        } else {
                            failed(commit, attempt, e, done);
                        }
                    });
        } catch (RuntimeException e) {
            failed(commit, attempt, e, done);
        }
    }

    /** Sends that failed so far, retried or given up. */
    public long failedSends() {
        return failedSends.get();
    }

    private void failed(LakeCommit commit, int attempt, Exception e, CompletableFuture<RecordMetadata> done) {
        failedSends.incrementAndGet();
        if (attempt >= attempts || closed) {
            giveUp(commit, attempt, e, done);
            return;
        }
        Duration wait = backoff(initialBackoff, attempt);
        LOG.warnf(
                "%s: announcing on %s failed (attempt %d of %d), trying again in %s: %s",
                what(commit), topic, attempt, attempts, wait, e.toString());
        Retry retry = new Retry(commit, attempt + 1, done);
        waiting.add(retry);
        try {
            retries.schedule(
                    () -> {
                        if (waiting.remove(retry)) {
                            send(commit, attempt + 1, done);
                        }
                    },
                    wait.toMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closing) {
            if (waiting.remove(retry)) {
                giveUp(commit, attempt, e, done);
            }
        }
    }

    private void giveUp(LakeCommit commit, int tried, Exception last, CompletableFuture<RecordMetadata> done) {
        LOG.errorf(
                "%s: not announced on %s after %d attempt%s (last error: %s); the lake holds the commit, and the"
                        + " next start of the table's pipeline announces it",
                what(commit), topic, tried, tried == 1 ? "" : "s", last.toString());
        try {
            giveUps.gaveUp(commit, last);
        } finally {
            done.completeExceptionally(last);
        }
    }

    /** The wait after attempt {@code n}: {@code first} doubled per attempt, at most a minute. */
    static Duration backoff(Duration first, int n) {
        long millis = first.toMillis() << Math.min(n - 1, 20);
        return Duration.ofMillis(Math.min(millis, MAX_BACKOFF.toMillis()));
    }

    private static String what(LakeCommit c) {
        return "snapshot " + c.snapshotId() + " of " + c.dataset() + "." + c.table();
    }

    /** Waits up to 10 s for sends in flight; commits still waiting for a retry are given up (and logged). */
    @Override
    public void close() {
        closed = true;
        retries.shutdownNow();
        producer.close(Duration.ofSeconds(10));
        for (Retry r : java.util.List.copyOf(waiting)) {
            if (waiting.remove(r)) {
                giveUp(r.commit(), r.attempt() - 1, new IllegalStateException("the service stopped"), r.done());
            }
        }
    }
}
