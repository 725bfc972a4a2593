package dev.mlcycle.monitoring.resource;

import dev.mlcycle.contracts.Topics;
import dev.mlcycle.contracts.json.Codecs;
import dev.mlcycle.contracts.record.Alert;
import dev.mlcycle.contracts.record.DriftReport;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.eclipse.microprofile.config.ConfigProvider;

/** Writes drift reports and alerts to their topics on the test's broker, as the topology does (same keys, codecs). */
final class TopicWriter implements AutoCloseable {
    private final KafkaProducer<byte[], byte[]> producer;

    TopicWriter() {
        Properties p = new Properties();
        p.put(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(p);
    }

    void report(DriftReport r) {
        send(Topics.DRIFT_REPORTS, r.model(), Codecs.DRIFT_REPORT.encode(r));
    }

    void alert(Alert a) {
        send(Topics.ALERTS, a.alertId(), Codecs.ALERT.encode(a));
    }

    /** A value that is no drift report at all: the follower must skip it and go on. */
    void garbage(String topic, String key) {
        send(topic, key, "{\"not\": \"a report\"".getBytes(StandardCharsets.UTF_8));
    }

    private void send(String topic, String key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value))
                    .get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("writing to " + topic + " failed", e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
