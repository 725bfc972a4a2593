package dev.mlcycle.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlcycle.contracts.Topics;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;

class LocalKafkaTestResourceIT {

    @Test
    void pointsTheApplicationAtABrokerWithTheContractTopics() throws Exception {
        LocalKafkaTestResource resource = new LocalKafkaTestResource();
        resource.init(Map.of(LocalKafkaTestResource.DATASETS, "churn, fraud"));

        Map<String, String> config = resource.start();

        assertThat(config).containsEntry("quarkus.kafka.devservices.enabled", "false");
        String bootstrap = config.get("kafka.bootstrap.servers");
        assertThat(bootstrap).startsWith("127.0.0.1:");
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            Set<String> topics = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            assertThat(topics)
                    .contains(Topics.REGISTRY, Topics.ALERTS, Topics.LAKE_COMMITS)
                    .contains(Topics.events("credit"), Topics.events("churn"), Topics.dlq("fraud"));
        }
        resource.stop();
    }

    @Test
    void everyResourceOfTheJvmSharesOneBroker() {
        LocalKafkaTestResource first = new LocalKafkaTestResource();
        LocalKafkaTestResource second = new LocalKafkaTestResource();
        first.init(Map.of());
        second.init(Map.of());

        String a = first.start().get("kafka.bootstrap.servers");
        first.stop();
        String b = second.start().get("kafka.bootstrap.servers");

        assertThat(b).isEqualTo(a);
    }
}
