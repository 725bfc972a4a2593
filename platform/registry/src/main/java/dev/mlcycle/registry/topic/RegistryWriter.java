package dev.mlcycle.registry.topic;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.contracts.json.Codecs;
import dev.mlcycle.contracts.record.ModelRecord;
import dev.mlcycle.topics.TopicReplay;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's one writer: a transactional producer on {@code mlcycle.registry}, as Confluent Schema
 * Registry keeps its schemas on one compacted topic with one leader.
 *
 * <p>{@link #open} initialises transactions under the configured {@code transactional.id}, which
 * fences any older producer with that id (another training-service instance, or this one before a
 * restart), and then reads the topic to its end under read_committed, so {@link #committed()} holds
 * every committed record before the first write (read-your-writes across restarts). Each {@link
 * #publish} is its own transaction, sent synchronously, keyed by model name.
 *
 * <p>The writer keeps its catch-up consumer: {@link #refresh()} reads what was committed since, and
 * {@link #publishIfUnchanged} publishes a model's record only if the model's latest committed record
 * is still the one the change was computed from. Writers with the same id are fenced from each other;
 * writers with different ids (a misconfiguration) are not, and this check is what keeps one from
 * silently dropping the other's change (Kafka has no compare-and-set, so a publish of the other
 * writer landing between the check and the commit is still possible; the window is one round trip).
 *
 * <p>A writer that was fenced fails every later call with {@link Reason#CONFLICT}. A publish that
 * fails otherwise (timeout, broker error) leaves the writer needing {@link #recover()}, since a
 * timed-out commit may still complete: recovery starts a new producer under the same id (which
 * settles the pending transaction, and, like a restart, fences any instance that took over
 * meanwhile) and reads the topic to its end again. Thread-safe.
 */
public final class RegistryWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryWriter.class);

    private final String bootstrap;
    private final RegistryOptions options;
    private KafkaProducer<byte[], byte[]> producer;
    private KafkaConsumer<byte[], byte[]> catchUp;
    /** Reads {@link #catchUp} on from where it stopped. */
    private TopicReplay catchUpReader;

    private List<TopicPartition> partitions;
    private NavigableMap<String, ModelRecord> committed;
    private boolean fenced;
    private boolean needsRecovery;
    private boolean closed;

    private RegistryWriter(String bootstrap, RegistryOptions options) {
        this.bootstrap = bootstrap;
        this.options = options;
    }

    /**
     * Opens the writer: fences older writers with the same {@code transactional.id}, then reads the
     * topic to its end.
     *
     * @throws MlcycleException {@link Reason#UNAVAILABLE} if Kafka does not answer in time; {@link
     *     Reason#NOT_FOUND} if the topic does not exist
     */
    public static RegistryWriter open(String bootstrap, RegistryOptions options) {
        RegistryWriter writer = new RegistryWriter(
                RegistryTopic.requireBootstrap(bootstrap), Objects.requireNonNull(options, "options"));
        synchronized (writer) {
            writer.start();
        }
        return writer;
    }

    /** The {@code transactional.id} this writer holds. */
    public String transactionalId() {
        return options.transactionalId();
    }

    /**
     * Every model's latest committed record: what the topic held when the writer (last) read it to
     * the end, plus what it has published since. Sorted by name; a snapshot.
     */
    public synchronized NavigableMap<String, ModelRecord> committed() {
        return Collections.unmodifiableNavigableMap(new TreeMap<>(committed));
    }

    /** True once a newer writer with the same {@code transactional.id} has taken over. */
    public synchronized boolean isFenced() {
        return fenced;
    }

    /** True after a publish failed in a way that leaves its outcome unknown; call {@link #recover()}. */
    public synchronized boolean needsRecovery() {
        return needsRecovery;
    }

    /**
     * Fails if this writer can no longer write.
     *
     * @throws MlcycleException {@link Reason#CONFLICT} once fenced, {@link Reason#UNAVAILABLE} once closed
     */
    public synchronized void checkWritable() {
        if (fenced) {
            throw fencedError(null);
        }
        if (closed) {
            throw new MlcycleException(Reason.UNAVAILABLE, "the registry writer is closed");
        }
    }

    /**
     * Reads what was committed to the topic since the writer last read it (by this writer or any
     * other) without touching the producer, so it fences nobody.
     *
     * @return every model's latest committed record
     * @throws MlcycleException {@link Reason#CONFLICT} once fenced; {@link Reason#UNAVAILABLE} if Kafka
     *     does not answer in time or the writer needs {@link #recover()}
     */
    public synchronized NavigableMap<String, ModelRecord> refresh() {
        checkWritable();
        if (needsRecovery) {
            throw new MlcycleException(
                    Reason.UNAVAILABLE,
                    "the registry writer's last publish failed with an unknown outcome; recover() re-reads "
                            + options.topic() + " before it reads on");
        }
        readOnward();
        return committed();
    }

    /**
     * Publishes a model's next record only if the model's latest committed record is still {@code
     * basis}: first reads the topic on ({@link #refresh()}), then, if nobody changed the model since,
     * {@link #publish}es.
     *
     * @param next the model's next whole record
     * @param basis the record {@code next} was computed from, or null if the model was new
     * @return true if published; false if another writer's record (or removal) of the model was
     *     committed since {@code basis}: nothing was published, and {@link #committed()} holds the
     *     newer record
     * @throws MlcycleException as {@link #publish}
     */
    public synchronized boolean publishIfUnchanged(ModelRecord next, ModelRecord basis) {
        Objects.requireNonNull(next, "next");
        if (basis != null && !basis.name().equals(next.name())) {
            throw new IllegalArgumentException(
                    "basis is of model " + basis.name() + ", the next record of model " + next.name());
        }
        refresh();
        if (!Objects.equals(committed.get(next.name()), basis)) {
            LOG.warn(
                    "model {} changed on {} since this writer ({}) read it: another registry writer published;"
                            + " not publishing over it",
                    next.name(),
                    options.topic(),
                    options.transactionalId());
            return false;
        }
        publish(next);
        return true;
    }

    /**
     * Publishes a model's whole record in its own transaction, keyed by the model name, and waits
     * until the transaction is committed. It replaces whatever the topic holds for the model; use
     * {@link #publishIfUnchanged} not to overwrite another writer's change.
     *
     * @throws MlcycleException {@link Reason#CONFLICT} if a newer writer fenced this one (nothing of
     *     this record is visible to read_committed readers); {@link Reason#UNAVAILABLE} if Kafka fails or
     *     does not answer in time, or a previous failure still needs {@link #recover()}
     */
    public synchronized void publish(ModelRecord record) {
        Objects.requireNonNull(record, "record");
        checkWritable();
        if (needsRecovery) {
            throw new MlcycleException(
                    Reason.UNAVAILABLE,
                    "the registry writer's last publish failed with an unknown outcome; recover() re-reads "
                            + options.topic() + " before it accepts another write");
        }
        byte[] key = record.name().getBytes(StandardCharsets.UTF_8);
        byte[] value = Codecs.MODEL_RECORD.encode(record);
        boolean committing = false;
        try {
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(options.topic(), key, value))
                    .get(options.timeout().toMillis(), TimeUnit.MILLISECONDS);
            committing = true;
            producer.commitTransaction();
        } catch (ExecutionException e) {
            throw failed(record, e.getCause() == null ? e : e.getCause(), committing);
        } catch (java.util.concurrent.TimeoutException e) {
            throw failed(record, e, committing);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failed(record, e, committing);
        } catch (KafkaException e) {
            throw failed(record, e, committing);
        }
        committed.put(record.name(), record);
    }

    /**
     * Settles the outcome of a failed publish: closes the producer, starts a new one under the same
     * {@code transactional.id} (the coordinator completes or aborts the pending transaction) and reads
     * the topic to its end again.
     *
     * @return every model's latest committed record after recovery
     * @throws MlcycleException {@link Reason#CONFLICT} if fenced; {@link Reason#UNAVAILABLE} if Kafka
     *     still fails (recovery can be tried again)
     */
    public synchronized NavigableMap<String, ModelRecord> recover() {
        checkWritable();
        closeClients();
        start();
        needsRecovery = false;
        LOG.info(
                "the registry writer {} recovered: {} models on {}",
                options.transactionalId(),
                committed.size(),
                options.topic());
        return committed();
    }

    /** Closes the producer. Nothing pending is lost: every publish has completed when it returns. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        closeClients();
    }

    private void start() {
        KafkaProducer<byte[], byte[]> p;
        try {
            p = new KafkaProducer<>(RegistryTopic.producerProperties(bootstrap, options));
        } catch (KafkaException e) {
            needsRecovery = true;
            throw new MlcycleException(
                    Reason.UNAVAILABLE, "cannot create the registry producer for Kafka at " + bootstrap + ": " + e, e);
        }
        try {
            p.initTransactions();
        } catch (TimeoutException e) {
            p.close(Duration.ZERO);
            needsRecovery = true;
            throw RegistryTopic.noAnswer(
                    bootstrap, "initialising transactions as " + options.transactionalId(), options.timeout(), e);
        } catch (KafkaException e) {
            p.close(Duration.ZERO);
            needsRecovery = true;
            throw new MlcycleException(
                    Reason.UNAVAILABLE,
                    "cannot initialise the registry's transactions as " + options.transactionalId() + " at " + bootstrap
                            + ": " + e,
                    e);
        }
        NavigableMap<String, ModelRecord> state;
        KafkaConsumer<byte[], byte[]> consumer = null;
        TopicReplay reader;
        try {
            consumer = new KafkaConsumer<>(RegistryTopic.consumerProperties(bootstrap, options, "writer-catch-up"));
            reader = TopicReplay.over(consumer);
            state = RegistryReader.readAll(reader, bootstrap, options.topic(), options.timeout());
        } catch (RuntimeException e) {
            p.close(Duration.ZERO);
            if (consumer != null) {
                consumer.close(CloseOptions.timeout(Duration.ZERO));
            }
            needsRecovery = true;
            throw e instanceof MlcycleException m
                    ? m
                    : new MlcycleException(
                            Reason.UNAVAILABLE, "cannot read " + options.topic() + " at " + bootstrap + ": " + e, e);
        }
        producer = p;
        catchUp = consumer;
        catchUpReader = reader;
        partitions = consumer.assignment().stream()
                .sorted(java.util.Comparator.comparingInt(TopicPartition::partition))
                .toList();
        committed = new TreeMap<>(state);
    }

    /** Reads the catch-up consumer on to the topic's current end, applying every change. */
    private void readOnward() {
        try {
            RegistryTopic.readToEnd(catchUpReader, partitions, bootstrap, options.timeout(), c -> c.applyTo(committed));
        } catch (MlcycleException e) {
            throw e;
        } catch (KafkaException e) {
            throw new MlcycleException(
                    Reason.UNAVAILABLE, "cannot read " + options.topic() + " at " + bootstrap + ": " + e, e);
        }
    }

    /** Classifies a failed publish: fenced, or unknown outcome needing recovery. */
    private MlcycleException failed(ModelRecord record, Throwable error, boolean committing) {
        if (isFencing(error)) {
            return fence(error);
        }
        boolean settled = false;
        if (!committing) {
            try {
                producer.abortTransaction();
                settled = true;
            } catch (RuntimeException abortError) {
                if (isFencing(abortError)) {
                    return fence(abortError);
                }
                error.addSuppressed(abortError);
            }
        }
        needsRecovery = !settled;
        Reason reason = error instanceof RecordTooLargeException ? Reason.INTERNAL : Reason.UNAVAILABLE;
        return new MlcycleException(
                reason,
                "cannot publish the record of model " + record.name() + " to " + options.topic() + " at " + bootstrap
                        + ": " + error
                        + (settled
                                ? "; the transaction was aborted, nothing was written"
                                : "; the outcome is unknown until the writer re-reads the topic"),
                error);
    }

    private MlcycleException fence(Throwable cause) {
        fenced = true;
        closeClients();
        LOG.warn(
                "the registry writer {} was fenced by a newer writer; it accepts no more writes",
                options.transactionalId());
        return fencedError(cause);
    }

    private MlcycleException fencedError(Throwable cause) {
        return new MlcycleException(
                Reason.CONFLICT,
                "another training-service took over the registry: a newer writer initialised transactional.id \""
                        + options.transactionalId() + "\" on " + options.topic()
                        + ", which fenced this one; it accepts no more writes",
                cause);
    }

    private static boolean isFencing(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof ProducerFencedException || t instanceof InvalidProducerEpochException) {
                return true;
            }
        }
        return false;
    }

    private void closeClients() {
        closeProducer();
        if (catchUp != null) {
            try {
                catchUp.close(CloseOptions.timeout(Duration.ZERO));
            } catch (RuntimeException e) {
                LOG.debug("closing the registry writer's consumer failed", e);
            }
            catchUp = null;
            catchUpReader = null;
        }
    }

    private void closeProducer() {
        if (producer != null) {
            try {
                producer.close(Duration.ZERO);
            } catch (RuntimeException e) {
                LOG.debug("closing the registry producer failed", e);
            }
            producer = null;
        }
    }
}
