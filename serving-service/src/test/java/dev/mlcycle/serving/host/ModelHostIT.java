package dev.mlcycle.serving.host;

import static dev.mlcycle.contracts.record.ModelRecord.CHALLENGER;
import static dev.mlcycle.contracts.record.ModelRecord.CHAMPION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mlcycle.contracts.record.ModelRecord;
import dev.mlcycle.contracts.spec.DatasetCatalog;
import dev.mlcycle.kafka.local.junit.Bootstrap;
import dev.mlcycle.kafka.local.junit.WithLocalKafka;
import dev.mlcycle.registry.Registry;
import dev.mlcycle.registry.bundle.BundleFiles;
import dev.mlcycle.registry.topic.RegistryOptions;
import dev.mlcycle.serving.host.ModelStatus.Stage;
import dev.mlcycle.serving.host.ServedVersion.Lease;
import dev.mlcycle.serving.model.Frame;
import dev.mlcycle.serving.model.Outputs;
import dev.mlcycle.serving.testing.TrainedModels;
import dev.mlcycle.serving.testing.TrainedModels.Params;
import dev.mlcycle.serving.testing.TrainedModels.Rows;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model host on the real in-process broker, with small real credit models trained and registered through a
 * real {@link Registry}: serving, promotion, rollback, a corrupted bundle, leases across a swap, retained versions,
 * and swaps under concurrent load.
 */
@WithLocalKafka
class ModelHostIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    /**
     * The bound on record-to-first-answer this test asserts. The goal is one second, and an idle machine here
     * measures 0.35-0.8 s (the test prints it); the bound is looser because the project keeps timing out of
     * assertions (DESIGN.md: benchmarks measure speed) and a build machine at load 30 on 2 cores takes 1.3 s, yet
     * it still fails a host that stalls on the follower, waits for another poll cycle or reloads a retained version.
     */
    private static final Duration SWAP_BOUND = Duration.ofSeconds(3);

    private static final Params V1 = new Params(1, 0.5, 1);
    private static final Params V2 = new Params(3, 0.05, 2);
    private static final Params V3 = new Params(2, 1.0, 3);

    private static Rows train;
    private static Frame probe;
    private static TrainedModels.Trained first;
    private static TrainedModels.Trained second;
    private static TrainedModels.Trained third;

    @TempDir
    Path data;

    private String model;
    private Registry registry;
    private ModelHost<String, DirectRuntime.Batcher> host;
    private final DirectRuntime runtime = new DirectRuntime();
    private final RecordingListener listener = new RecordingListener();

    @BeforeAll
    static void trainModels() {
        train = TrainedModels.credit(1, 2_000);
        probe = TrainedModels.frame(TrainedModels.credit(99, 300).features());
        first = TrainedModels.train(train, V1);
        second = TrainedModels.train(train, V2);
        third = TrainedModels.train(train, V3);
    }

    @BeforeEach
    void openRegistry(@Bootstrap String bootstrap) {
        model = "host-" + UUID.randomUUID().toString().substring(0, 8);
        registry = Registry.open(bootstrap, root(), options().withTransactionalId("tx-" + model));
    }

    @AfterEach
    void close() {
        if (host != null) {
            host.close();
        }
        registry.close();
    }

    private Path root() {
        return data.resolve("registry");
    }

    private static RegistryOptions options() {
        return RegistryOptions.defaults().withTimeout(Duration.ofSeconds(30));
    }

    private ModelHost<String, DirectRuntime.Batcher> start(String bootstrap, int retained) {
        host = new ModelHost<>(
                bootstrap,
                options(),
                root(),
                new DatasetCatalog(data),
                HostOptions.defaults().withModels(Set.of(model)).withRetained(retained),
                Clock.systemUTC(),
                listener,
                runtime);
        host.start();
        host.awaitReady(TIMEOUT);
        return host;
    }

    private ModelRecord register(TrainedModels.Trained trained, String alias) {
        return TrainedModels.register(registry, model, trained, alias);
    }

    private Deployment<String, DirectRuntime.Batcher> deployment() {
        return host.deployment(model).orElseThrow();
    }

    private void awaitChampion(int version) {
        await().atMost(TIMEOUT).until(() -> host.deployment(model)
                .map(d -> d.champion().version() == version)
                .orElse(false));
    }

    private static Outputs score(ServedVersion<DirectRuntime.Batcher> v, Frame frame) {
        Lease lease = v.acquire().orElseThrow(() -> new AssertionError(v.version() + " was released"));
        try {
            return v.batcher().score(frame);
        } finally {
            lease.close();
        }
    }

    private void assertSameAnswers(Outputs served, int version) {
        Outputs offline = TrainedModels.offline(registry, model, version).predict(probe);
        assertThat(served.labels()).containsExactly(offline.labels());
        assertThat(served.probabilities()).isDeepEqualTo(offline.probabilities());
    }

    @Test
    void servesTheChampionAndChallengerAsTheirBundlesPredict(@Bootstrap String bootstrap) {
        register(first, CHAMPION);
        register(second, CHALLENGER);

        start(bootstrap, 3);

        Deployment<String, DirectRuntime.Batcher> d = deployment();
        assertThat(d.champion().version()).isEqualTo(1);
        assertThat(d.champion().aliases()).containsExactly(CHAMPION);
        assertThat(d.challenger()).map(ServedVersion::version).contains(2);
        assertThat(d.challenger().orElseThrow().aliases()).containsExactly(CHALLENGER);
        assertThat(d.spec()).isEqualTo(TrainedModels.CREDIT);
        assertThat(d.admission()).isEqualTo("admission of " + model);
        assertSameAnswers(score(d.champion(), probe), 1);
        assertSameAnswers(score(d.challenger().orElseThrow(), probe), 2);
        assertThat(score(d.champion(), probe).probabilities())
                .as("two models trained with other parameters answer differently")
                .isNotEqualTo(score(d.challenger().orElseThrow(), probe).probabilities());
        ModelStatus status = host.status(model).orElseThrow();
        assertThat(status.championServed()).isTrue();
        assertThat(status.challenger()).isEqualTo(2);
        assertThat(status.failures()).isEmpty();
        assertThat(status.served()).extracting(ModelStatus.Served::version).containsExactly(2, 1);
        assertThat(listener.loaded).containsExactlyInAnyOrder(1, 2);
        assertThat(runtime.admissions).as("one admission per model").containsExactly(model);
    }

    @Test
    void aPromotionIsAnsweredByTheNewVersionWithinASecondAndARollbackReturnsToTheOld(@Bootstrap String bootstrap)
            throws Exception {
        register(first, CHAMPION);
        register(second, null);
        start(bootstrap, 3);
        assertThat(deployment().champion().version()).isEqualTo(1);

        Frame row = probe.slice(0, 1);
        Map<Integer, Instant> firstAnswer = new ConcurrentHashMap<>();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> error = new AtomicReference<>();
        Thread client = new Thread(() -> {
            while (!stop.get()) {
                try {
                    ServedVersion<DirectRuntime.Batcher> v = deployment().champion();
                    Optional<Lease> lease = v.acquire();
                    if (lease.isEmpty()) {
                        continue;
                    }
                    try {
                        v.batcher().score(row);
                    } finally {
                        lease.get().close();
                    }
                    firstAnswer.putIfAbsent(v.version(), Instant.now());
                    java.util.concurrent.locks.LockSupport.parkNanos(100_000); // steady load, not a busy loop
                } catch (Throwable e) {
                    error.compareAndSet(null, e);
                }
            }
        });
        client.start();
        try {
            ModelRecord promoted = registry.promote(model, 2, CHAMPION, "alice", "better");
            await().atMost(TIMEOUT).until(() -> firstAnswer.containsKey(2));
            Duration promotion = Duration.between(promoted.updatedAt(), firstAnswer.get(2));
            System.out.println("first answer from the promoted v2 " + promotion.toMillis() + " ms after its record");
            assertThat(promotion)
                    .as("the first answer from v2 after the record written at " + promoted.updatedAt())
                    .isLessThan(SWAP_BOUND);
            assertThat(deployment().version(1))
                    .as("the old champion stays addressable")
                    .isPresent();

            firstAnswer.clear();
            ModelRecord rolledBack = registry.rollback(model, "bob", "worse");
            await().atMost(TIMEOUT).until(() -> firstAnswer.containsKey(1));
            Duration rollback = Duration.between(rolledBack.updatedAt(), firstAnswer.get(1));
            System.out.println(
                    "first answer from the rolled-back-to v1 " + rollback.toMillis() + " ms after its record");
            assertThat(rollback).isLessThan(SWAP_BOUND);
        } finally {
            stop.set(true);
            client.join();
        }
        assertThat(error.get()).isNull();
        assertThat(deployment().champion().version()).isEqualTo(1);
        assertSameAnswers(score(deployment().champion(), probe), 1);
        assertThat(listener.swaps)
                .extracting(HostListener.Swap::championBefore, HostListener.Swap::champion)
                .containsExactly(
                        org.assertj.core.api.Assertions.tuple(null, 1),
                        org.assertj.core.api.Assertions.tuple(1, 2),
                        org.assertj.core.api.Assertions.tuple(2, 1));
        assertThat(listener.swaps.get(1).latency()).isLessThan(SWAP_BOUND);
        assertThat(listener.loaded)
                .as("the rollback swaps the retained v1 back in without loading it again")
                .containsExactly(1, 2);
    }

    @Test
    void aBundleFailingItsSha256IsNotServedAndThePreviousKeepsServing(@Bootstrap String bootstrap) throws Exception {
        register(first, CHAMPION);
        register(second, CHAMPION);
        ModelRecord withV3 = register(third, null);
        Path tribuo = root().resolve(withV3.version(3).orElseThrow().bundle()).resolve(BundleFiles.MODEL);
        byte[] good = Files.readAllBytes(tribuo);
        Files.write(tribuo, new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);
        start(bootstrap, 3);
        assertThat(deployment().champion().version()).isEqualTo(2);

        registry.promote(model, 3, CHAMPION, "alice", "try v3");

        await().atMost(TIMEOUT)
                .until(() -> !host.status(model).orElseThrow().failures().isEmpty());
        ModelStatus status = host.status(model).orElseThrow();
        assertThat(status.champion()).as("the registry asks for v3").isEqualTo(3);
        assertThat(status.servingChampion()).as("v2 keeps serving").isEqualTo(2);
        ModelStatus.Failure failure = status.failures().get(0);
        assertThat(failure.version()).isEqualTo(3);
        assertThat(failure.stage()).isEqualTo(Stage.VERIFY);
        assertThat(failure.reason()).contains("version 3", BundleFiles.MODEL, "expected sha256", "got");
        assertThat(listener.failed).extracting(ModelStatus.Failure::version).containsExactly(3);
        assertThat(deployment().champion().version()).isEqualTo(2);
        assertSameAnswers(score(deployment().champion(), probe), 2);
        assertThat(host.isReady()).isTrue();

        Files.write(tribuo, good);
        registry.register(
                dev.mlcycle.registry.state.Registration.of(
                        model, "credit", ModelRecord.Task.CLASSIFICATION, "run-x", "serving-test"),
                dir -> dev.mlcycle.registry.bundle.ModelBundles.write(
                        dir, first.model(), first.encoder(), Map.of(), first.profile()));
        awaitChampion(3);
        assertThat(host.status(model).orElseThrow().failures())
                .as("a new record of the model tries v3 again, whose bundle is whole now")
                .isEmpty();
        assertThat(listener.failed).as("v3 was tried once per record").hasSize(1);
        assertSameAnswers(score(deployment().champion(), probe), 3);
    }

    @Test
    void aLeaseTakenBeforeASwapKeepsTheOldVersionUsableUntilClosed(@Bootstrap String bootstrap) {
        register(first, CHAMPION);
        start(bootstrap, 1);
        ServedVersion<DirectRuntime.Batcher> old = deployment().champion();
        Lease lease = old.acquire().orElseThrow();

        register(second, CHAMPION);
        awaitChampion(2);

        assertThat(deployment().version(1))
                .as("v1 is neither aliased nor retained")
                .isEmpty();
        assertThat(runtime.of(1).get(0).isClosed()).as("a lease still holds v1").isFalse();
        assertSameAnswers(old.batcher().score(probe), 1);
        assertThat(host.status(model).orElseThrow().served())
                .extracting(ModelStatus.Served::version)
                .containsExactly(2);

        lease.close();
        await().atMost(TIMEOUT).until(() -> runtime.of(1).get(0).isClosed());
        assertThat(old.acquire()).as("v1 is released").isEmpty();
        assertThat(listener.released).containsExactly(1);
        assertThat(runtime.of(2).get(0).isClosed()).isFalse();
    }

    @Test
    void keepsTheLastRetainedVersionsAddressableAndReleasesOlderOnes(@Bootstrap String bootstrap) {
        register(first, CHAMPION);
        start(bootstrap, 2);
        register(second, CHAMPION);
        awaitChampion(2);
        register(third, CHAMPION);
        awaitChampion(3);

        Deployment<String, DirectRuntime.Batcher> d = deployment();
        assertThat(d.versions()).extracting(ServedVersion::version).containsExactly(3, 2);
        assertThat(d.version(2).orElseThrow().aliases())
                .as("a retained version has no alias")
                .isEmpty();
        assertSameAnswers(score(d.version(2).orElseThrow(), probe), 2);
        assertThat(d.version(1)).isEmpty();
        await().atMost(TIMEOUT).until(() -> runtime.of(1).get(0).isClosed());
        assertThat(listener.released).containsExactly(1);
    }

    @Test
    void swapsUnderConcurrentLoadLoseNoRequest(@Bootstrap String bootstrap) throws Exception {
        register(first, CHAMPION);
        register(second, null);
        start(bootstrap, 1);
        Map<Integer, Outputs> expected = Map.of(
                1, TrainedModels.offline(registry, model, 1).predict(probe),
                2, TrainedModels.offline(registry, model, 2).predict(probe));

        int clients = 8;
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong asked = new AtomicLong();
        AtomicLong answered = new AtomicLong();
        Map<Integer, AtomicLong> byVersion = new ConcurrentHashMap<>();
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int seed = c;
            Thread t = new Thread(() -> {
                java.util.Random random = new java.util.Random(seed);
                while (!stop.get()) {
                    int from = random.nextInt(probe.rows() - 5);
                    int to = from + 1 + random.nextInt(5);
                    asked.incrementAndGet();
                    try {
                        while (true) {
                            ServedVersion<DirectRuntime.Batcher> v =
                                    deployment().champion();
                            Optional<Lease> lease = v.acquire();
                            if (lease.isEmpty()) {
                                continue; // released since read: the next deployment serves
                            }
                            Outputs out;
                            try {
                                out = v.batcher().score(probe.slice(from, to));
                            } finally {
                                lease.get().close();
                            }
                            Outputs want = expected.get(v.version()).slice(from, to);
                            assertThat(out.labels()).containsExactly(want.labels());
                            assertThat(out.probabilities()).isDeepEqualTo(want.probabilities());
                            byVersion
                                    .computeIfAbsent(v.version(), k -> new AtomicLong())
                                    .incrementAndGet();
                            answered.incrementAndGet();
                            break;
                        }
                    } catch (Throwable e) {
                        errors.add(e);
                    }
                }
            });
            t.start();
            threads.add(t);
        }
        try {
            for (int i = 0; i < 5; i++) {
                registry.promote(model, 2, CHAMPION, "alice", "promotion " + i);
                awaitChampion(2);
                registry.rollback(model, "bob", "rollback " + i);
                awaitChampion(1);
            }
        } finally {
            stop.set(true);
            for (Thread t : threads) {
                t.join();
            }
        }
        assertThat(errors).isEmpty();
        assertThat(answered.get()).isEqualTo(asked.get()).isPositive();
        assertThat(byVersion.keySet()).containsExactlyInAnyOrder(1, 2);
        assertThat(listener.swaps).hasSize(11);
        assertThat(runtime.made).hasSize(11);
        await().atMost(TIMEOUT)
                .untilAsserted(() -> assertThat(runtime.made.stream().filter(DirectRuntime.Batcher::isClosed))
                        .as("every version but the serving one released")
                        .hasSize(10));
    }

    @Test
    void aVersionThatFailsToWarmIsNotServed(@Bootstrap String bootstrap) {
        register(first, CHAMPION);
        Map<String, dev.mlcycle.stats.profile.FeatureProfile> fewer =
                new java.util.LinkedHashMap<>(second.profile().features());
        fewer.remove("income");
        dev.mlcycle.stats.profile.ReferenceProfile partial = dev.mlcycle.stats.profile.ReferenceProfile.of(
                "credit",
                second.profile().rows(),
                second.profile().createdAt(),
                fewer,
                second.profile().predictions());
        register(new TrainedModels.Trained(second.model(), second.encoder(), partial, second.params()), null);
        start(bootstrap, 3);

        registry.promote(model, 2, CHAMPION, "alice", "try v2");

        await().atMost(TIMEOUT)
                .until(() -> !host.status(model).orElseThrow().failures().isEmpty());
        ModelStatus.Failure failure =
                host.status(model).orElseThrow().failures().get(0);
        assertThat(failure.version()).isEqualTo(2);
        assertThat(failure.stage()).isEqualTo(Stage.WARM);
        assertThat(failure.reason()).contains("warming with 256 synthetic rows failed", "\"income\"");
        assertThat(deployment().champion().version()).isEqualTo(1);
        assertThat(runtime.of(2))
                .as("no batcher for a version that did not warm")
                .isEmpty();
    }

    @Test
    void isReadyWhenTheOnlyChampionFailsToLoad(@Bootstrap String bootstrap) throws Exception {
        ModelRecord r = register(first, CHAMPION);
        Path tribuo = root().resolve(r.version(1).orElseThrow().bundle()).resolve(BundleFiles.MODEL);
        Files.write(tribuo, new byte[] {0}, java.nio.file.StandardOpenOption.APPEND);

        start(bootstrap, 3);

        assertThat(host.isReady()).as("a failure is settled").isTrue();
        assertThat(host.deployment(model)).isEmpty();
        ModelStatus status = host.status(model).orElseThrow();
        assertThat(status.served()).isEmpty();
        assertThat(status.failures()).extracting(ModelStatus.Failure::version).containsExactly(1);
    }

    @Test
    void aSlowLoadDoesNotStallFollowingTheRegistry(@Bootstrap String bootstrap) {
        register(first, CHAMPION);
        register(second, null);
        start(bootstrap, 3);
        java.util.concurrent.CountDownLatch slow = new java.util.concurrent.CountDownLatch(1);
        runtime.hold(2, slow);
        try {
            registry.promote(model, 2, CHAMPION, "alice", "slow to load");
            await().atMost(TIMEOUT).until(() -> Integer.valueOf(2)
                    .equals(host.status(model).orElseThrow().loading()));

            register(third, CHALLENGER);

            await().atMost(Duration.ofSeconds(20))
                    .alias("the record naming v3 is read while v2 is still loading")
                    .until(() -> Integer.valueOf(3)
                            .equals(host.status(model).orElseThrow().challenger()));
            assertThat(host.status(model).orElseThrow().loading()).isEqualTo(2);
            assertThat(deployment().champion().version())
                    .as("v1 serves meanwhile")
                    .isEqualTo(1);
        } finally {
            slow.countDown();
        }
        awaitChampion(2);
        await().atMost(TIMEOUT)
                .until(() ->
                        deployment().challenger().map(v -> v.version() == 3).orElse(false));
    }
}
