package dev.mlcycle.monitoring;

import dev.mlcycle.testkit.LocalKafkaTestResource;
import dev.mlcycle.testkit.ServiceHealthContract;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** monitoring-service answers health (Kafka readiness included) and metrics like every service. */
@QuarkusTest
@QuarkusTestResource(LocalKafkaTestResource.class)
class MonitoringServiceHealthTest extends ServiceHealthContract {}
