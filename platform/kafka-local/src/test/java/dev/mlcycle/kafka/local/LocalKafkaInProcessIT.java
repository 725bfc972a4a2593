package dev.mlcycle.kafka.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlcycle.contracts.TopicSpec;
import dev.mlcycle.contracts.Topics;
import dev.mlcycle.kafka.local.junit.Bootstrap;
import dev.mlcycle.kafka.local.junit.WithLocalKafka;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

/** The JVM's shared in-process broker, reached through {@link WithLocalKafka}. */
@WithLocalKafka(datasets = "inproc")
class LocalKafkaInProcessIT {

    @Test
    void injectsTheSharedBrokerAndItsBootstrapAddress(LocalKafka kafka, @Bootstrap String bootstrap) {
        assertThat(kafka.isRunning()).isTrue();
        assertThat(kafka.mode()).isEqualTo(LocalKafka.Mode.IN_PROCESS);
        assertThat(bootstrap).isEqualTo(kafka.bootstrapServers()).startsWith("127.0.0.1:");
        assertThat(kafka).isSameAs(dev.mlcycle.kafka.local.junit.LocalKafkaExtension.shared());
        assertThat(kafka.startDuration()).isPositive();
    }

    @Test
    void producedRecordIsConsumedBack(LocalKafka kafka, @Bootstrap String bootstrap) throws Exception {
        String topic = Clients.uniqueTopic("roundtrip");
        kafka.ensureTopics(List.of(new TopicSpec(topic, 3, false, Duration.ofHours(1), "test key")));

        Clients.produce(bootstrap, topic, "customer-1", "{\"income\": 1200.5}");

        List<ConsumerRecord<String, String>> records = Clients.consume(bootstrap, topic, 1, Map.of());
        assertThat(records).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo("customer-1");
            assertThat(r.value()).isEqualTo("{\"income\": 1200.5}");
        });
    }

    @Test
    void contractTopicsHaveTheirPartitionsAndConfigs(LocalKafka kafka) throws Exception {
        try (Admin admin = kafka.admin()) {
            String events = Topics.events("inproc");
            Map<String, TopicDescription> topics = admin.describeTopics(
                            List.of(Topics.REGISTRY, events, Topics.dlq("inproc")))
                    .allTopicNames()
                    .get(30, TimeUnit.SECONDS);
            assertThat(topics.get(Topics.REGISTRY).partitions()).hasSize(1);
            assertThat(topics.get(events).partitions()).hasSize(Topics.DATA_PARTITIONS);
            assertThat(topics.get(Topics.dlq("inproc")).partitions()).hasSize(1);
            assertThat(topics.get(events).partitions().get(0).replicas()).hasSize(1);

            Config registry = config(admin, Topics.REGISTRY);
            assertThat(registry.get("cleanup.policy").value()).isEqualTo("compact");
            assertThat(registry.get("retention.ms").value()).isEqualTo("-1");

            Config eventsConfig = config(admin, events);
            assertThat(eventsConfig.get("cleanup.policy").value()).isEqualTo("delete");
            assertThat(eventsConfig.get("retention.ms").value())
                    .isEqualTo(Long.toString(Duration.ofDays(7).toMillis()));
        }
    }

    @Test
    void ensureTopicsCreatesOnlyWhatIsMissing(LocalKafka kafka) {
        List<String> first = kafka.ensureContractTopics("idem");
        List<String> second = kafka.ensureContractTopics("idem");

        assertThat(first).containsExactly(Topics.events("idem"), Topics.labels("idem"), Topics.dlq("idem"));
        assertThat(second).isEmpty();
    }

    @Test
    void existingTopicIsLeftAloneEvenWhenTheSpecDiffers(LocalKafka kafka) throws Exception {
        String topic = Clients.uniqueTopic("existing");
        kafka.ensureTopics(List.of(new TopicSpec(topic, 2, false, Duration.ofHours(1), "k")));

        List<String> created = kafka.ensureTopics(List.of(new TopicSpec(topic, 4, true, null, "k")));

        assertThat(created).isEmpty();
        try (Admin admin = kafka.admin()) {
            assertThat(admin.describeTopics(List.of(topic))
                            .allTopicNames()
                            .get(30, TimeUnit.SECONDS)
                            .get(topic)
                            .partitions())
                    .hasSize(2);
            assertThat(config(admin, topic).get("cleanup.policy").value()).isEqualTo("delete");
        }
    }

    @Test
    void transactionalProducerCommitsAndReadCommittedSeesOnlyCommitted(LocalKafka kafka, @Bootstrap String bootstrap)
            throws Exception {
        String topic = Clients.uniqueTopic("tx");
        kafka.ensureTopics(List.of(new TopicSpec(topic, 1, false, Duration.ofHours(1), "k")));
        Map<String, Object> tx = Map.of(
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, topic + "-tx", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);

        try (KafkaProducer<String, String> producer = Clients.producer(bootstrap, tx)) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "k", "aborted"));
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "k", "committed-1"));
            producer.send(new ProducerRecord<>(topic, "k", "committed-2"));
            producer.commitTransaction();
        }

        List<ConsumerRecord<String, String>> records =
                Clients.consume(bootstrap, topic, 2, Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"));
        assertThat(records).extracting(ConsumerRecord::value).containsExactly("committed-1", "committed-2");
    }

    private static Config config(Admin admin, String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return admin.describeConfigs(List.of(resource))
                .all()
                .get(30, TimeUnit.SECONDS)
                .get(resource);
    }
}
