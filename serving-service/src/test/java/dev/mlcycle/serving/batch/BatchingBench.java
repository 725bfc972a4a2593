package dev.mlcycle.serving.batch;

import dev.mlcycle.contracts.spec.DatasetSpec;
import dev.mlcycle.datagen.model.CreditModel;
import dev.mlcycle.datagen.model.DatasetModel;
import dev.mlcycle.datagen.model.Rng;
import dev.mlcycle.features.EncoderState;
import dev.mlcycle.features.FeatureEncoder;
import dev.mlcycle.registry.bundle.ModelBundles;
import dev.mlcycle.serving.model.Frame;
import dev.mlcycle.serving.model.ServedModel;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.classification.xgboost.XGBoostClassificationTrainer;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * The measurement behind the batching defaults (serving-service/DESIGN.md). Trains a logistic-regression model on
 * generated credit rows with Tribuo, as training does, then (1) times {@link ServedModel#predict} per batch size on
 * one thread and fits {@code fixed + perRow * rows}, and (2) drives a {@link MicroBatcher} over that real model with
 * closed-loop clients sending one-row requests, for several {@link BatchOptions} and for no batcher at all (each client
 * calls predict itself), printing requests/s and latency percentiles. Run from the repository root:
 *
 * <pre>
 * ./mvnw -o -q -pl serving-service test-compile dependency:build-classpath -Dmdep.includeScope=test \
 *     -Dmdep.outputFile=/tmp/cp.txt
 * cd serving-service &amp;&amp; java -cp target/test-classes:target/classes:$(cat /tmp/cp.txt) \
 *     dev.mlcycle.serving.batch.BatchingBench 2 [xgboost]   # seconds per configuration, model
 * </pre>
 */
public final class BatchingBench {
    private BatchingBench() {}

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        boolean xgboost = args.length > 1 && args[1].equals("xgboost");
        CreditModel credit = CreditModel.load();
        DatasetSpec spec = credit.spec();
        List<Map<String, Object>> rows = rows(credit, 20_000, 42);
        ServedModel served = train(credit, rows, xgboost);
        System.out.println("model: " + (xgboost ? "XGBoost, 300 trees of depth 6" : "logistic regression (LinearSGD)"));
        List<Frame> singles = new ArrayList<>();
        for (int i = 0; i < 4_096; i++) {
            singles.add(frame(spec, rows.subList(i, i + 1)));
        }
        System.out.printf(
                Locale.ROOT, "cpus=%d java=%s%n", Runtime.getRuntime().availableProcessors(), Runtime.version());

        System.out.println("== ServedModel.predict per batch size, one thread (best of 5 rounds) ==");
        int[] sizes = {1, 2, 4, 8, 16, 32, 64, 128, 256, 512};
        double[] nanos = new double[sizes.length];
        for (int round = 0; round < 2; round++) { // the first round only warms up
            for (int s = 0; s < sizes.length; s++) {
                nanos[s] = perBatch(served, frame(spec, rows.subList(0, sizes[s])), round == 0 ? 1 : 5);
            }
        }
        for (int s = 0; s < sizes.length; s++) {
            System.out.printf(
                    Locale.ROOT,
                    "rows=%4d  batch=%9.1f us  per row=%7.2f us%n",
                    sizes[s],
                    nanos[s] / 1e3,
                    nanos[s] / sizes[s] / 1e3);
        }
        double[] fit = leastSquares(sizes, nanos);
        System.out.printf(Locale.ROOT, "fit: fixed=%.1f us per batch, %.2f us per row%n", fit[0] / 1e3, fit[1] / 1e3);

        System.out.println("== closed-loop one-row clients ==");
        for (int clients : new int[] {1, 8, 64}) {
            direct(served, singles, clients, seconds);
            for (BatchOptions o : List.of(
                    new BatchOptions(1, Duration.ZERO),
                    new BatchOptions(16, Duration.ZERO),
                    new BatchOptions(64, Duration.ZERO),
                    new BatchOptions(64, Duration.ofMillis(1)),
                    new BatchOptions(128, Duration.ZERO),
                    new BatchOptions(256, Duration.ZERO))) {
                batched(served, singles, clients, seconds, o);
            }
        }
    }

    private static List<Map<String, Object>> rows(CreditModel credit, int n, long seed) {
        Rng rng = Rng.stream(seed, "batching-bench");
        List<String> names = credit.spec().featureNames();
        List<Map<String, Object>> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Object[] row = new Object[names.size()];
            credit.sample(rng, row);
            Map<String, Object> m = new LinkedHashMap<>();
            for (int f = 0; f < row.length; f++) {
                m.put(names.get(f), row[f]);
            }
            m.put(
                    "__label",
                    rng.nextDouble() < DatasetModel.sigmoid(credit.logit(row))
                            ? credit.positiveLabel()
                            : credit.negativeLabel());
            out.add(m);
        }
        return out;
    }

    private static ServedModel train(CreditModel credit, List<Map<String, Object>> rows, boolean xgboost) {
        EncoderState state = FeatureEncoder.fit(credit.spec(), rows);
        FeatureEncoder encoder = FeatureEncoder.of(state);
        LabelFactory labels = new LabelFactory();
        MutableDataset<Label> data = new MutableDataset<>(new SimpleDataSourceProvenance("bench", labels), labels);
        for (Map<String, Object> row : rows) {
            data.add(encoder.example(row, new Label((String) row.get("__label"))));
        }
        Model<Label> model = xgboost
                ? new XGBoostClassificationTrainer(300).train(data)
                : new LinearSGDTrainer(new LogMulticlass(), new AdaGrad(0.1, 0.1), 3, Integer.MAX_VALUE, 1, 42L)
                        .train(data);
        return ServedModel.of("credit", 1, credit.spec(), new ModelBundles.Loaded(model, state, null));
    }

    private static Frame frame(DatasetSpec spec, List<Map<String, Object>> rows) {
        List<String> names = spec.featureNames();
        Object[][] columns = new Object[names.size()][rows.size()];
        for (int r = 0; r < rows.size(); r++) {
            for (int f = 0; f < names.size(); f++) {
                columns[f][r] = rows.get(r).get(names.get(f));
            }
        }
        return Frame.of(names, columns, null);
    }

    private static double perBatch(ServedModel served, Frame frame, int rounds) {
        double best = Double.MAX_VALUE;
        for (int round = 0; round < rounds; round++) {
            long start = System.nanoTime();
            long end = start + 200_000_000L; // each round runs for about 200 ms
            int iterations = 0;
            long now;
            do {
                served.predict(frame);
                iterations++;
                now = System.nanoTime();
            } while (now < end);
            best = Math.min(best, (now - start) / (double) iterations);
        }
        return best;
    }

    /** Ordinary least squares of nanos on rows: {intercept, slope}. */
    private static double[] leastSquares(int[] x, double[] y) {
        double mx = Arrays.stream(x).average().orElse(0);
        double my = Arrays.stream(y).average().orElse(0);
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
        }
        double slope = sxy / sxx;
        return new double[] {my - slope * mx, slope};
    }

    interface Call {
        void call(Frame frame) throws Exception;
    }

    private static void direct(ServedModel served, List<Frame> singles, int clients, int seconds) throws Exception {
        report("no batcher", clients, load(singles, clients, seconds, served::predict));
    }

    private static void batched(ServedModel served, List<Frame> singles, int clients, int seconds, BatchOptions o)
            throws Exception {
        RecordingListener listener = new RecordingListener();
        try (MicroBatcher b = new MicroBatcher("bench", served::predict, o, Clock.systemUTC(), listener)) {
            long[] lat = load(singles, clients, seconds, f -> b.submit(f, null).get(10, TimeUnit.SECONDS));
            double meanRows = listener.batches.stream()
                    .mapToInt(RecordingListener.Ran::rows)
                    .average()
                    .orElse(0);
            report(
                    String.format(
                            Locale.ROOT,
                            "rows=%d delay=%dus (mean batch %.1f rows)",
                            o.maxBatchRows(),
                            o.maxDelay().toNanos() / 1_000,
                            meanRows),
                    clients,
                    lat);
        }
    }

    /** Latencies in nanos of every request answered during the measured {@code seconds}, after a 1 s warm-up. */
    private static long[] load(List<Frame> singles, int clients, int seconds, Call call) throws Exception {
        AtomicBoolean measuring = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        List<long[]> perClient = new ArrayList<>();
        int[] counts = new int[clients];
        CountDownLatch finished = new CountDownLatch(clients);
        for (int c = 0; c < clients; c++) {
            long[] mine = new long[Math.max(20_000, 1_200_000 / clients)];
            perClient.add(mine);
            int client = c;
            Thread t = new Thread(() -> {
                try {
                    int i = client * 97;
                    while (!stop.get()) {
                        Frame f = singles.get(i++ % singles.size());
                        long start = System.nanoTime();
                        call.call(f);
                        long took = System.nanoTime() - start;
                        if (measuring.get() && counts[client] < mine.length) {
                            mine[counts[client]++] = took;
                        }
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                } finally {
                    finished.countDown();
                }
            });
            t.start();
        }
        TimeUnit.SECONDS.sleep(1); // warm-up before measuring: a benchmark's pacing, not a wait for a result
        measuring.set(true);
        long start = System.nanoTime();
        TimeUnit.SECONDS.sleep(seconds);
        measuring.set(false);
        long elapsed = System.nanoTime() - start;
        stop.set(true);
        finished.await(30, TimeUnit.SECONDS);
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total + 1];
        int at = 0;
        for (int c = 0; c < clients; c++) {
            System.arraycopy(perClient.get(c), 0, all, at, counts[c]);
            at += counts[c];
        }
        all[total] = elapsed; // the last slot carries the measured time
        return all;
    }

    private static void report(String what, int clients, long[] latAndElapsed) {
        int n = latAndElapsed.length - 1;
        long elapsed = latAndElapsed[n];
        long[] lat = Arrays.copyOf(latAndElapsed, n);
        Arrays.sort(lat);
        System.out.printf(
                Locale.ROOT,
                "clients=%2d %-40s %9.0f req/s  p50=%7.3f ms  p99=%7.3f ms%n",
                clients,
                what,
                n / (elapsed / 1e9),
                n == 0 ? 0 : lat[n / 2] / 1e6,
                n == 0 ? 0 : lat[Math.min(n - 1, (int) (n * 0.99))] / 1e6);
    }
}
