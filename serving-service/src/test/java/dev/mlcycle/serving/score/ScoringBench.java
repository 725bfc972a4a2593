package dev.mlcycle.serving.score;

import dev.mlcycle.contracts.record.FeatureEvent;
import dev.mlcycle.datagen.DataGenerator;
import dev.mlcycle.datagen.GeneratedRecord;
import dev.mlcycle.datagen.GeneratorOptions;
import dev.mlcycle.datagen.RecordKind;
import dev.mlcycle.features.check.DataLimits;
import dev.mlcycle.lake.Lake;
import dev.mlcycle.registry.bundle.ModelBundles;
import dev.mlcycle.serving.model.ServedModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Batch scoring throughput (bench/score-throughput.sh): lands {@code events} generated credit events in a fresh lake
 * (commits of 200,000), trains a logistic regression on 20,000 generated rows, and runs one batch job over the whole
 * snapshot through {@link BatchJobs}: data checks, scoring with {@link ServedModel#predict}, writing {@code
 * credit.predictions} in one commit. Prints the rows written and rows/s (scoring phase and whole job). Then reruns
 * the job and prints that it added nothing. A measurement, not a test.
 *
 * <pre>java -cp ... dev.mlcycle.serving.score.ScoringBench [events=1000000] [batch-rows=8192] [dir]</pre>
 */
public final class ScoringBench {
    private ScoringBench() {}

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int batchRows = args.length > 1 ? Integer.parseInt(args[1]) : 8192;
        Path dir = args.length > 2 ? Path.of(args[2]) : Files.createTempDirectory("mlcycle-score-bench");
        Path lakeRoot = dir.resolve("lake");

        ScoringFixtures.Generated train = ScoringFixtures.generate(20_000, 1);
        ScoringFixtures.Trained trained = ScoringFixtures.train(train);
        ServedModel served = ServedModel.of(
                "credit-bench", 1, train.spec(), new ModelBundles.Loaded(trained.model(), trained.encoder(), null));

        long t0 = System.nanoTime();
        DataGenerator generator = DataGenerator.create(
                GeneratorOptions.builder().events(events).seed(7).build());
        List<FeatureEvent> chunk = new ArrayList<>();
        long landed = 0;
        while (generator.hasNext()) {
            GeneratedRecord r = generator.next();
            if (r.kind() == RecordKind.EVENT) {
                chunk.add(r.event());
                if (chunk.size() == 200_000) {
                    ScoringFixtures.land(lakeRoot, train.spec(), chunk, e -> e);
                    landed += chunk.size();
                    chunk.clear();
                }
            }
        }
        if (!chunk.isEmpty()) {
            ScoringFixtures.land(lakeRoot, train.spec(), chunk, e -> e);
            landed += chunk.size();
        }
        System.out.printf(Locale.ROOT, "landed %,d events in %.1f s%n", landed, (System.nanoTime() - t0) / 1e9);

        try (Lake lake = Lake.open(lakeRoot);
                BatchJobs jobs = jobs(lake, served, batchRows);
                BatchJobs restarted = jobs(lake, served, batchRows)) {
            long start = System.nanoTime();
            BatchJobStatus done = run(jobs);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(
                    Locale.ROOT,
                    "job %s: %s, %,d rows written to %s in snapshot %d%n",
                    done.id(),
                    done.state(),
                    done.rowsWritten(),
                    done.table(),
                    done.commitSnapshotId());
            if (done.error() != null) {
                System.out.println("error: " + done.error());
            }
            System.out.printf(
                    Locale.ROOT,
                    "scoring phase: %,.0f rows/s; whole job (checks + scoring + commit): %.1f s, %,.0f rows/s%n",
                    done.rowsPerSecond(),
                    seconds,
                    done.rowsDone() / seconds);
            BatchJobStatus again = run(restarted);
            System.out.printf(Locale.ROOT, "rerun: added=%s, snapshot %d%n", again.added(), again.commitSnapshotId());
        }
    }

    private static BatchJobs jobs(Lake lake, ServedModel served, int batchRows) {
        return new BatchJobs(
                lake,
                (m, v) -> served,
                new DataLimits(1, 0.5, 0.0, 0.0),
                batchRows,
                Optional.empty(),
                Clock.systemUTC());
    }

    private static BatchJobStatus run(BatchJobs jobs) throws InterruptedException {
        BatchJobStatus s = jobs.submit(new BatchJobRequest("credit-bench", null, null, null, null, "bench-job"));
        while (!s.state().done()) {
            Thread.sleep(200);
            s = jobs.get(s.id());
        }
        return s;
    }
}
