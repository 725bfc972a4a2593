package dev.mlcycle.datagen.sink;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.datagen.GeneratedRecord;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends generated records to Kafka with a {@code KafkaProducer<byte[], byte[]>}: idempotent, acks=all,
 * lz4, linger 5 ms, 256 KB batches ({@link #producerConfig}). Records go out in stream order; with
 * idempotence and the default partitioner (which hashes the key), each partition receives its records
 * in that order, so what lands is deterministic per partition. The Kafka record timestamp is left to the
 * producer (send time): event times can lie far in the past, and retention by timestamp would delete
 * them at once.
 *
 * <p>Optional pacing to a target rate ({@link TokenBucket}); progress is reported every N records or
 * every interval, whichever comes first. The first failed send stops the sink: the next {@link #accept}
 * or {@link #finish} throws an {@link MlcycleException} ({@link Reason#UNAVAILABLE}) naming the record.
 * {@link #finish} flushes and checks that every record sent was acknowledged.
 */
public final class KafkaSink implements RecordSink {

    /**
     * How the sink sends.
     *
     * @param recordsPerSecond target rate; 0 = as fast as possible
     * @param progressEveryRecords report progress at least every this many records (0 = never by count)
     * @param progressEvery report progress at least this often
     * @param progress receives reports; may be null
     * @param finishTimeout how long {@link #finish} waits for outstanding acknowledgements after flush
     */
    public record Options(
            double recordsPerSecond,
            long progressEveryRecords,
            Duration progressEvery,
            Consumer<SendProgress> progress,
            Duration finishTimeout) {
        public Options {
            if (!(recordsPerSecond >= 0.0) || Double.isInfinite(recordsPerSecond)) {
                throw new MlcycleException(
                        Reason.INVALID_ARGUMENT, "rate: expected records per second >= 0, got " + recordsPerSecond);
            }
            if (progressEveryRecords < 0) {
                throw new MlcycleException(
                        Reason.INVALID_ARGUMENT, "progress every: expected >= 0 records, got " + progressEveryRecords);
            }
            Objects.requireNonNull(progressEvery, "progressEvery");
            Objects.requireNonNull(finishTimeout, "finishTimeout");
        }

        /** As fast as possible, progress every 100,000 records or 500 ms to {@code progress}. */
        public static Options defaults(Consumer<SendProgress> progress) {
            return new Options(0.0, 100_000, Duration.ofMillis(500), progress, Duration.ofMinutes(2));
        }

        public Options withRate(double recordsPerSecond) {
            return new Options(recordsPerSecond, progressEveryRecords, progressEvery, progress, finishTimeout);
        }
    }

    private record Failure(long seq, String topic, String key, Exception error) {}

    private final Producer<byte[], byte[]> producer;
    private final Options options;
    private final TokenBucket pacer;
    private final LongSupplier clock;
    private final long startNanos;
    private final AtomicLong acked = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicReference<Failure> failure = new AtomicReference<>();
    private long sent;
    private long lastReportNanos;
    private long lastReportSent;
    private boolean finished;

    /** The producer settings the sink uses, before {@code overrides}. */
    public static Map<String, Object> producerConfig(String bootstrapServers) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        c.put(ProducerConfig.CLIENT_ID_CONFIG, "mlcycle-datagen");
        c.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        c.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        c.put(ProducerConfig.ACKS_CONFIG, "all");
        c.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        c.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        c.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        c.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        return c;
    }

    /**
     * A sink with its own producer to {@code bootstrapServers}; {@code overrides} (may be empty) replace
     * or add producer settings. The producer is closed with the sink.
     */
    public static KafkaSink connect(String bootstrapServers, Map<String, Object> overrides, Options options) {
        Map<String, Object> config = producerConfig(bootstrapServers);
        config.putAll(overrides);
        return new KafkaSink(new KafkaProducer<>(config), options);
    }

    /** A sink over {@code producer}, which it closes on {@link #close()}. */
    public KafkaSink(Producer<byte[], byte[]> producer, Options options) {
        this(producer, options, new TokenBucket(options.recordsPerSecond()), System::nanoTime);
    }

    /** For tests: a given pacer and clock. */
    KafkaSink(Producer<byte[], byte[]> producer, Options options, TokenBucket pacer, LongSupplier nanoClock) {
        this.producer = Objects.requireNonNull(producer, "producer");
        this.options = Objects.requireNonNull(options, "options");
        this.pacer = pacer;
        this.clock = nanoClock;
        this.startNanos = nanoClock.getAsLong();
        this.lastReportNanos = startNanos;
    }

    @Override
    public void accept(GeneratedRecord r) {
        throwIfFailed();
        if (finished) {
            throw new IllegalStateException("the sink is finished");
        }
        try {
            pacer.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MlcycleException(
                    Reason.UNAVAILABLE,
                    "interrupted after sending " + sent + " records (" + acked.get() + " acknowledged)");
        }
        long seq = r.seq();
        String topic = r.topic();
        try {
            producer.send(new ProducerRecord<>(topic, r.key(), r.value()), (meta, error) -> {
                if (error == null) {
                    acked.incrementAndGet();
                } else {
                    failed.incrementAndGet();
                    failure.compareAndSet(null, new Failure(seq, topic, r.keyString(), error));
                }
            });
        } catch (RuntimeException e) {
            failed.incrementAndGet();
            failure.compareAndSet(null, new Failure(seq, topic, r.keyString(), e));
            throwIfFailed();
        }
        sent++;
        maybeReport();
    }

    private void maybeReport() {
        if (options.progress() == null) {
            return;
        }
        long now = clock.getAsLong();
        boolean byCount = options.progressEveryRecords() > 0 && sent - lastReportSent >= options.progressEveryRecords();
        boolean byTime = now - lastReportNanos >= options.progressEvery().toNanos();
        if (byCount || byTime) {
            report(now, false);
        }
    }

    private void report(long now, boolean done) {
        lastReportNanos = now;
        lastReportSent = sent;
        long elapsed = Math.max(1, now - startNanos);
        long ok = acked.get();
        options.progress()
                .accept(new SendProgress(sent, ok, failed.get(), ok * 1e9 / elapsed, Duration.ofNanos(elapsed), done));
    }

    private void throwIfFailed() {
        Failure f = failure.get();
        if (f != null) {
            throw new MlcycleException(
                    Reason.UNAVAILABLE,
                    "sending record " + f.seq() + " to " + f.topic() + " (key " + f.key() + ") failed: "
                            + f.error().getClass().getSimpleName() + ": "
                            + f.error().getMessage() + "; " + sent
                            + " records sent, " + acked.get() + " acknowledged; the run stopped there",
                    f.error());
        }
    }

    /** Flushes, waits until every sent record is acknowledged, and reports the final progress. */
    @Override
    public void finish() {
        throwIfFailed();
        try {
            producer.flush();
        } catch (RuntimeException e) {
            throw new MlcycleException(
                    Reason.UNAVAILABLE, "flush failed after " + sent + " records: " + e.getMessage(), e);
        }
        long deadline = clock.getAsLong() + options.finishTimeout().toNanos();
        // flush() returns after every callback ran; this bounded wait only guards producers that differ.
        while (acked.get() + failed.get() < sent && clock.getAsLong() < deadline) {
            Thread.onSpinWait();
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000L);
        }
        throwIfFailed();
        if (acked.get() != sent) {
            throw new MlcycleException(
                    Reason.UNAVAILABLE,
                    "only " + acked.get() + " of " + sent + " records were acknowledged within "
                            + options.finishTimeout());
        }
        finished = true;
        if (options.progress() != null) {
            report(clock.getAsLong(), true);
        }
    }

    public long sent() {
        return sent;
    }

    public long acked() {
        return acked.get();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(30));
    }
}
