package dev.mlcycle.registry.topic;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.contracts.record.ModelRecord;
import dev.mlcycle.topics.TopicFollower;
import java.time.Duration;
import java.util.Collections;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the registry topic, keeping every model's latest committed record and telling a {@link RegistryListener}
 * about each change once it has caught up. Started by {@link RegistryReader#follow}; {@link #close} stops it. The
 * following itself is platform/topics' {@link TopicFollower} (its own thread, no consumer group).
 *
 * <p>If the follower fails (the topic is missing, the broker refuses it or cannot be reached), {@link #failure()} says
 * why, {@link #awaitCaughtUp} throws at once if it had not caught up yet, and a new consumer resumes after a bounded
 * exponential backoff where the last one stopped: a registry that appears later, or a broker that comes back, is
 * followed from then on, and no change is handled twice or missed.
 */
public final class RegistryFollower implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryFollower.class);
    /** The first restart after 1 s, doubling up to 30 s. */
    private static final TopicFollower.Backoff BACKOFF =
            new TopicFollower.Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30));

    private final String bootstrap;
    private final RegistryOptions options;
    private final RegistryListener listener;
    private final ConcurrentSkipListMap<String, ModelRecord> state = new ConcurrentSkipListMap<>();
    private final TopicFollower<RegistryTopic.Change> follower;
    private volatile boolean caughtUp;

    private RegistryFollower(String bootstrap, RegistryOptions options, RegistryListener listener) {
        this.bootstrap = bootstrap;
        this.options = options;
        this.listener = listener;
        Properties properties = RegistryTopic.consumerProperties(bootstrap, options, "follower");
        TopicFollower.Options followerOptions = TopicFollower.Options.defaults(
                        properties.getProperty(ConsumerConfig.CLIENT_ID_CONFIG))
                .withBackoff(BACKOFF)
                .withMetadataTimeout(options.timeout())
                .withProperties(properties);
        this.follower =
                TopicFollower.start(bootstrap, options.topic(), RegistryTopic::decode, new Handler(), followerOptions);
    }

    static RegistryFollower start(String bootstrap, RegistryOptions options, RegistryListener listener) {
        return new RegistryFollower(bootstrap, options, listener);
    }

    /**
     * Waits until the follower has read the topic to the end it saw when it started.
     *
     * @throws MlcycleException {@link Reason#UNAVAILABLE} if it has not within {@code timeout}, or the
     *     follower's failure before it caught up (for example {@link Reason#NOT_FOUND} for a missing topic)
     */
    public void awaitCaughtUp(Duration timeout) {
        RegistryReader.requirePositive(timeout);
        try {
            follower.awaitCaughtUpOrFailure(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MlcycleException(Reason.UNAVAILABLE, "interrupted while waiting for the registry follower", e);
        }
        RuntimeException f = follower.lastFailure().orElse(null);
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

    /** The follower's last failure, if it ever failed (it started again after a backoff). */
    public Optional<RuntimeException> failure() {
        return follower.lastFailure();
    }

    /** How many times the follower failed and started a new consumer. */
    public int restarts() {
        return follower.restarts();
    }

    /** Every model's latest record as read so far, sorted by name; a snapshot. */
    public NavigableMap<String, ModelRecord> current() {
        return Collections.unmodifiableNavigableMap(new TreeMap<>(state));
    }

    /** A model's latest record as read so far. */
    public Optional<ModelRecord> get(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(state.get(name));
    }

    /** Stops the thread and closes its consumer. */
    @Override
    public void close() {
        follower.close();
    }

    /** Applies every change; tells the listener of those after the catch-up. On the follower's thread. */
    private final class Handler implements TopicFollower.Handler<RegistryTopic.Change> {
        @Override
        public void handle(RegistryTopic.Change change, boolean replay) {
            change.applyTo(state);
            if (!caughtUp) {
                return; // told in caughtUp(current()) instead
            }
            if (change.isDeletion()) {
                tell(() -> listener.deleted(change.name()), "deleted");
            } else {
                tell(() -> listener.updated(change.record()), "updated");
            }
        }

        @Override
        public void caughtUp() {
            tell(() -> listener.caughtUp(current()), "caughtUp");
            caughtUp = true;
        }
    }

    private static void tell(Runnable call, String what) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.warn("the registry listener failed in {}; the follower goes on", what, e);
        }
    }
}
