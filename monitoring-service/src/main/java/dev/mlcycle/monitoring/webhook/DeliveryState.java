package dev.mlcycle.monitoring.webhook;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.contracts.TopicSpec;
import dev.mlcycle.topics.TopicReplay;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The webhooks' state in Kafka (the adapter): the deliveries topic (created if missing, replayed at start-up, appended
 * to as deliveries settle, through an idempotent {@code acks=all} producer) and the committed offsets of the group on
 * the alerts topic (read at start-up, moved forward as alerts settle for every receiver). The group never joins as a
 * consumer: its offsets are read and written through the admin client, so nothing rebalances. Thread-safe.
 */
final class DeliveryState implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryState.class);

    private final String bootstrap;
    private final WebhookOptions options;
    private final String clientId;
    private final Duration timeout;
    private final Admin admin;
    private final KafkaProducer<byte[], byte[]> producer;

    DeliveryState(String bootstrap, WebhookOptions options, String clientId, Duration timeout) {
        this.bootstrap = bootstrap;
        this.options = options;
        this.clientId = clientId;
        this.timeout = timeout;
        Map<String, Object> a = new HashMap<>();
        a.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        a.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId + "-admin");
        a.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        a.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        a.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1_000);
        this.admin = Admin.create(a);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId + "-deliveries");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout.toMillis());
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) timeout.toMillis() * 2);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        this.producer = new KafkaProducer<>(p);
    }

    /** Creates the deliveries topic unless it exists. */
    void ensureDeliveriesTopic() {
        TopicSpec spec = options.deliveriesTopicSpec();
        NewTopic topic =
                new NewTopic(spec.name(), Optional.of(spec.partitions()), Optional.empty()).configs(spec.configs());
        try {
            admin.createTopics(List.of(topic)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            LOG.info("created the webhook deliveries topic {}", spec.name());
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw unavailable("cannot create the webhook deliveries topic " + spec.name(), e.getCause());
            }
        } catch (TimeoutException e) {
            throw unavailable("cannot create the webhook deliveries topic " + spec.name() + " within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted creating " + spec.name(), e);
        }
    }

    /**
     * Every delivery recorded so far, by {@link WebhookDelivery#key()}; a record that does not decode is logged and
     * skipped.
     */
    Map<String, WebhookDelivery> settled() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId + "-replay");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        Map<String, WebhookDelivery> settled = new HashMap<>();
        try (TopicReplay replay = TopicReplay.open(p)) {
            replay.toEnd(options.deliveriesTopic(), TopicReplay.Bound.stallAfter(timeout), r -> {
                if (r.value() == null) {
                    return;
                }
                try {
                    WebhookDelivery d = WebhookDelivery.CODEC.decode(
                            r.value(), r.topic() + " partition " + r.partition() + " offset " + r.offset());
                    settled.put(d.key(), d);
                } catch (MlcycleException e) {
                    LOG.warn("skipping a delivery record that does not decode: {}", e.getMessage());
                }
            });
        }
        return settled;
    }

    /** The group's committed offset per partition of the alerts topic; a partition without one is absent. */
    Map<TopicPartition, Long> committed() {
        try {
            Map<TopicPartition, OffsetAndMetadata> all = admin.listConsumerGroupOffsets(options.group())
                    .partitionsToOffsetAndMetadata()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            Map<TopicPartition, Long> mine = new HashMap<>();
            all.forEach((tp, om) -> {
                if (om != null && tp.topic().equals(options.alertsTopic())) {
                    mine.put(tp, om.offset());
                }
            });
            return mine;
        } catch (ExecutionException e) {
            throw unavailable("cannot read the offsets of group " + options.group(), e.getCause());
        } catch (TimeoutException e) {
            throw unavailable("cannot read the offsets of group " + options.group() + " within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted reading the offsets of group " + options.group(), e);
        }
    }

    /** Commits these offsets (the next alert not settled for every receiver, per partition) for the group. */
    void commit(Map<TopicPartition, Long> offsets) {
        Map<TopicPartition, OffsetAndMetadata> om = new HashMap<>();
        offsets.forEach((tp, o) -> om.put(tp, new OffsetAndMetadata(o)));
        try {
            admin.alterConsumerGroupOffsets(options.group(), om).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw unavailable("cannot commit " + offsets + " for group " + options.group(), e.getCause());
        } catch (TimeoutException e) {
            throw unavailable("cannot commit " + offsets + " for group " + options.group() + " within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted committing for group " + options.group(), e);
        }
    }

    /**
     * Appends a settled delivery and waits for the broker's acknowledgement.
     *
     * @throws MlcycleException {@link Reason#UNAVAILABLE} when the broker does not acknowledge it in time
     */
    void record(WebhookDelivery d) {
        ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(
                options.deliveriesTopic(), d.key().getBytes(StandardCharsets.UTF_8), WebhookDelivery.CODEC.encode(d));
        try {
            producer.send(r).get(timeout.toMillis() * 3, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw unavailable("cannot record the delivery of " + d.deliveryKey(), e.getCause());
        } catch (TimeoutException e) {
            throw unavailable("cannot record the delivery of " + d.deliveryKey() + " within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted recording the delivery of " + d.deliveryKey(), e);
        } catch (org.apache.kafka.common.KafkaException e) {
            throw unavailable("cannot record the delivery of " + d.deliveryKey(), e);
        }
    }

    private MlcycleException unavailable(String what, Throwable cause) {
        return new MlcycleException(Reason.UNAVAILABLE, what + " at " + bootstrap + ": " + cause, cause);
    }

    @Override
    public void close() {
        try {
            producer.close(Duration.ofSeconds(5));
        } finally {
            admin.close(Duration.ofSeconds(5));
        }
    }
}
