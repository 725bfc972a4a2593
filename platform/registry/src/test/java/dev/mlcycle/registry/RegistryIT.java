package dev.mlcycle.registry;

import static dev.mlcycle.contracts.record.ModelRecord.CHALLENGER;
import static dev.mlcycle.contracts.record.ModelRecord.CHAMPION;
import static dev.mlcycle.registry.Fixtures.TIMEOUT;
import static dev.mlcycle.registry.Fixtures.assertFails;
import static dev.mlcycle.registry.Fixtures.bundle;
import static dev.mlcycle.registry.Fixtures.options;
import static dev.mlcycle.registry.Fixtures.registration;
import static dev.mlcycle.registry.Fixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.contracts.record.AuditEntry;
import dev.mlcycle.contracts.record.ModelRecord;
import dev.mlcycle.contracts.record.ModelVersion.VersionStatus;
import dev.mlcycle.kafka.local.junit.Bootstrap;
import dev.mlcycle.kafka.local.junit.WithLocalKafka;
import dev.mlcycle.registry.bundle.BundleFiles;
import dev.mlcycle.registry.bundle.BundleStore;
import dev.mlcycle.registry.bundle.VerifiedBundle;
import dev.mlcycle.registry.topic.RegistryReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry facade against the shared in-JVM broker: the loop training runs, restarts, takeovers. */
@WithLocalKafka
class RegistryIT {
    @TempDir
    Path root;

    @Test
    void aFreshRegistryRebuildsIdenticalStateFromTheTopic(@Bootstrap String bootstrap) {
        String model = unique("rebuild");
        String tx = unique("tx");
        ModelRecord last;
        try (Registry registry = Registry.open(bootstrap, root, options(tx))) {
            assertThat(registry.get(model)).isEmpty();
            registry.register(registration(model).withAlias(CHAMPION).withReason("first model"), bundle("v1"));
            registry.register(registration(model), bundle("v2"));
            registry.promote(model, 2, CHAMPION, "alice", "better auc");
            registry.register(registration(model).withAlias(CHALLENGER), bundle("v3"));
            registry.promote(model, 3, CHAMPION, "alice", "challenger won");
            registry.rollback(model, "bob", "latency regression");
            last = registry.archive(model, 1, "carol", "superseded");
            assertThat(registry.get(model)).contains(last);
        }
        assertThat(last.aliases()).containsExactly(java.util.Map.entry(CHAMPION, 2));
        assertThat(last.version(1).orElseThrow().status()).isEqualTo(VersionStatus.ARCHIVED);
        assertThat(last.audit())
                .extracting(AuditEntry::action, AuditEntry::alias, AuditEntry::fromVersion, AuditEntry::toVersion)
                .containsExactly(
                        tuple("register", null, null, 1),
                        tuple("promote", CHAMPION, null, 1),
                        tuple("register", null, null, 2),
                        tuple("promote", CHAMPION, 1, 2),
                        tuple("register", null, null, 3),
                        tuple("promote", CHALLENGER, null, 3),
                        tuple("promote", CHAMPION, 2, 3),
                        tuple("clear", CHALLENGER, 3, null),
                        tuple("rollback", CHAMPION, 3, 2),
                        tuple("archive", null, null, 1));

        try (Registry restarted = Registry.open(bootstrap, root, options(tx))) {
            assertThat(restarted.get(model)).contains(last);
            assertThat(restarted.all()).containsEntry(model, last);
            VerifiedBundle champion = restarted.openBundle(model, 2);
            assertThat(champion.file(BundleFiles.MODEL)).hasContent("v2");
            assertFails(
                    () -> restarted.rollback(model, "bob", "again"),
                    Reason.CONFLICT,
                    "version 1, the champion before version 2, has been archived");
            ModelRecord after = restarted.promote(model, 3, CHALLENGER, "alice", "retry the challenger");
            assertThat(after.audit()).hasSize(last.audit().size() + 1);
            assertThat(new RegistryReader(bootstrap).readAll(TIMEOUT).get(model))
                    .isEqualTo(after);
        }
    }

    @Test
    void aSecondWriterWithTheSameIdFencesTheFirst(@Bootstrap String bootstrap) throws IOException {
        String model = unique("fence");
        String tx = unique("tx");
        Registry first = Registry.open(bootstrap, root, options(tx));
        try {
            first.register(registration(model), bundle("v1"));
            try (Registry second = Registry.open(bootstrap, root, options(tx))) {
                assertThat(second.get(model)).isEqualTo(first.get(model));

                assertFails(
                        () -> first.promote(model, 1, CHAMPION, "alice", null),
                        Reason.CONFLICT,
                        "another training-service took over the registry",
                        "transactional.id \"" + tx + "\"");
                assertThat(first.isFenced()).isTrue();
                assertFails(
                        () -> first.register(registration(model), bundle("v2")),
                        Reason.CONFLICT,
                        "another training-service took over the registry");
                assertThat(first.bundles().exists(model, 2))
                        .as("a fenced registry writes no bundle")
                        .isFalse();
                assertThat(first.get(model).orElseThrow().aliases())
                        .as("memory changes only after a publish")
                        .isEmpty();

                ModelRecord seen =
                        new RegistryReader(bootstrap).readAll(TIMEOUT).get(model);
                assertThat(seen.aliases())
                        .as("nothing of the fenced promotion is visible")
                        .isEmpty();
                assertThat(seen.audit()).extracting(AuditEntry::action).containsExactly("register");

                ModelRecord promoted = second.promote(model, 1, CHAMPION, "bob", "took over");
                assertThat(new RegistryReader(bootstrap).readAll(TIMEOUT).get(model))
                        .isEqualTo(promoted);
                assertThat(second.isFenced()).isFalse();
            }
        } finally {
            first.close();
        }
    }

    @Test
    void registersBesideABundleThatWasNeverPublishedAndLeavesItAlone(@Bootstrap String bootstrap) throws IOException {
        String model = unique("orphan");
        try (Registry registry = Registry.open(bootstrap, root, options(unique("tx")))) {
            registry.register(registration(model), bundle("v1"));
            // A writer that stopped between writing bundle 2 and publishing its record.
            new BundleStore(root).write(model, 2, bundle("orphan"));

            ModelRecord r = registry.register(registration(model), bundle("v2"));

            assertThat(r.latestVersion()).isEqualTo(OptionalInt.of(2));
            assertThat(r.version(2).orElseThrow().bundle()).matches(model + "/2-[0-9a-f]{8}");
            assertThat(registry.openBundle(model, 2).file(BundleFiles.MODEL)).hasContent("v2");
            assertThat(root.resolve(model + "/2/" + BundleFiles.MODEL)).hasContent("orphan");
            try (Stream<Path> staged = Files.list(root.resolve(BundleStore.STAGING))) {
                assertThat(staged.toList()).isEmpty();
            }
        }
    }

    @Test
    void doesNotPublishOverAChangeFromAWriterWithAnotherId(@Bootstrap String bootstrap) {
        String model = unique("lost");
        try (Registry first = Registry.open(bootstrap, root, options(unique("tx")))) {
            first.register(registration(model), bundle("v1"));
            first.register(registration(model), bundle("v2"));
            try (Registry second = Registry.open(bootstrap, root, options(unique("tx")))) {
                second.promote(model, 1, CHAMPION, "alice", "a second writer, misconfigured with another id");
            }

            ModelRecord promoted = first.promote(model, 2, CHALLENGER, "bob", null);

            assertThat(promoted.aliases())
                    .as("the second writer's champion survives the first writer's change")
                    .containsEntry(CHAMPION, 1)
                    .containsEntry(CHALLENGER, 2);
            assertThat(new RegistryReader(bootstrap).readAll(TIMEOUT).get(model))
                    .isEqualTo(promoted);
        }
    }

    @Test
    void refusesToPublishOverAChangeAnotherWriterMadeWhileItsOwnWasComputed(@Bootstrap String bootstrap) {
        String model = unique("interleaved");
        AtomicReference<Runnable> onNextReading = new AtomicReference<>();
        Clock interleaving = new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Instant instant() {
                Runnable action = onNextReading.getAndSet(null);
                if (action != null) {
                    action.run();
                }
                return Instant.now();
            }
        };
        try (Registry first =
                        Registry.open(bootstrap, root, options(unique("tx")).withClock(interleaving));
                Registry second = Registry.open(bootstrap, root, options(unique("tx")))) {
            first.register(registration(model), bundle("v1"));
            first.register(registration(model), bundle("v2"));
            // The first writer has read the record and is computing its change when the second publishes.
            // Kafka answers a transaction's commit before its markers are written, so the test waits until a
            // read-committed reader sees the other writer's record: the interleaving under test, made certain.
            onNextReading.set(() -> {
                second.promote(model, 1, CHAMPION, "alice", "the other writer");
                org.awaitility.Awaitility.await().atMost(TIMEOUT).until(() -> new RegistryReader(bootstrap)
                        .readAll(TIMEOUT)
                        .get(model)
                        .alias(CHAMPION)
                        .equals(java.util.OptionalInt.of(1)));
            });

            assertFails(
                    () -> first.promote(model, 2, CHAMPION, "bob", null),
                    Reason.CONFLICT,
                    "model " + model + ": another registry writer published a record of it while this one was"
                            + " promoting version 2 to champion",
                    "nothing was published over it");

            ModelRecord seen = new RegistryReader(bootstrap).readAll(TIMEOUT).get(model);
            assertThat(seen.aliases()).containsExactly(java.util.Map.entry(CHAMPION, 1));
            assertThat(first.get(model)).as("memory follows the topic").contains(seen);
            ModelRecord retried = first.promote(model, 2, CHAMPION, "bob", "again, on the newer record");
            assertThat(retried.audit()).extracting(AuditEntry::actor).endsWith("alice", "bob");
        }
    }

    @Test
    void refusedChangesPublishNothing(@Bootstrap String bootstrap) {
        String model = unique("refuse");
        try (Registry registry = Registry.open(bootstrap, root, options(unique("tx")))) {
            ModelRecord first = registry.register(registration(model).withAlias(CHAMPION), bundle("v1"));
            assertFails(() -> registry.promote(model, 5, CHAMPION, "a", null), Reason.NOT_FOUND, "has no version 5");
            assertFails(() -> registry.rollback(model, "a", null), Reason.CONFLICT, "no earlier champion");
            assertFails(() -> registry.archive(model, 1, "a", null), Reason.CONFLICT, "is the champion");
            assertFails(() -> registry.promote("ghost", 1, CHAMPION, "a", null), Reason.MODEL_NOT_FOUND, "ghost");
            assertFails(
                    () -> registry.register(
                            registration(model), dir -> Files.writeString(dir.resolve(BundleFiles.MANIFEST), "x")),
                    Reason.INVALID_ARGUMENT,
                    "written by the store");
            assertFails(
                    () -> registry.register(
                            dev.mlcycle.registry.state.Registration.of(
                                    model,
                                    "credit",
                                    dev.mlcycle.contracts.record.ModelRecord.Task.REGRESSION,
                                    "r",
                                    "t"),
                            bundle("v2")),
                    Reason.CONFLICT,
                    "a new version must be the same");
            assertThat(registry.get(model)).contains(first);
            assertThat(registry.bundles().exists(model, 2)).isFalse();
            assertThat(new RegistryReader(bootstrap).readAll(TIMEOUT).get(model))
                    .isEqualTo(first);
        }
    }

    @Test
    void opensOnlyBundlesThatStillMatchTheirRecord(@Bootstrap String bootstrap) throws IOException {
        String model = unique("verify");
        try (Registry registry = Registry.open(bootstrap, root, options(unique("tx")))) {
            registry.register(registration(model), bundle("v1"));
            Files.writeString(root.resolve(model + "/1/" + BundleFiles.MODEL), "swapped");
            assertFails(
                    () -> registry.openBundle(model, 1),
                    Reason.INVALID_RECORD,
                    "bundle " + model + "/1 (version 1) failed verification",
                    "model.tribuo: expected sha256");
            assertFails(() -> registry.openBundle(model, 2), Reason.NOT_FOUND, "has no version 2; expected one of [1]");
            assertFails(() -> registry.openBundle("nope", 1), Reason.MODEL_NOT_FOUND, "model nope");
        }
    }

    @Test
    void stampsChangesWithTheConfiguredClock(@Bootstrap String bootstrap) {
        String model = unique("clock");
        Instant fixed = Instant.parse("2030-05-06T07:08:09.123456789Z");
        try (Registry registry =
                Registry.open(bootstrap, root, options(unique("tx")).withClock(Clock.fixed(fixed, ZoneOffset.UTC)))) {
            ModelRecord r = registry.register(registration(model), bundle("v1"));
            assertThat(r.updatedAt()).isEqualTo(fixed);
            assertThat(r.versions().get(0).createdAt()).isEqualTo(fixed);
            assertThat(new RegistryReader(bootstrap).readAll(TIMEOUT).get(model))
                    .isEqualTo(r);
        }
    }

    @Test
    void saysClearlyWhenNoBrokerAnswers(@TempDir Path dir) {
        assertFails(
                () -> Registry.open("127.0.0.1:1", dir, options(unique("tx")).withTimeout(Duration.ofSeconds(2))),
                Reason.UNAVAILABLE,
                "no answer from Kafka at 127.0.0.1:1",
                "within 2000 ms");
    }
}
