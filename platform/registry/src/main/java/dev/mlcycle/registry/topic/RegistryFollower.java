package dev.mlcycle.registry.topic;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.contracts.record.ModelRecord;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the registry topic on its own thread ({@code mlcycle-registry-follower}), keeping every
 * model's latest committed record and telling a {@link RegistryListener} about each change once it
 * has caught up. Started by {@link RegistryReader#follow}; {@link #close} stops it.
 *
 * <p>If the follower fails (the topic is missing, the broker refuses it), it stops, {@link
 * #failure()} says why and {@link #awaitCaughtUp} throws. A broker that is only down for a while is
 * waited for: the Kafka client reconnects by itself.
 */
public final class RegistryFollower implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryFollower.class);

    private final String bootstrap;
    private final RegistryOptions options;
    private final RegistryListener listener;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final ConcurrentSkipListMap<String, ModelRecord> state = new ConcurrentSkipListMap<>();
    private final CountDownLatch done = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean caughtUp;
    private volatile boolean closed;
    private volatile RuntimeException failure;

    private RegistryFollower(String bootstrap, RegistryOptions options, RegistryListener listener) {
        this.bootstrap = bootstrap;
        this.options = options;
        this.listener = listener;
        this.consumer = new KafkaConsumer<>(RegistryTopic.consumerProperties(bootstrap, options, "follower"));
        this.thread = new Thread(this::run, "mlcycle-registry-follower");
        this.thread.setDaemon(true);
    }

    static RegistryFollower start(String bootstrap, RegistryOptions options, RegistryListener listener) {
        RegistryFollower follower = new RegistryFollower(bootstrap, options, listener);
        follower.thread.start();
        return follower;
    }

    /**
     * Waits until the follower has read the topic to the end it saw when it started.
     *
     * @throws MlcycleException {@link Reason#UNAVAILABLE} if it has not within {@code timeout}, or the
     *     follower's own failure (for example {@link Reason#NOT_FOUND} for a missing topic)
     */
    public void awaitCaughtUp(Duration timeout) {
        RegistryReader.requirePositive(timeout);
        try {
            done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MlcycleException(Reason.UNAVAILABLE, "interrupted while waiting for the registry follower", e);
        }
        RuntimeException f = failure;
        if (!caughtUp && f != null) {
            throw f instanceof MlcycleException m
                    ? new MlcycleException(m.reason(), "registry follower stopped: " + m.getMessage(), m)
                    : new MlcycleException(Reason.UNAVAILABLE, "registry follower stopped: " + f, f);
        }
        if (!caughtUp) {
            throw new MlcycleException(
                    Reason.UNAVAILABLE,
                    "the registry follower has not read " + options.topic() + " to its end within " + timeout.toMillis()
                            + " ms; is Kafka at " + bootstrap + " up?");
        }
    }

    /** True once the follower has read to the end it saw at start. */
    public boolean isCaughtUp() {
        return caughtUp;
    }

    /** Why the follower stopped, if it failed. */
    public Optional<RuntimeException> failure() {
        return Optional.ofNullable(failure);
    }

    /** Every model's latest record as read so far, sorted by name; a snapshot. */
    public NavigableMap<String, ModelRecord> current() {
        return Collections.unmodifiableNavigableMap(new TreeMap<>(state));
    }

    /** A model's latest record as read so far. */
    public Optional<ModelRecord> get(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(state.get(name));
    }

    /** Stops the thread and closes its consumer; waits up to the options' timeout for it. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        consumer.wakeup();
        try {
            thread.join(options.timeout().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn(
                    "the registry follower did not stop within {} ms",
                    options.timeout().toMillis());
        }
    }

    private void run() {
        try (consumer) {
            List<TopicPartition> partitions =
                    RegistryTopic.partitions(consumer, bootstrap, options.topic(), options.timeout());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, options.timeout());
            while (!closed) {
                if (!caughtUp && RegistryTopic.firstBehind(consumer, end, options.timeout()) == null) {
                    tell(() -> listener.caughtUp(current()), "caughtUp");
                    caughtUp = true;
                    done.countDown();
                }
                ConsumerRecords<byte[], byte[]> records = consumer.poll(RegistryTopic.POLL);
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    RegistryTopic.Change change = RegistryTopic.decode(r);
                    if (change == null) {
                        continue;
                    }
                    change.applyTo(state);
                    if (caughtUp) {
                        if (change.isDeletion()) {
                            tell(() -> listener.deleted(change.name()), "deleted");
                        } else {
                            tell(() -> listener.updated(change.record()), "updated");
                        }
                    }
                }
            }
        } catch (WakeupException e) {
            if (!closed) {
                failure = new MlcycleException(Reason.INTERNAL, "registry follower woken up unexpectedly", e);
            }
        } catch (RuntimeException e) {
            failure = e;
            LOG.error("the registry follower of {} at {} stopped: {}", options.topic(), bootstrap, e.toString());
        } finally {
            done.countDown();
        }
    }

    private void tell(Runnable call, String what) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.warn("the registry listener failed in {}; the follower goes on", what, e);
        }
    }
}
