package dev.mlcycle.serving.log;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.contracts.Topics;
import dev.mlcycle.contracts.json.Codecs;
import dev.mlcycle.contracts.record.PredictionRecord;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The prediction log: every prediction served (online, shadow, batch) as a {@link PredictionRecord} on {@code
 * mlcycle.predictions.<model>}, keyed by {@link PredictionRecord#key()} (the event id, else the request id), written
 * as JSON by the contracts' codec through an idempotent producer ({@code enable.idempotence}, {@code acks=all}).
 *
 * <p>It stays off the request path: {@link #log} puts the record in a bounded buffer and returns at once; one thread
 * of its own takes the records gathered in the buffer (all of them at once, then it pauses {@link #GATHER} so that
 * the next ones gather: one wake-up per few milliseconds rather than one per prediction), creates the model's topic
 * on first use ({@link PredictionTopics}) and hands them to the producer, in order. {@code KafkaProducer.send} itself can block (for metadata, up to {@code max.block.ms}),
 * which is why only that thread calls it. When Kafka is slow or down, the record the thread holds is tried again
 * after a pause, the buffer fills, and beyond its bound {@link #log} drops the record and counts it; {@link
 * #problem()} then says since when the broker is unreachable and how much was dropped. A record the producer took but
 * the broker never acknowledged (its delivery timeout passed) counts as a failed send.
 *
 * <p>Counts: {@link #sent()} acknowledged by the broker, {@link #dropped()} never sent (buffer full, or left when
 * {@link #close()} ran out of time), {@link #failed()} sent but not acknowledged, {@link #buffered()} waiting.
 * Thread-safe.
 */
public final class PredictionLog implements AutoCloseable {
    /** How long after the last drop {@link #problem()} still reports drops while the broker is reachable. */
    static final Duration DROP_REPORT_WINDOW = Duration.ofMinutes(1);
    /** How long the sender lets records gather after it handed over what it took. */
    static final Duration GATHER = Duration.ofMillis(2);
    /** The most records the sender takes from the buffer at once. */
    private static final int TAKE = 1_024;

    private final String bootstrap;
    private final PredictionLogOptions options;
    private final Clock clock;
    private final ArrayBlockingQueue<PredictionRecord> buffer;
    private final Thread sender;

    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    /** Records accepted and not yet handed to the producer: in the buffer or taken by the sender; the bound. */
    private final AtomicInteger outstanding = new AtomicInteger();
    /** Topic names by model, for the sender thread only. */
    private final Map<String, String> topicNames = new HashMap<>();

    private volatile boolean closed;
    private volatile long closeDeadlineNanos = Long.MAX_VALUE;
    private volatile Instant downSince;
    private volatile String lastError;
    private volatile Instant lastDrop;
    private volatile KafkaProducer<byte[], byte[]> producer;
    private volatile PredictionTopics topics;

    /**
     * Starts the log's sender thread; the producer connects lazily, so this returns at once even when the broker is
     * down.
     *
     * @throws MlcycleException {@link Reason#INVALID_ARGUMENT} for a blank bootstrap
     */
    public PredictionLog(String bootstrap, PredictionLogOptions options, Clock clock) {
        if (bootstrap == null || bootstrap.isBlank()) {
            throw new MlcycleException(
                    Reason.INVALID_ARGUMENT,
                    "prediction log: Kafka bootstrap servers: expected host:port[,host:port...], got nothing");
        }
        this.bootstrap = bootstrap;
        this.options = Objects.requireNonNull(options, "options");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.buffer = new ArrayBlockingQueue<>(options.bufferRecords());
        this.sender = new Thread(this::run, "mlcycle-prediction-log");
        this.sender.setDaemon(true);
        this.sender.start();
    }

    /**
     * Queues one record to be sent and returns at once: never waits for Kafka, a lock held by the sender, or buffer
     * space. When the buffer holds {@link PredictionLogOptions#bufferRecords()} records already (or the log is
     * closed) the record is dropped and counted.
     */
    public void log(PredictionRecord record) {
        Objects.requireNonNull(record, "record");
        if (closed) {
            drop();
            return;
        }
        if (outstanding.incrementAndGet() > options.bufferRecords()) {
            outstanding.decrementAndGet();
            drop();
            return;
        }
        if (!buffer.offer(record)) { // cannot happen: the buffer holds bufferRecords and outstanding bounds it
            outstanding.decrementAndGet();
            drop();
        }
    }

    private void drop() {
        dropped.incrementAndGet();
        lastDrop = clock.instant();
    }

    /** Records the broker acknowledged. */
    public long sent() {
        return sent.get();
    }

    /** Records never sent: the buffer was full when they came, or {@link #close()} ran out of time before them. */
    public long dropped() {
        return dropped.get();
    }

    /** Records handed to Kafka that it did not acknowledge within the delivery timeout. */
    public long failed() {
        return failed.get();
    }

    /** Records waiting to be sent, including those the sender took and is trying. */
    public int buffered() {
        return outstanding.get();
    }

    /**
     * What is wrong, for status and health: the broker unreachable since when (with the last error and the counts), or
     * records dropped within the last minute because the buffer was full; empty when all is well.
     */
    public Optional<String> problem() {
        Instant down = downSince;
        if (down != null) {
            return Optional.of("cannot send predictions to Kafka at " + bootstrap + " since " + down + " (" + lastError
                    + "); " + dropped.get() + " dropped (buffer of " + options.bufferRecords() + " records full), "
                    + failed.get() + " failed sends, " + buffered() + " buffered");
        }
        Instant drop = lastDrop;
        if (drop != null && !drop.plus(DROP_REPORT_WINDOW).isBefore(clock.instant())) {
            return Optional.of(dropped.get() + " predictions dropped, the last at " + drop + ": the buffer of "
                    + options.bufferRecords() + " records was full" + (closed ? " or the log closed" : ""));
        }
        return Optional.empty();
    }

    /**
     * Takes no more records, sends what is buffered within {@link PredictionLogOptions#closeTimeout()} (waiting for
     * the broker's acknowledgements in the same time), counts what is left as dropped, and stops the sender thread.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        long start = System.nanoTime();
        long timeout = options.closeTimeout().toNanos();
        closeDeadlineNanos = start + timeout;
        closed = true;
        try {
            TimeUnit.NANOSECONDS.timedJoin(sender, timeout);
            if (sender.isAlive()) {
                sender.interrupt();
                sender.join(1_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        KafkaProducer<byte[], byte[]> p = producer;
        if (p != null) {
            // Waits for acknowledgements in the time left; what is still unacknowledged then fails its callback.
            p.close(Duration.ofNanos(Math.max(0, closeDeadlineNanos - System.nanoTime())));
        }
        PredictionTopics t = topics;
        if (t != null) {
            t.close();
        }
        buffer.clear();
        int left = outstanding.getAndSet(0);
        if (left > 0) {
            dropped.addAndGet(left);
            lastDrop = clock.instant();
        }
    }

    private void run() {
        List<PredictionRecord> taken = new ArrayList<>(TAKE);
        try {
            while (true) {
                PredictionRecord first = buffer.poll(50, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (closed) {
                        return;
                    }
                    continue;
                }
                taken.add(first);
                buffer.drainTo(taken, TAKE - 1);
                for (PredictionRecord record : taken) {
                    while (!trySend(record)) {
                        if (closed && System.nanoTime() > closeDeadlineNanos) {
                            return; // close() counts the records taken and buffered as dropped
                        }
                        Thread.sleep(options.retryBackoff().toMillis());
                    }
                    outstanding.decrementAndGet();
                }
                taken.clear();
                if (!closed) {
                    Thread.sleep(GATHER.toMillis()); // let the next records gather rather than wake per record
                }
            }
        } catch (InterruptedException | InterruptException e) {
            // close() ran out of time
        }
    }

    /**
     * Hands one record to the producer. False when it should be tried again (the broker cannot be reached, its
     * metadata did not come in time, the topic cannot be created); true when the producer took it or it can never be
     * sent (then it counts as failed).
     */
    private boolean trySend(PredictionRecord record) {
        byte[] value;
        try {
            value = Codecs.PREDICTION_RECORD.encode(record);
        } catch (RuntimeException e) {
            failed.incrementAndGet();
            lastError = "cannot encode a prediction of " + record.model() + ": " + e.getMessage();
            return true;
        }
        Delivery delivery = new Delivery();
        try {
            if (producer == null) {
                producer = new KafkaProducer<>(producerConfig());
            }
            if (topics == null) {
                topics = new PredictionTopics(bootstrap, options.topicTimeout());
            }
            topics.ensure(record.model());
            producer.send(
                    new ProducerRecord<>(
                            topicNames.computeIfAbsent(record.model(), Topics::predictions),
                            record.key().getBytes(StandardCharsets.UTF_8),
                            value),
                    delivery);
        } catch (MlcycleException | KafkaException e) {
            if (e instanceof InterruptException interrupted) {
                throw interrupted;
            }
            unreachable(e);
            return false;
        } finally {
            delivery.returned();
        }
        Exception early = delivery.earlyError;
        if (early == null) {
            return true;
        }
        if (early instanceof RetriableException) {
            unreachable(early);
            return false;
        }
        failed.incrementAndGet();
        lastError = String.valueOf(early);
        return true;
    }

    private void unreachable(Exception e) {
        lastError = String.valueOf(e.getMessage() == null ? e : e.getMessage());
        if (downSince == null) {
            downSince = clock.instant();
        }
    }

    private Map<String, Object> producerConfig() {
        long delivery = options.deliveryTimeout().toMillis();
        // Records come from the sender in bursts every few ms; a longer linger and larger batches give the producer
        // fewer, fuller batches per partition: each batch costs an LZ4 frame (64 KiB of buffers) and a request.
        long linger = 20;
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "mlcycle-serving-predictions");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
        p.put(ProducerConfig.LINGER_MS_CONFIG, Long.toString(linger));
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(128 * 1024));
        p.put(
                ProducerConfig.MAX_BLOCK_MS_CONFIG,
                Long.toString(options.maxBlock().toMillis()));
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(delivery));
        // delivery.timeout.ms must cover linger.ms + request.timeout.ms
        p.put(
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                Long.toString(Math.max(1, Math.min(30_000, delivery - linger))));
        p.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "1000");
        return p;
    }

    /**
     * The outcome of one send. The producer reports some failures (no metadata within {@code max.block.ms}, a record
     * too large) through the callback before {@code send} returns, on the sender's own thread: those are kept for
     * {@link #trySend} to decide on; later outcomes come from the producer's I/O thread and are counted.
     */
    private final class Delivery implements Callback {
        private final Thread caller = Thread.currentThread();
        private volatile boolean returned;
        volatile Exception earlyError;

        void returned() {
            returned = true;
        }

        @Override
        public void onCompletion(RecordMetadata metadata, Exception exception) {
            if (!returned && Thread.currentThread() == caller) {
                earlyError = exception;
                if (exception == null) {
                    acknowledged();
                }
                return;
            }
            if (exception == null) {
                acknowledged();
            } else {
                failed.incrementAndGet();
                if (exception instanceof RetriableException) {
                    unreachable(exception);
                } else {
                    lastError = String.valueOf(exception);
                }
            }
        }

        private void acknowledged() {
            sent.incrementAndGet();
            downSince = null;
        }
    }
}
