package dev.mlcycle.monitoring.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mlcycle.contracts.Topics;
import dev.mlcycle.contracts.json.Codecs;
import dev.mlcycle.contracts.record.Alert;
import dev.mlcycle.contracts.record.Alert.AlertKind;
import dev.mlcycle.contracts.record.DriftReport;
import dev.mlcycle.contracts.spec.DatasetCatalog;
import dev.mlcycle.kafka.local.junit.Bootstrap;
import dev.mlcycle.kafka.local.junit.WithLocalKafka;
import dev.mlcycle.topics.TopicReplay;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The topology on the real broker, exactly-once: stopped in the middle of a drift and started again on an empty
 * state directory (so its stores come back from their changelogs), it neither loses nor repeats a window, and the
 * alert fires once.
 */
@WithLocalKafka
class MonitoringTopologyIT {
    static final int WINDOW = 500;

    @TempDir
    Path first;

    @TempDir
    Path second;

    @Test
    void aRestartOnAnEmptyStateDirectoryRepeatsNoWindowAndNoAlert(@Bootstrap String bootstrap) throws Exception {
        String app = "monitoring-it-" + UUID.randomUUID().toString().substring(0, 8);
        String topic = Topics.predictions(Synthetic.MODEL);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            if (!admin.listTopics().names().get().contains(topic)) {
                admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1)))
                        .all()
                        .get();
            }
        }
        TopologySettings settings = new TopologySettings(
                WINDOW,
                Duration.ofHours(1),
                Duration.ofSeconds(1),
                Duration.ofHours(1),
                20_000,
                2,
                false,
                dev.mlcycle.monitoring.drift.DriftRules.defaults(),
                dev.mlcycle.monitoring.drift.PerformanceRules.defaults(),
                dev.mlcycle.monitoring.drift.AlertPolicy.defaults(),
                dev.mlcycle.monitoring.drift.DetectorSettings.defaults());
        ReferenceSource references = Synthetic.references(new DatasetCatalog(first).load("credit"));
        SplittableRandom rng = new SplittableRandom(11);
        Instant now = Instant.now();

        KafkaStreams a = start(settings, references, app, bootstrap, first);
        // 2 clean windows, then the shift: the first drifted window (3) fires the alert
        produce(bootstrap, topic, rng, 0, 2 * WINDOW, 0, now);
        produce(bootstrap, topic, rng, 2 * WINDOW, 2 * WINDOW + WINDOW / 2, 1.0, now);
        await().atMost(Duration.ofSeconds(90)).until(() -> reports(bootstrap).size() >= 2);
        a.close(Duration.ofSeconds(30));

        KafkaStreams b = start(settings, references, app, bootstrap, second);
        try {
            produce(bootstrap, topic, rng, 2 * WINDOW + WINDOW / 2, 6 * WINDOW, 1.0, now);
            await().atMost(Duration.ofSeconds(120))
                    .until(() -> reports(bootstrap).size() >= 6);
            // what a repeat would add would come within a few commits
            Thread.sleep(3_000);
        } finally {
            b.close(Duration.ofSeconds(30));
        }

        List<DriftReport> reports = reports(bootstrap);
        assertThat(reports).extracting(DriftReport::window).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(reports).allSatisfy(r -> assertThat(r.rows()).isEqualTo(WINDOW));
        List<Alert> alerts = alerts(bootstrap);
        assertThat(alerts)
                .filteredOn(a2 -> a2.kind() == AlertKind.DATA_DRIFT)
                .singleElement()
                .satisfies(alert -> assertThat(alert.alertId()).isEqualTo(Synthetic.MODEL + "-data-drift-v1-w3"));
    }

    private static KafkaStreams start(
            TopologySettings settings, ReferenceSource references, String app, String bootstrap, Path state) {
        KafkaStreams s = new KafkaStreams(
                MonitoringTopology.build(settings, references, TopologyListener.NONE),
                MonitoringTopology.streamsConfig(app, bootstrap, state, (short) 1));
        s.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> s.state() == KafkaStreams.State.RUNNING);
        return s;
    }

    /** Predictions without event ids, from a seeded stream; this run's reports are told apart by model and time. */
    private static void produce(
            String bootstrap, String topic, SplittableRandom rng, int from, int to, double shift, Instant now) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            for (int i = from; i < to; i++) {
                // one partition, so the windows see the rows in the order sent
                producer.send(new ProducerRecord<>(
                        topic, 0, null, Synthetic.prediction(1, null, Synthetic.row(rng, shift), now, null)));
            }
            producer.flush();
        }
    }

    /** The reports of this run's application: its internal topics are its own, its reports share the topic. */
    private static List<DriftReport> reports(String bootstrap) {
        return read(bootstrap, Topics.DRIFT_REPORTS).stream()
                .map(r -> Codecs.DRIFT_REPORT.decode(r.value(), "report"))
                .filter(r ->
                        r.model().equals(Synthetic.MODEL) && r.windowStart().isAfter(START.minusSeconds(1)))
                .toList();
    }

    private static List<Alert> alerts(String bootstrap) {
        return read(bootstrap, Topics.ALERTS).stream()
                .map(r -> Codecs.ALERT.decode(r.value(), "alert"))
                .filter(a -> a.model().equals(Synthetic.MODEL) && a.raisedAt().isAfter(START.minusSeconds(1)))
                .toList();
    }

    static final Instant START = Instant.now();

    private static List<ConsumerRecord<byte[], byte[]>> read(String bootstrap, String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (TopicReplay replay = TopicReplay.open(p)) {
            replay.toEnd(topic, TopicReplay.Bound.within(Duration.ofSeconds(20)), out::add);
        }
        return out;
    }
}
