package dev.mlcycle.registry.topic;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.contracts.Topics;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * How the registry's clients reach {@code mlcycle.registry}.
 *
 * @param topic the registry topic, {@link Topics#REGISTRY} unless a test or a second installation on
 *     the same cluster needs another
 * @param transactionalId the writer's {@code transactional.id}: every training-service instance of
 *     one installation uses the same one, so the newest fences the others; default {@value
 *     #DEFAULT_TRANSACTIONAL_ID}
 * @param timeout the upper bound of each blocking call to Kafka (connecting, reading to the end,
 *     publishing); default 30 s
 * @param kafkaProperties extra client properties for producers and consumers (security, SASL, ...);
 *     they cannot change what the registry relies on (transactions, read_committed, serializers)
 * @param clock the clock the registry stamps its changes with
 */
public record RegistryOptions(
        String topic, String transactionalId, Duration timeout, Map<String, String> kafkaProperties, Clock clock) {
    /** The default {@code transactional.id} of the registry writer. */
    public static final String DEFAULT_TRANSACTIONAL_ID = "mlcycle-registry-writer";
    /** The default bound of each blocking call to Kafka. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    /**
     * @throws MlcycleException {@link Reason#INVALID_ARGUMENT} for a blank topic or id, or a timeout
     *     that is not positive
     */
    public RegistryOptions {
        if (topic == null || topic.isBlank()) {
            throw new MlcycleException(Reason.INVALID_ARGUMENT, "registry topic: expected a topic name, got nothing");
        }
        if (transactionalId == null || transactionalId.isBlank()) {
            throw new MlcycleException(
                    Reason.INVALID_ARGUMENT, "registry transactional.id: expected a non-empty id, got nothing");
        }
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero() || timeout.toMillis() > Integer.MAX_VALUE) {
            throw new MlcycleException(
                    Reason.INVALID_ARGUMENT,
                    "registry timeout: expected between 1 ms and " + Integer.MAX_VALUE + " ms, got " + timeout);
        }
        kafkaProperties =
                Collections.unmodifiableMap(new TreeMap<>(kafkaProperties == null ? Map.of() : kafkaProperties));
        Objects.requireNonNull(clock, "clock");
    }

    /** {@link Topics#REGISTRY}, {@value #DEFAULT_TRANSACTIONAL_ID}, 30 s, no extra properties, UTC. */
    public static RegistryOptions defaults() {
        return new RegistryOptions(
                Topics.REGISTRY, DEFAULT_TRANSACTIONAL_ID, DEFAULT_TIMEOUT, Map.of(), Clock.systemUTC());
    }

    /** These options with another topic. */
    public RegistryOptions withTopic(String topic) {
        return new RegistryOptions(topic, transactionalId, timeout, kafkaProperties, clock);
    }

    /** These options with another writer {@code transactional.id}. */
    public RegistryOptions withTransactionalId(String transactionalId) {
        return new RegistryOptions(topic, transactionalId, timeout, kafkaProperties, clock);
    }

    /** These options with another bound on blocking calls. */
    public RegistryOptions withTimeout(Duration timeout) {
        return new RegistryOptions(topic, transactionalId, timeout, kafkaProperties, clock);
    }

    /** These options with extra Kafka client properties. */
    public RegistryOptions withKafkaProperties(Map<String, String> kafkaProperties) {
        return new RegistryOptions(topic, transactionalId, timeout, kafkaProperties, clock);
    }

    /** These options with another clock. */
    public RegistryOptions withClock(Clock clock) {
        return new RegistryOptions(topic, transactionalId, timeout, kafkaProperties, clock);
    }
}
