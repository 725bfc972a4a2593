package dev.mlcycle.training.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlcycle.contracts.record.GateCheck;
import dev.mlcycle.contracts.record.TrainingRun;
import dev.mlcycle.contracts.record.TrainingRun.RunStatus;
import dev.mlcycle.contracts.record.Trigger;
import dev.mlcycle.contracts.record.Trigger.TriggerKind;
import dev.mlcycle.contracts.spec.DatasetCatalog;
import dev.mlcycle.contracts.spec.DatasetSpec;
import dev.mlcycle.datagen.GeneratorOptions;
import dev.mlcycle.features.check.DataLimits;
import dev.mlcycle.kafka.local.junit.Bootstrap;
import dev.mlcycle.kafka.local.junit.WithLocalKafka;
import dev.mlcycle.lake.LabelledSnapshotReader.Selection;
import dev.mlcycle.lake.Lake;
import dev.mlcycle.registry.Registry;
import dev.mlcycle.registry.topic.RegistryOptions;
import dev.mlcycle.training.LakeFixture;
import dev.mlcycle.training.adapter.LakeSnapshotReader;
import dev.mlcycle.training.learn.Algorithm;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole runs of the {@link RunExecutor} against a real lake, a real registry and the shared local broker, on the
 * gate's fairness: the champion is never scored on rows it was trained on.
 */
@WithLocalKafka
class FairGateIT {
    @TempDir
    Path root;

    @Test
    void refusesToCompareWithAChampionTrainedOnTheCandidatesTestRows(@Bootstrap String bootstrap) {
        String model = "fair-" + UUID.randomUUID().toString().substring(0, 8);
        // S1: 3,000 events from the default start; S2 adds the 6,000 that follow them.
        long s1 = LakeFixture.land(root.resolve("lake"), 3_000, 11, UnaryOperator.identity());
        long s2 = LakeFixture.land(
                root.resolve("lake"),
                6_000,
                12,
                GeneratorOptions.DEFAULT_START.plusSeconds(3_000),
                UnaryOperator.identity());
        ModelSettings settings = settings(model, 200);
        try (Lake lake = Lake.open(root.resolve("lake"));
                Registry registry = Registry.open(
                        bootstrap,
                        root.resolve("registry"),
                        RegistryOptions.defaults().withTransactionalId("tx-" + model))) {
            RunExecutor executor = new RunExecutor(
                    new LakeSnapshotReader(lake),
                    registry,
                    root.resolve("runs"),
                    Clock.systemUTC(),
                    RunExecutor.RunObserver.NONE);

            // The champion learns from S2: everything up to about 70 % of its 9,000 events, S1's test rows included.
            TrainingRun champion = run(executor, model, settings, s2);
            assertThat(champion.status()).isEqualTo(RunStatus.SUCCEEDED);

            // A candidate on the older S1 is tested on S1's newest 450 rows, which the champion was trained on.
            TrainingRun candidate = run(executor, model, settings, s1);

            assertThat(candidate.status()).isEqualTo(RunStatus.REJECTED);
            List<GateCheck> checks = candidate.gate().checks();
            assertThat(checks).extracting(GateCheck::name).doesNotContain("not-worse-than-champion");
            GateCheck rows = check(candidate, "min-compare-rows");
            assertThat(rows.passed()).isFalse();
            assertThat(rows.value()).isZero();
            assertThat(rows.threshold()).isEqualTo(200.0);
            assertThat(rows.detail())
                    .contains("0 of 450 test rows", "leaving out 450", "champion v1", "validation split starts");
            assertThat(candidate.gate().championVersion()).isEqualTo(1);
        }
    }

    @Test
    void comparesBothModelsOnlyOnTestRowsTheChampionCannotHaveTrainedOn(@Bootstrap String bootstrap) {
        String model = "fair-" + UUID.randomUUID().toString().substring(0, 8);
        // S1: 4,000 events from second 10,000; S2 backfills 5,000 events older than all of them.
        Instant start = GeneratorOptions.DEFAULT_START.plusSeconds(10_000);
        long s1 = LakeFixture.land(root.resolve("lake"), 4_000, 21, start, UnaryOperator.identity());
        long s2 =
                LakeFixture.land(root.resolve("lake"), 5_000, 22, start.minusSeconds(6_000), UnaryOperator.identity());
        ModelSettings settings = settings(model, 100);
        try (Lake lake = Lake.open(root.resolve("lake"));
                Registry registry = Registry.open(
                        bootstrap,
                        root.resolve("registry"),
                        RegistryOptions.defaults().withTransactionalId("tx-" + model))) {
            RunExecutor executor = new RunExecutor(
                    new LakeSnapshotReader(lake),
                    registry,
                    root.resolve("runs"),
                    Clock.systemUTC(),
                    RunExecutor.RunObserver.NONE);
            // The champion, on S1, trains on its first 2,800 events (seconds 10,000 to about 12,800).
            assertThat(run(executor, model, settings, s1).status()).isEqualTo(RunStatus.SUCCEEDED);

            // The candidate, on S2's 9,000 rows, tests on the newest 1,350: S1's seconds from about 12,650, the
            // first 150 or so of which the champion trained on.
            TrainingRun candidate = run(executor, model, settings, s2);

            GateCheck rows = check(candidate, "min-compare-rows");
            assertThat(rows.passed()).isTrue();
            assertThat(rows.value()).isBetween(1_000.0, 1_349.0);
            int compared = (int) rows.value();
            assertThat(rows.detail())
                    .contains(compared + " of 1350 test rows", "leaving out " + (1_350 - compared), "champion v1");
            GateCheck against = check(candidate, "not-worse-than-champion");
            assertThat(against.detail()).contains("on the same " + compared + " of 1350 test rows");
            assertThat(against.value()).isNotEqualTo(candidate.metrics().get("roc_auc"));
        }
    }

    private static GateCheck check(TrainingRun run, String name) {
        return run.gate().checks().stream()
                .filter(c -> c.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError(
                        "no " + name + " check in " + run.gate().checks()));
    }

    private static TrainingRun run(RunExecutor executor, String model, ModelSettings settings, long snapshot) {
        TrainingRun queued = TrainingRun.queued(
                "run-" + UUID.randomUUID(),
                model,
                settings.spec().name(),
                new Trigger(TriggerKind.MANUAL, "test", "test", Instant.now()),
                settings.seed());
        return executor.execute(queued, settings, Selection.of(snapshot, null), new RunProgress(), r -> {});
    }

    private static ModelSettings settings(String model, int minCompareRows) {
        DatasetSpec spec = new DatasetCatalog(Path.of("target/no-such-data-dir")).load("credit");
        return new ModelSettings(
                model,
                spec,
                Algorithm.LOGISTIC_REGRESSION,
                Map.of(),
                Map.of(),
                3,
                42,
                Optional.empty(),
                0.7,
                0.15,
                new DataLimits(500, 0.5, 0.01, 0.0),
                new Gate(Map.of(), Map.of(), "roc_auc", 0.5, minCompareRows),
                "champion",
                50,
                Duration.ofMinutes(10));
    }
}
