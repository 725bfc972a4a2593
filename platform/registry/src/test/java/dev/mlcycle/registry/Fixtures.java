package dev.mlcycle.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.contracts.record.ModelRecord;
import dev.mlcycle.contracts.record.ModelRecord.Task;
import dev.mlcycle.registry.bundle.BundleFiles;
import dev.mlcycle.registry.bundle.BundleWriter;
import dev.mlcycle.registry.state.Registration;
import dev.mlcycle.registry.state.RegistryState;
import dev.mlcycle.registry.topic.RegistryOptions;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Shared by the registry's tests: unique names on the shared broker, bundles, records, raw writes. */
public final class Fixtures {
    public static final String SHA = "a".repeat(64);
    public static final Duration TIMEOUT = Duration.ofSeconds(30);

    private Fixtures() {}

    /** A model name or transactional id no other test uses: the broker and its topics are shared. */
    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static RegistryOptions options(String transactionalId) {
        return RegistryOptions.defaults().withTransactionalId(transactionalId).withTimeout(TIMEOUT);
    }

    public static Registration registration(String model) {
        return Registration.of(model, "credit", Task.CLASSIFICATION, unique("run"), "training-service")
                .withMetrics(Map.of("auc", 0.8))
                .withSnapshotId(7L);
    }

    public static BundleWriter bundle(String modelBytes) {
        return dir -> {
            Files.writeString(dir.resolve(BundleFiles.MODEL), modelBytes);
            Files.writeString(dir.resolve(BundleFiles.ENCODER), "{}");
            Files.writeString(dir.resolve(BundleFiles.MODEL_CARD), "{\"seed\":1}");
            Files.writeString(dir.resolve(BundleFiles.REFERENCE_PROFILE), "{}");
        };
    }

    /** A first-version record of a model, without a bundle on disk, for topic-level tests. */
    public static ModelRecord record(String model) {
        return new RegistryState()
                .register(registration(model), 1, model + "/1", Map.of(BundleFiles.MODEL, SHA), Instant.now());
    }

    /** Writes raw bytes to the registry topic, outside any transaction, as a foreign or broken writer would. */
    public static void produceRaw(String bootstrap, String topic, String key, byte[] value) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, key.getBytes(java.nio.charset.StandardCharsets.UTF_8), value))
                    .get();
        }
    }

    public static void assertFails(ThrowingCallable call, Reason reason, String... fragments) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(
                        MlcycleException.class,
                        e -> assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason))
                .hasMessageContainingAll(fragments);
    }
}
