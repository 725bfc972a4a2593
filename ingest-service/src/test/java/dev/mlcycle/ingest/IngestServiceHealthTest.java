package dev.mlcycle.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlcycle.testkit.LocalKafkaTestResource;
import dev.mlcycle.testkit.ServiceHealthContract;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import net.jpountz.lz4.LZ4Factory;
import org.junit.jupiter.api.Test;

/** ingest-service answers health (Kafka readiness included) and metrics like every service. */
@QuarkusTest
@QuarkusTestResource(LocalKafkaTestResource.class)
class IngestServiceHealthTest extends ServiceHealthContract {

    /**
     * This test runs in Quarkus's class loader, where lz4-java left to itself picks its pure-Java build; the service
     * loads the JNI one at start-up, so Kafka's LZ4 codec gets it.
     */
    @Test
    void kafkasLz4CodecGetsTheNativeBuild() {
        assertThat(LZ4Factory.class.getClassLoader()).isNotSameAs(ClassLoader.getSystemClassLoader());
        assertThat(LZ4Factory.fastestInstance()).hasToString("LZ4Factory:JNI");
    }
}
