package dev.mlcycle.registry.topic;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.contracts.json.Codecs;
import dev.mlcycle.contracts.record.ModelRecord;
import dev.mlcycle.topics.TopicReplay;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What the registry's reader, follower and writer share: client properties, decoding, reading to the end. */
final class RegistryTopic {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryTopic.class);
    /** How long one poll waits for records; short, so a deadline or a close is noticed soon. */
    static final Duration POLL = Duration.ofMillis(100);

    private RegistryTopic() {}

    /** One change read from the topic: a model's whole record, or its removal (record null). */
    record Change(String name, ModelRecord record, long offset) {
        boolean isDeletion() {
            return record == null;
        }

        void applyTo(Map<String, ModelRecord> state) {
            if (record == null) {
                state.remove(name);
            } else {
                state.put(name, record);
            }
        }
    }

    static Properties consumerProperties(String bootstrap, RegistryOptions options, String role) {
        Properties p = new Properties();
        p.putAll(options.kafkaProperties());
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, requireBootstrap(bootstrap));
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId(role));
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        p.remove(ConsumerConfig.GROUP_ID_CONFIG);
        return p;
    }

    static Properties producerProperties(String bootstrap, RegistryOptions options) {
        long timeout = options.timeout().toMillis();
        long request = Math.min(30_000L, timeout);
        Properties p = new Properties();
        p.putAll(options.kafkaProperties());
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, requireBootstrap(bootstrap));
        p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId("writer"));
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, options.transactionalId());
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(timeout));
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(request));
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(Math.max(timeout, request)));
        return p;
    }

    static String requireBootstrap(String bootstrap) {
        if (bootstrap == null || bootstrap.isBlank()) {
            throw new MlcycleException(
                    Reason.INVALID_ARGUMENT, "Kafka bootstrap servers: expected host:port[,host:port...], got nothing");
        }
        return bootstrap;
    }

    private static String clientId(String role) {
        return "mlcycle-registry-" + role + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * The topic's partitions.
     *
     * @throws MlcycleException {@link Reason#NOT_FOUND} if the topic does not exist, {@link
     *     Reason#UNAVAILABLE} if the broker does not answer in time
     */
    static List<TopicPartition> partitions(
            org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> consumer,
            String bootstrap,
            String topic,
            Duration timeout) {
        List<PartitionInfo> infos;
        try {
            infos = consumer.partitionsFor(topic, timeout);
        } catch (TimeoutException e) {
            throw noAnswer(bootstrap, "the partitions of " + topic, timeout, e);
        }
        if (infos == null || infos.isEmpty()) {
            throw new MlcycleException(
                    Reason.NOT_FOUND,
                    "topic " + topic + " does not exist at " + bootstrap
                            + "; expected the compacted registry topic, which mlcycle up creates");
        }
        return infos.stream()
                .map(i -> new TopicPartition(i.topic(), i.partition()))
                .sorted(java.util.Comparator.comparingInt(TopicPartition::partition))
                .toList();
    }

    /**
     * Reads these partitions from where {@code reader} last stopped (their beginning the first time) until every one
     * reaches the end offset it had when this call started (the last stable offset, under read_committed), handing
     * each decodable change to {@code handler}: platform/topics' {@link TopicReplay}.
     *
     * @throws MlcycleException {@link Reason#UNAVAILABLE} if the end is not reached within {@code timeout}
     */
    static void readToEnd(
            TopicReplay reader,
            Collection<TopicPartition> partitions,
            String bootstrap,
            Duration timeout,
            Consumer<Change> handler) {
        try {
            reader.toEnd(partitions, TopicReplay.Bound.within(timeout), r -> {
                Change change = decode(r);
                if (change != null) {
                    handler.accept(change);
                }
            });
        } catch (MlcycleException e) {
            throw new MlcycleException(e.reason(), e.getMessage() + "; is Kafka at " + bootstrap + " up?", e);
        } catch (InterruptException e) {
            throw new MlcycleException(Reason.UNAVAILABLE, "interrupted while reading " + partitions, e);
        }
    }

    /**
     * Decodes one record: its key is the model name, its value the whole {@link ModelRecord} or null
     * for a removal. A record that does not decode, has no usable key, or names another model than its
     * key is skipped with a warning naming its offset; it never stops a reader.
     */
    static Change decode(ConsumerRecord<byte[], byte[]> r) {
        String source = r.topic() + " partition " + r.partition() + " offset " + r.offset();
        String key = utf8(r.key());
        if (key == null || key.isBlank()) {
            LOG.warn(
                    "skipping {}: expected the model name as key, got {}",
                    source,
                    r.key() == null ? "none" : "bytes that are not a UTF-8 name");
            return null;
        }
        if (r.value() == null) {
            return new Change(key, null, r.offset());
        }
        ModelRecord record;
        try {
            record = Codecs.MODEL_RECORD.decode(r.value(), source);
        } catch (MlcycleException e) {
            LOG.warn("skipping {} (key \"{}\"), not a model record: {}", source, key, e.getMessage());
            return null;
        }
        if (!record.name().equals(key)) {
            LOG.warn(
                    "skipping {}: the key says model \"{}\" but the record is of model \"{}\"",
                    source,
                    key,
                    record.name());
            return null;
        }
        return new Change(key, record, r.offset());
    }

    static MlcycleException noAnswer(String bootstrap, String what, Duration timeout, Exception cause) {
        return new MlcycleException(
                Reason.UNAVAILABLE,
                "no answer from Kafka at " + bootstrap + " for " + what + " within " + timeout.toMillis()
                        + " ms; is it running?",
                cause);
    }

    static Duration remaining(long deadlineNanos) {
        long left = deadlineNanos - System.nanoTime();
        return left <= 0 ? Duration.ZERO : Duration.ofNanos(left);
    }

    private static String utf8(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
