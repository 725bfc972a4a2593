package dev.mlcycle.testkit;

import dev.mlcycle.kafka.local.LocalKafka;
import dev.mlcycle.kafka.local.SharedLocalKafka;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Points a {@code @QuarkusTest} at the real local Kafka broker: the JVM's one shared broker from
 * {@code platform/kafka-local}, started on first use (or reused), with the contract topics created.
 *
 * <pre>{@code
 * @QuarkusTest
 * @QuarkusTestResource(LocalKafkaTestResource.class)
 * class IngestServiceTest { ... }
 * }</pre>
 *
 * <p>The application gets {@code kafka.bootstrap.servers} and has Dev Services for Kafka switched off
 * (they need Docker). Datasets beyond the shared broker's defaults are asked for with
 * {@code initArgs = @ResourceArg(name = "datasets", value = "credit,churn")}. The broker outlives each
 * application the tests start, so a restart for another test profile reuses it; it stops when the JVM
 * exits.
 */
public class LocalKafkaTestResource implements QuarkusTestResourceLifecycleManager {
    /** Init argument: comma-separated datasets whose topics must exist. */
    public static final String DATASETS = "datasets";

    private List<String> datasets = List.of();

    @Override
    public void init(Map<String, String> initArgs) {
        datasets = Arrays.stream(initArgs.getOrDefault(DATASETS, "").split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    @Override
    public Map<String, String> start() {
        LocalKafka kafka = SharedLocalKafka.get();
        if (!datasets.isEmpty()) {
            kafka.ensureContractTopics(datasets.toArray(String[]::new));
        }
        return Map.of(
                "kafka.bootstrap.servers", kafka.bootstrapServers(), "quarkus.kafka.devservices.enabled", "false");
    }

    @Override
    public void stop() {
        // The shared broker serves every test application of this JVM and stops when the JVM exits.
    }
}
