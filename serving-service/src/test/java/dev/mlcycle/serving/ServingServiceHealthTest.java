package dev.mlcycle.serving;

import dev.mlcycle.testkit.LocalKafkaTestResource;
import dev.mlcycle.testkit.ServiceHealthContract;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** serving-service answers health (Kafka readiness included) and metrics like every service. */
@QuarkusTest
@QuarkusTestResource(LocalKafkaTestResource.class)
class ServingServiceHealthTest extends ServiceHealthContract {}
