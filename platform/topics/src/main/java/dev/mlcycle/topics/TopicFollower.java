package dev.mlcycle.topics;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.json.JsonCodec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows one topic (lake commits, alerts, training runs, the registry) from its beginning on a daemon thread,
 * decoding each record and handing it to a handler in offset order. No consumer group: every reader reads the whole topic,
 * which is small and retained, and rebuilds its view from it; so a restart misses nothing that arrived while it was
 * down.
 *
 * <p>What goes wrong, and what happens then:
 *
 * <ul>
 *   <li>a record that does not decode is logged with its offset and skipped; a handler that throws is logged and the
 *       follower goes on (a bad record never stops the topic);
 *   <li>the loop itself failing (the broker cannot be reached at start, the consumer throws) closes the consumer and
 *       starts a new one after a bounded exponential {@link Backoff}, resuming at the next offset it has not handled
 *       in each partition: no record is handled twice, none is skipped. The follower's {@link #state()}, {@link
 *       #restarts()} and {@link #lastError()} say so, for health checks and metrics.
 * </ul>
 *
 * <p>The handler is told whether a record is a replay (it was already on the topic when following first started) or
 * live, so that it can act on history differently: a restart of the process must not redo what the previous process
 * did. {@link #caughtUp()} turns true once every record that existed at that first start has been handled, and
 * {@link Handler#caughtUp()} is called once, on the follower's thread, at that moment (the readiness signal).
 *
 * <p>To read a topic to its end once and stop, use {@link TopicReplay} instead.
 *
 * @param <T> the record type
 */
public final class TopicFollower<T> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TopicFollower.class);

    /** Where the follower is. */
    public enum State {
        /** Looking up the topic's partitions and end offsets. */
        STARTING,
        /** Handling the records that were on the topic when following started. */
        CATCHING_UP,
        /** Caught up; handling new records as they arrive. */
        FOLLOWING,
        /** The loop failed; waiting to start a new consumer. */
        BACKING_OFF,
        /** Closed. */
        STOPPED
    }

    /**
     * How long to wait before the n-th consecutive restart: {@code initial * 2^(n-1)}, at most {@code max}. The count
     * starts again once a new consumer has polled successfully.
     *
     * @param initial the first wait
     * @param max the longest wait
     */
    public record Backoff(Duration initial, Duration max) {
        public Backoff {
            if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
                throw new IllegalArgumentException(
                        "backoff: expected 0 < initial <= max, got initial " + initial + ", max " + max);
            }
        }

        /** The wait before the restart after {@code failures} consecutive failures ({@code >= 1}). */
        public Duration delay(int failures) {
            int doublings = Math.min(Math.max(failures, 1) - 1, 30);
            Duration d = initial.multipliedBy(1L << doublings);
            return d.compareTo(max) > 0 ? max : d;
        }
    }

    /**
     * How a follower runs.
     *
     * @param clientId the Kafka client id of its consumers
     * @param backoff the waits between restarts
     * @param clock the clock of {@link #lastErrorAt()}
     * @param metadataTimeout how long one attempt waits for the topic's partitions and end offsets
     * @param consumers makes a consumer from its configuration; {@link KafkaConsumer} normally
     * @param properties more consumer properties (security, for example), applied before the follower's own
     */
    public record Options(
            String clientId,
            Backoff backoff,
            Clock clock,
            Duration metadataTimeout,
            Function<Properties, Consumer<byte[], byte[]>> consumers,
            Properties properties) {
        public Options {
            properties = copy(properties);
        }

        /** Real Kafka consumers, restarts after 1 s doubling up to 1 min, the system clock, 10 s metadata waits. */
        public static Options defaults(String clientId) {
            return new Options(
                    clientId,
                    new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(1)),
                    Clock.systemUTC(),
                    Duration.ofSeconds(10),
                    KafkaConsumer::new,
                    new Properties());
        }

        public Options withBackoff(Backoff b) {
            return new Options(clientId, b, clock, metadataTimeout, consumers, properties);
        }

        public Options withClock(Clock c) {
            return new Options(clientId, backoff, c, metadataTimeout, consumers, properties);
        }

        public Options withMetadataTimeout(Duration t) {
            return new Options(clientId, backoff, clock, t, consumers, properties);
        }

        public Options withConsumers(Function<Properties, Consumer<byte[], byte[]>> c) {
            return new Options(clientId, backoff, clock, metadataTimeout, c, properties);
        }

        /** More consumer properties; the follower's own (no group, read-committed, byte arrays) win. */
        public Options withProperties(Properties p) {
            return new Options(clientId, backoff, clock, metadataTimeout, consumers, p);
        }

        @Override
        public Properties properties() {
            return copy(properties);
        }

        private static Properties copy(Properties p) {
            Properties c = new Properties();
            if (p != null) {
                c.putAll(p);
            }
            return c;
        }
    }

    /** Receives records. */
    public interface Handler<T> {
        /**
         * One record.
         *
         * @param value the decoded record
         * @param replay true when it was on the topic before following started
         */
        void handle(T value, boolean replay);

        /**
         * Called once, on the follower's thread, when every record that was on the topic when following first started
         * has been handled, before any later record is handled. Nothing by default.
         */
        default void caughtUp() {}
    }

    /**
     * Turns a record into the value handed on: {@code null} skips the record quietly, an {@link MlcycleException}
     * skips it with a warning naming its offset.
     */
    public interface Decoder<T> {
        T decode(ConsumerRecord<byte[], byte[]> record);

        /** The record's value decoded by a JSON codec; the key is ignored, a record without a value is skipped. */
        static <T> Decoder<T> values(JsonCodec<T> codec) {
            return r -> r.value() == null
                    ? null
                    : codec.decode(r.value(), r.topic() + "@" + r.partition() + ":" + r.offset());
        }
    }

    private final String topic;
    private final String bootstrap;
    private final Decoder<T> decoder;
    private final Handler<T> handler;
    private final Options options;
    private final Properties consumerConfig;
    /** The end offsets as of the first successful start: what "caught up" and "replay" are measured against. */
    private final Map<TopicPartition, Long> startEnds = new HashMap<>();
    /** Per partition, the next offset not yet handled: where a restarted consumer resumes. */
    private final Map<TopicPartition, Long> next = new HashMap<>();

    private final CountDownLatch caughtUp = new CountDownLatch(1);
    /** Counts down when the follower has caught up or failed for the first time, whichever comes first. */
    private final CountDownLatch settled = new CountDownLatch(1);

    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean running = true;
    private volatile State state = State.STARTING;
    private volatile Consumer<byte[], byte[]> consumer;
    private final java.util.concurrent.atomic.AtomicInteger restarts = new java.util.concurrent.atomic.AtomicInteger();
    private volatile RuntimeException lastFailure;
    private volatile String lastError;
    private volatile Instant lastErrorAt;
    /** Consecutive failures without a successful poll in between; only the follower's thread touches it. */
    private int failures;

    private TopicFollower(String bootstrap, String topic, Decoder<T> decoder, Handler<T> handler, Options options) {
        this.bootstrap = bootstrap;
        this.topic = topic;
        this.decoder = decoder;
        this.handler = handler;
        this.options = options;
        Properties p = options.properties();
        p.remove(ConsumerConfig.GROUP_ID_CONFIG);
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, options.clientId());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(
                ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                Long.toString(options.metadataTimeout().toMillis()));
        this.consumerConfig = p;
        this.thread = new Thread(this::run, "follow-" + topic);
        thread.setDaemon(true);
    }

    /**
     * Starts following a topic.
     *
     * @param bootstrap the brokers
     * @param topic the topic
     * @param codec how its values decode
     * @param handler called with each record, on the follower's thread
     * @param options client id, backoff, clock, timeouts
     * @return the running follower; {@link #close()} stops it
     */
    public static <T> TopicFollower<T> start(
            String bootstrap, String topic, JsonCodec<T> codec, Handler<T> handler, Options options) {
        return start(bootstrap, topic, Decoder.values(codec), handler, options);
    }

    /**
     * Starts following a topic whose records need more than their value to decode (a key, a tombstone).
     *
     * @param bootstrap the brokers
     * @param topic the topic
     * @param decoder how its records decode
     * @param handler called with each record, on the follower's thread
     * @param options client id, backoff, clock, timeouts
     * @return the running follower; {@link #close()} stops it
     */
    public static <T> TopicFollower<T> start(
            String bootstrap, String topic, Decoder<T> decoder, Handler<T> handler, Options options) {
        TopicFollower<T> f = new TopicFollower<>(bootstrap, topic, decoder, handler, options);
        f.thread.start();
        return f;
    }

    /** The topic followed. */
    public String topic() {
        return topic;
    }

    /** Where the follower is now. */
    public State state() {
        return state;
    }

    /** Whether every record that was on the topic when following first started has been handled. */
    public boolean caughtUp() {
        return caughtUp.getCount() == 0;
    }

    /** How many times the loop failed and a new consumer was started (or is about to be). */
    public int restarts() {
        return restarts.get();
    }

    /** The last failure of the loop, if any: what it was, not cleared when a restart succeeds. */
    public Optional<String> lastError() {
        return Optional.ofNullable(lastError);
    }

    /** The last failure of the loop itself, if any; not cleared when a restart succeeds. */
    public Optional<RuntimeException> lastFailure() {
        return Optional.ofNullable(lastFailure);
    }

    /** When the loop last failed, by the follower's clock. */
    public Optional<Instant> lastErrorAt() {
        return Optional.ofNullable(lastErrorAt);
    }

    /** Waits until every record that existed when following started has been handled. */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Waits until the follower has caught up or its loop has failed for the first time (it goes on after a backoff),
     * so that a caller waiting at start-up hears of a missing topic or a refusing broker at once.
     *
     * @return false if neither happened within the timeout
     */
    public boolean awaitCaughtUpOrFailure(Duration timeout) throws InterruptedException {
        return settled.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void run() {
        while (running) {
            try {
                Consumer<byte[], byte[]> c = options.consumers().apply(consumerConfig);
                consumer = c;
                try {
                    if (!running) {
                        break;
                    }
                    follow(c);
                } finally {
                    consumer = null;
                    closeQuietly(c);
                }
            } catch (WakeupException e) {
                if (!running) {
                    break;
                }
                failed(e);
            } catch (RuntimeException e) {
                if (!running) {
                    break;
                }
                failed(e);
            }
            if (running) {
                Duration wait = options.backoff().delay(failures);
                LOG.warn("following {} restarts in {} ms (restart {})", topic, wait.toMillis(), restarts.get());
                try {
                    stopped.await(wait.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        state = State.STOPPED;
    }

    /** Follows with one consumer until closed (returns) or it fails (throws). */
    private void follow(Consumer<byte[], byte[]> c) {
        state = State.STARTING;
        List<TopicPartition> partitions = partitions(c);
        c.assign(partitions);
        if (startEnds.isEmpty()) {
            startEnds.putAll(c.endOffsets(partitions));
        }
        for (TopicPartition p : partitions) {
            Long resume = next.get(p);
            if (resume == null) {
                c.seekToBeginning(List.of(p));
            } else {
                c.seek(p, resume);
            }
        }
        state = caughtUp() ? State.FOLLOWING : State.CATCHING_UP;
        checkCaughtUp(c);
        while (running) {
            for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
                handle(r);
                next.put(new TopicPartition(r.topic(), r.partition()), r.offset() + 1);
            }
            failures = 0;
            if (!caughtUp()) {
                checkCaughtUp(c);
            }
        }
    }

    private void failed(RuntimeException e) {
        failures++;
        restarts.incrementAndGet();
        lastFailure = e;
        lastError = e.getClass().getSimpleName() + ": " + e.getMessage();
        lastErrorAt = options.clock().instant();
        settled.countDown();
        state = State.BACKING_OFF;
        if (failures == 1) {
            LOG.error("following {} failed; a new consumer resumes after a backoff", topic, e);
        } else {
            LOG.warn("following {} failed again ({} in a row): {}", topic, failures, lastError);
        }
    }

    private List<TopicPartition> partitions(Consumer<byte[], byte[]> c) {
        List<PartitionInfo> infos = c.partitionsFor(topic, options.metadataTimeout());
        if (infos == null || infos.isEmpty()) {
            throw new MlcycleException(
                    MlcycleException.Reason.NOT_FOUND, "topic " + topic + " does not exist (yet) at " + bootstrap);
        }
        return infos.stream()
                .map(i -> new TopicPartition(i.topic(), i.partition()))
                .toList();
    }

    private void checkCaughtUp(Consumer<byte[], byte[]> c) {
        for (Map.Entry<TopicPartition, Long> e : startEnds.entrySet()) {
            if (c.position(e.getKey()) < e.getValue()) {
                return;
            }
        }
        if (caughtUp()) {
            return;
        }
        try {
            handler.caughtUp();
        } catch (RuntimeException e) {
            LOG.error("the handler of {} failed when told it caught up", topic, e);
        }
        caughtUp.countDown();
        settled.countDown();
        state = State.FOLLOWING;
    }

    private void handle(ConsumerRecord<byte[], byte[]> r) {
        T value;
        try {
            value = decoder.decode(r);
        } catch (MlcycleException e) {
            LOG.warn("skipping {} partition {} offset {}: {}", topic, r.partition(), r.offset(), e.getMessage());
            return;
        }
        if (value == null) {
            return;
        }
        try {
            Long end = startEnds.get(new TopicPartition(r.topic(), r.partition()));
            handler.handle(value, end != null && r.offset() < end);
        } catch (RuntimeException e) {
            LOG.error("handling {} partition {} offset {} failed", topic, r.partition(), r.offset(), e);
        }
    }

    private void closeQuietly(Consumer<byte[], byte[]> c) {
        try {
            c.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        } catch (RuntimeException e) {
            LOG.debug("closing the consumer of {} failed", topic, e);
        }
    }

    @Override
    public void close() {
        running = false;
        stopped.countDown();
        Consumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        state = State.STOPPED;
    }
}
