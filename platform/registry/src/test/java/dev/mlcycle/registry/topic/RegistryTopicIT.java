package dev.mlcycle.registry.topic;

import static dev.mlcycle.contracts.record.ModelRecord.CHAMPION;
import static dev.mlcycle.registry.Fixtures.TIMEOUT;
import static dev.mlcycle.registry.Fixtures.assertFails;
import static dev.mlcycle.registry.Fixtures.options;
import static dev.mlcycle.registry.Fixtures.produceRaw;
import static dev.mlcycle.registry.Fixtures.record;
import static dev.mlcycle.registry.Fixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.contracts.Topics;
import dev.mlcycle.contracts.json.Codecs;
import dev.mlcycle.contracts.record.ModelRecord;
import dev.mlcycle.kafka.local.junit.Bootstrap;
import dev.mlcycle.kafka.local.junit.WithLocalKafka;
import dev.mlcycle.registry.state.RegistryState;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The registry topic's writer, reader and follower against the shared in-JVM broker. */
@WithLocalKafka
class RegistryTopicIT {

    /** What a listener heard, for one model only: other tests write to the same topic. */
    static final class Heard implements RegistryListener {
        final String model;
        final List<Map<String, ModelRecord>> caughtUp = new CopyOnWriteArrayList<>();
        final List<Object> changes = new CopyOnWriteArrayList<>();

        Heard(String model) {
            this.model = model;
        }

        @Override
        public void caughtUp(Map<String, ModelRecord> records) {
            caughtUp.add(records);
        }

        @Override
        public void updated(ModelRecord record) {
            if (record.name().equals(model)) {
                changes.add(record);
            }
        }

        @Override
        public void deleted(String name) {
            if (name.equals(model)) {
                changes.add("deleted " + name);
            }
        }
    }

    static ModelRecord promoted(ModelRecord r) {
        return RegistryState.of(List.of(r)).promote(r.name(), 1, CHAMPION, "alice", null, Instant.now());
    }

    @Test
    void aWriterReadsEverythingCommittedBeforeItsFirstWrite(@Bootstrap String bootstrap) {
        String model = unique("catchup");
        String tx = unique("tx");
        ModelRecord r = record(model);
        try (RegistryWriter writer = RegistryWriter.open(bootstrap, options(tx))) {
            assertThat(writer.committed()).doesNotContainKey(model);
            writer.publish(r);
            assertThat(writer.committed()).containsEntry(model, r);
        }
        try (RegistryWriter again = RegistryWriter.open(bootstrap, options(tx))) {
            assertThat(again.committed()).containsEntry(model, r);
            assertThat(again.transactionalId()).isEqualTo(tx);
            assertThat(again.isFenced()).isFalse();
            assertThat(again.needsRecovery()).isFalse();
        }
    }

    @Test
    void aFencedWriterFailsEveryLaterCallAndWritesNothing(@Bootstrap String bootstrap) {
        String model = unique("fenced");
        String tx = unique("tx");
        ModelRecord r = record(model);
        try (RegistryWriter first = RegistryWriter.open(bootstrap, options(tx))) {
            first.publish(r);
            try (RegistryWriter second = RegistryWriter.open(bootstrap, options(tx))) {
                assertFails(
                        () -> first.publish(promoted(r)),
                        Reason.CONFLICT,
                        "another training-service took over the registry");
                assertThat(first.isFenced()).isTrue();
                assertFails(() -> first.publish(promoted(r)), Reason.CONFLICT, "another training-service");
                assertFails(first::recover, Reason.CONFLICT, "another training-service");
                assertFails(first::checkWritable, Reason.CONFLICT, "another training-service");

                assertThat(new RegistryReader(bootstrap).readAll(TIMEOUT)).containsEntry(model, r);
                second.publish(promoted(r));
                assertThat(new RegistryReader(bootstrap)
                                .readAll(TIMEOUT)
                                .get(model)
                                .aliases())
                        .containsEntry(CHAMPION, 1);
            }
        }
    }

    @Test
    void aPublishThatKafkaRefusesIsAbortedAndTheWriterGoesOn(@Bootstrap String bootstrap) {
        String model = unique("huge");
        Map<String, Double> metrics = new java.util.TreeMap<>();
        for (int i = 0; i < 60_000; i++) {
            metrics.put("metric_number_" + i, i * 0.5);
        }
        ModelRecord huge = new RegistryState()
                .register(
                        dev.mlcycle.registry.Fixtures.registration(model).withMetrics(metrics),
                        1,
                        model + "/1",
                        Map.of("model.tribuo", dev.mlcycle.registry.Fixtures.SHA),
                        Instant.now());
        assertThat(Codecs.MODEL_RECORD.encode(huge).length).isGreaterThan(1 << 20);
        try (RegistryWriter writer = RegistryWriter.open(bootstrap, options(unique("tx")))) {
            assertFails(
                    () -> writer.publish(huge),
                    Reason.INTERNAL,
                    "cannot publish the record of model " + model,
                    "the transaction was aborted, nothing was written");
            assertThat(writer.needsRecovery()).isFalse();
            assertThat(writer.committed()).doesNotContainKey(model);

            ModelRecord small = record(model);
            writer.publish(small);
            assertThat(new RegistryReader(bootstrap).readAll(TIMEOUT)).containsEntry(model, small);
        }
    }

    @Test
    void recoveryReopensTheWriterAndRereadsTheTopic(@Bootstrap String bootstrap) {
        String model = unique("recover");
        try (RegistryWriter writer = RegistryWriter.open(bootstrap, options(unique("tx")))) {
            ModelRecord r = record(model);
            writer.publish(r);
            assertThat(writer.recover()).containsEntry(model, r);
            assertThat(writer.needsRecovery()).isFalse();
            ModelRecord next = promoted(r);
            writer.publish(next);
            assertThat(new RegistryReader(bootstrap).readAll(TIMEOUT)).containsEntry(model, next);
        }
    }

    @Test
    void readersSkipRecordsThatDoNotDecodeAndKeepTheLatestPerModel(@Bootstrap String bootstrap) throws Exception {
        String model = unique("garbage");
        ModelRecord r = record(model);
        try (RegistryWriter writer = RegistryWriter.open(bootstrap, options(unique("tx")))) {
            writer.publish(r);
            produceRaw(bootstrap, Topics.REGISTRY, model, "not json".getBytes(StandardCharsets.UTF_8));
            produceRaw(
                    bootstrap,
                    Topics.REGISTRY,
                    model,
                    ("{\"name\":\"" + model + "\"}").getBytes(StandardCharsets.UTF_8));
            String otherKey = unique("other");
            produceRaw(bootstrap, Topics.REGISTRY, otherKey, Codecs.MODEL_RECORD.encode(promoted(r)));
            produceRaw(bootstrap, Topics.REGISTRY, model, new byte[0]);
            assertThat(new RegistryReader(bootstrap).readAll(TIMEOUT))
                    .containsEntry(model, r)
                    .doesNotContainKey(otherKey);

            ModelRecord next = promoted(r);
            writer.publish(next);
            assertThat(new RegistryReader(bootstrap).readAll(TIMEOUT)).containsEntry(model, next);
        }
        try (RegistryWriter restarted = RegistryWriter.open(bootstrap, options(unique("tx")))) {
            assertThat(restarted.committed().get(model).aliases()).containsEntry(CHAMPION, 1);
        }
    }

    @Test
    void aTombstoneRemovesTheModel(@Bootstrap String bootstrap) throws Exception {
        String model = unique("tomb");
        try (RegistryWriter writer = RegistryWriter.open(bootstrap, options(unique("tx")))) {
            writer.publish(record(model));
        }
        produceRaw(bootstrap, Topics.REGISTRY, model, null);
        assertThat(new RegistryReader(bootstrap).readAll(TIMEOUT)).doesNotContainKey(model);
    }

    @Test
    void theFollowerCatchesUpThenHearsEveryChangeInOrder(@Bootstrap String bootstrap) throws Exception {
        String model = unique("follow");
        ModelRecord first = record(model);
        try (RegistryWriter writer = RegistryWriter.open(bootstrap, options(unique("tx")))) {
            writer.publish(first);
            Heard heard = new Heard(model);
            try (RegistryFollower follower = new RegistryReader(bootstrap).follow(heard)) {
                follower.awaitCaughtUp(TIMEOUT);
                assertThat(follower.isCaughtUp()).isTrue();
                assertThat(heard.caughtUp).singleElement().satisfies(m -> assertThat(m)
                        .containsEntry(model, first));
                assertThat(heard.changes)
                        .as("records before the catch-up come in caughtUp only")
                        .isEmpty();
                assertThat(follower.get(model)).contains(first);

                ModelRecord second = promoted(first);
                writer.publish(second);
                produceRaw(bootstrap, Topics.REGISTRY, model, "{broken".getBytes(StandardCharsets.UTF_8));
                produceRaw(bootstrap, Topics.REGISTRY, model, null);
                writer.publish(first);

                await().atMost(TIMEOUT).until(() -> heard.changes.size() >= 3);
                assertThat(heard.changes).containsExactly(second, "deleted " + model, first);
                assertThat(follower.current()).containsEntry(model, first);
                assertThat(heard.caughtUp).hasSize(1);
                assertThat(follower.failure()).isEmpty();
            }
        }
    }

    @Test
    void aFailingListenerDoesNotStopTheFollower(@Bootstrap String bootstrap) {
        String model = unique("listener");
        AtomicInteger calls = new AtomicInteger();
        List<ModelRecord> seen = new ArrayList<>();
        RegistryListener failing = record -> {
            if (record.name().equals(model)) {
                calls.incrementAndGet();
                synchronized (seen) {
                    seen.add(record);
                }
                throw new IllegalStateException("listener bug");
            }
        };
        try (RegistryWriter writer = RegistryWriter.open(bootstrap, options(unique("tx")));
                RegistryFollower follower = new RegistryReader(bootstrap).follow(failing)) {
            follower.awaitCaughtUp(TIMEOUT);
            writer.publish(record(model));
            writer.publish(promoted(record(model)));
            await().atMost(TIMEOUT).until(() -> calls.get() == 2);
            assertThat(follower.failure()).isEmpty();
            assertThat(follower.get(model).orElseThrow().aliases()).containsEntry(CHAMPION, 1);
        }
    }

    @Test
    void saysWhenTheTopicDoesNotExist(@Bootstrap String bootstrap) {
        RegistryOptions missing = options(unique("tx")).withTopic(unique("mlcycle.no-such-registry"));
        assertFails(
                () -> new RegistryReader(bootstrap, missing).readAll(TIMEOUT),
                Reason.NOT_FOUND,
                "topic " + missing.topic() + " does not exist at " + bootstrap);
        assertFails(() -> RegistryWriter.open(bootstrap, missing), Reason.NOT_FOUND, "does not exist");
        try (RegistryFollower follower = new RegistryReader(bootstrap, missing).follow(r -> {})) {
            assertFails(
                    () -> follower.awaitCaughtUp(TIMEOUT),
                    Reason.NOT_FOUND,
                    "registry follower stopped: topic " + missing.topic() + " does not exist");
            assertThat(follower.failure()).isPresent();
        }
    }

    @Test
    void saysClearlyWhenNoBrokerAnswers() {
        RegistryOptions quick = options(unique("tx")).withTimeout(Duration.ofSeconds(2));
        assertFails(
                () -> new RegistryReader("127.0.0.1:1", quick).readAll(Duration.ofSeconds(2)),
                Reason.UNAVAILABLE,
                "no answer from Kafka at 127.0.0.1:1",
                "is it running?");
        try (RegistryFollower follower = new RegistryReader("127.0.0.1:1", quick).follow(r -> {})) {
            assertFails(() -> follower.awaitCaughtUp(Duration.ofMillis(200)), Reason.UNAVAILABLE, "within 200 ms");
        }
    }

    @Test
    void refusesBadOptions() {
        assertFails(() -> new RegistryReader(" "), Reason.INVALID_ARGUMENT, "Kafka bootstrap servers");
        assertFails(
                () -> RegistryOptions.defaults().withTimeout(Duration.ZERO),
                Reason.INVALID_ARGUMENT,
                "registry timeout: expected between 1 ms");
        assertFails(
                () -> RegistryOptions.defaults().withTransactionalId(""), Reason.INVALID_ARGUMENT, "transactional.id");
        assertFails(() -> RegistryOptions.defaults().withTopic(null), Reason.INVALID_ARGUMENT, "registry topic");
        assertFails(
                () -> new RegistryReader("127.0.0.1:1").readAll(Duration.ofSeconds(-1)),
                Reason.INVALID_ARGUMENT,
                "timeout: expected > 0");
        assertThat(RegistryOptions.defaults().transactionalId()).isEqualTo("mlcycle-registry-writer");
        assertThat(RegistryOptions.defaults().topic()).isEqualTo(Topics.REGISTRY);
    }
}
