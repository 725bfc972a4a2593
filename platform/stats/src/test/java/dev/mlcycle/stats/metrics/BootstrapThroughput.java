package dev.mlcycle.stats.metrics;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Measures the bootstrap on a large test split. Not a test (speed is measured, never asserted); run by
 * hand: {@code java -cp <test classpath> dev.mlcycle.stats.metrics.BootstrapThroughput [rows]
 * [resamples] [classes] [rounds]}. Binary by default; with more than two classes, macro one-vs-rest.
 */
public final class BootstrapThroughput {
    private BootstrapThroughput() {}

    public static void main(String[] args) {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int resamples = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        int k = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        SplittableRandom r = new SplittableRandom(1);
        int[] actual = new int[rows];
        double[][] p = new double[rows][k];
        double[] y = new double[rows];
        double[] f = new double[rows];
        for (int i = 0; i < rows; i++) {
            double sum = 0;
            for (int c = 0; c < k; c++) {
                p[i][c] = r.nextDouble();
                sum += p[i][c];
            }
            for (int c = 0; c < k; c++) {
                p[i][c] /= sum;
            }
            actual[i] = r.nextDouble() < p[i][k - 1] ? k - 1 : r.nextInt(k);
            y[i] = r.nextGaussian();
            f[i] = y[i] + r.nextGaussian() * 0.5;
        }
        List<String> classes =
                java.util.stream.IntStream.range(0, k).mapToObj(c -> "c" + c).toList();
        int positive = k == 2 ? 1 : -1;
        for (int round = 1; round <= rounds; round++) {
            long t0 = System.nanoTime();
            BootstrapResult c =
                    Bootstrap.withSeed(round).withResamples(resamples).classification(classes, actual, p, positive);
            long t1 = System.nanoTime();
            BootstrapResult g =
                    Bootstrap.withSeed(round).withResamples(resamples).regression(y, f);
            long t2 = System.nanoTime();
            System.out.printf(
                    "round %d: %,d rows x %,d resamples, %d classes: classification %.2f s (roc_auc %s), regression %.2f s (rmse %s), %d cores%n",
                    round,
                    rows,
                    resamples,
                    k,
                    (t1 - t0) / 1e9,
                    c.intervals().get("roc_auc"),
                    (t2 - t1) / 1e9,
                    g.intervals().get("rmse"),
                    Runtime.getRuntime().availableProcessors());
        }
    }
}
