package dev.mlcycle.stats.metrics;

import static dev.mlcycle.stats.metrics.ClassificationMetricsTest.ABC;
import static dev.mlcycle.stats.metrics.ClassificationMetricsTest.YES_NO;
import static dev.mlcycle.stats.metrics.ClassificationMetricsTest.assertInvalid;
import static dev.mlcycle.stats.metrics.ClassificationMetricsTest.binary;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BootstrapTest {

    /** A binary problem of n rows with scores on a coarse grid (ties) and informative labels. */
    record Binary(int[] actual, double[][] probabilities) {
        static Binary of(int n, long seed) {
            SplittableRandom r = new SplittableRandom(seed);
            int[] actual = new int[n];
            double[] p = new double[n];
            for (int i = 0; i < n; i++) {
                p[i] = Math.round(r.nextDouble() * 20) / 20.0;
                actual[i] = r.nextDouble() < 0.1 + 0.8 * p[i] ? 1 : 0;
            }
            return new Binary(actual, binary(p));
        }
    }

    @Test
    void sameSeedGivesTheSameIntervals() {
        Binary d = Binary.of(500, 1);
        Bootstrap b = Bootstrap.withSeed(42).withResamples(200);
        BootstrapResult first = b.classification(YES_NO, d.actual(), d.probabilities(), 1);
        BootstrapResult second = b.classification(YES_NO, d.actual(), d.probabilities(), 1);
        assertThat(second).isEqualTo(first);
        assertThat(first.seed()).isEqualTo(42);
        assertThat(first.resamples()).isEqualTo(200);
        assertThat(first.level()).isEqualTo(0.95);
    }

    @Test
    void anotherSeedGivesOtherIntervals() {
        Binary d = Binary.of(500, 1);
        BootstrapResult a =
                Bootstrap.withSeed(1).withResamples(200).classification(YES_NO, d.actual(), d.probabilities(), 1);
        BootstrapResult b =
                Bootstrap.withSeed(2).withResamples(200).classification(YES_NO, d.actual(), d.probabilities(), 1);
        assertThat(b.intervals().get("roc_auc")).isNotEqualTo(a.intervals().get("roc_auc"));
        assertThat(b.intervals().get("roc_auc").value())
                .isEqualTo(a.intervals().get("roc_auc").value());
    }

    @Test
    void coversEveryMetricAroundItsValue() {
        Binary d = Binary.of(2000, 3);
        BootstrapResult r = Bootstrap.withSeed(7).classification(YES_NO, d.actual(), d.probabilities(), 1);
        ClassificationMetrics point = ClassificationMetrics.of(YES_NO, d.actual(), d.probabilities(), 1);
        assertThat(r.intervals().keySet())
                .containsExactlyElementsOf(point.asMap().keySet());
        r.intervals().forEach((name, iv) -> {
            assertThat(iv.value()).as(name).isEqualTo(point.asMap().get(name));
            assertThat(iv.contains(iv.value())).as("%s %s", name, iv).isTrue();
            assertThat(iv.upper() - iv.lower()).as(name).isPositive().isLessThan(0.2);
            assertThat(iv.resamples()).as(name).isEqualTo(1000);
        });
        // Rough width check: the AUC's standard error here is about 0.01, a 95% interval about 0.04 wide.
        MetricInterval auc = r.interval("roc_auc").orElseThrow();
        assertThat(auc.upper() - auc.lower()).isBetween(0.02, 0.08);
    }

    @Test
    void resampleWeightsGiveTheMetricsOfTheExplicitlyResampledRows() {
        Binary d = Binary.of(300, 5);
        Bootstrap b = Bootstrap.withSeed(99).withResamples(25);
        List<Map<String, Double>> replicates = b.classificationReplicates(YES_NO, d.actual(), d.probabilities(), 1);
        SplittableRandom[] generators = Bootstrap.generators(99, 25);
        int n = d.actual().length;
        // Weights index the rows in score order: map each draw back to an input row.
        int[] order = ClassificationData.of(YES_NO, d.actual(), d.probabilities(), 1).order;
        for (int r = 0; r < 25; r++) {
            int[] actual = new int[n];
            double[][] probabilities = new double[n][];
            for (int j = 0; j < n; j++) {
                int row = order[Bootstrap.nextIndex(generators[r], n)];
                actual[j] = d.actual()[row];
                probabilities[j] = d.probabilities()[row];
            }
            assertClose(
                    replicates.get(r),
                    ClassificationMetrics.of(YES_NO, actual, probabilities, 1).asMap());
        }
    }

    @Test
    void resampleWeightsAgreeWithExplicitResamplesForMacroAndRegression() {
        SplittableRandom rnd = new SplittableRandom(8);
        int n = 120;
        int[] actual = new int[n];
        double[][] p = new double[n][];
        double[] y = new double[n];
        double[] f = new double[n];
        for (int i = 0; i < n; i++) {
            double a = rnd.nextInt(4);
            double b = rnd.nextInt(4);
            double c = rnd.nextInt(4) + 1;
            p[i] = new double[] {a / (a + b + c), b / (a + b + c), c / (a + b + c)};
            actual[i] = rnd.nextInt(3);
            y[i] = rnd.nextInt(10);
            f[i] = y[i] + rnd.nextDouble() * 4 - 2;
        }
        Bootstrap b = Bootstrap.withSeed(5).withResamples(20);
        List<Map<String, Double>> macro = b.classificationReplicates(ABC, actual, p, -1);
        List<Map<String, Double>> regression = b.regressionReplicates(y, f);
        SplittableRandom[] generators = Bootstrap.generators(5, 20);
        SplittableRandom[] again = Bootstrap.generators(5, 20);
        int[] order = ClassificationData.of(ABC, actual, p, -1).order;
        for (int r = 0; r < 20; r++) {
            int[] ra = new int[n];
            double[][] rp = new double[n][];
            double[] ry = new double[n];
            double[] rf = new double[n];
            for (int j = 0; j < n; j++) {
                int row = order[Bootstrap.nextIndex(generators[r], n)];
                ra[j] = actual[row];
                rp[j] = p[row];
                int row2 = Bootstrap.nextIndex(again[r], n);
                ry[j] = y[row2];
                rf[j] = f[row2];
            }
            assertClose(macro.get(r), ClassificationMetrics.of(ABC, ra, rp, -1).asMap());
            assertClose(regression.get(r), RegressionMetrics.of(ry, rf).asMap());
        }
    }

    @Test
    void parallelIntervalsEqualThePercentilesOfTheSequentialReplicates() {
        Binary d = Binary.of(400, 9);
        Bootstrap b = Bootstrap.withSeed(3).withResamples(101).withLevel(0.9);
        BootstrapResult result = b.classification(YES_NO, d.actual(), d.probabilities(), 1);
        List<Map<String, Double>> replicates = b.classificationReplicates(YES_NO, d.actual(), d.probabilities(), 1);
        result.intervals().forEach((name, iv) -> {
            double[] values = replicates.stream()
                    .filter(m -> m.containsKey(name))
                    .mapToDouble(m -> m.get(name))
                    .sorted()
                    .toArray();
            assertThat(iv.resamples()).isEqualTo(values.length);
            // 101 values at level 0.9: the 5th and 95th percentiles are order statistics 5 and 95 exactly.
            assertThat(iv.lower()).as(name).isEqualTo(values[5]);
            assertThat(iv.upper()).as(name).isEqualTo(values[95]);
        });
    }

    @Test
    void countsOnlyTheResamplesWhereAMetricIsDefined() {
        // One positive in 30 rows: about 1/e of the resamples miss it, and have no AUC there.
        int n = 30;
        int[] actual = new int[n];
        actual[0] = 1;
        double[] p = new double[n];
        for (int i = 0; i < n; i++) {
            p[i] = (i % 7) / 10.0;
        }
        BootstrapResult r = Bootstrap.withSeed(4).classification(YES_NO, actual, binary(p), 1);
        MetricInterval auc = r.interval("roc_auc").orElseThrow();
        assertThat(auc.resamples()).isBetween(550, 750);
        assertThat(r.interval("accuracy").orElseThrow().resamples()).isEqualTo(1000);
    }

    @Test
    void givesADegenerateIntervalWhenEveryResampleAgrees() {
        BootstrapResult one = Bootstrap.withSeed(1).withResamples(50).regression(new double[] {2}, new double[] {3});
        assertThat(one.interval("rmse").orElseThrow()).isEqualTo(new MetricInterval(1, 1, 1, 50));
        assertThat(one.interval("r2")).isEmpty();

        BootstrapResult perfect = Bootstrap.withSeed(1)
                .withResamples(200)
                .classification(YES_NO, new int[] {0, 0, 1, 1}, binary(0.1, 0.2, 0.8, 0.9), 1);
        MetricInterval auc = perfect.interval("roc_auc").orElseThrow();
        assertThat(auc.lower()).isEqualTo(1.0);
        assertThat(auc.upper()).isEqualTo(1.0);
    }

    @Test
    void interpolatesPercentilesLikeNumpyLinear() {
        double[] sorted = {1, 2, 4, 8};
        // numpy.percentile([1, 2, 4, 8], [2.5, 50, 97.5]) == [1.075, 3.0, 7.7]
        assertThat(Bootstrap.percentile(sorted, 0.025)).isCloseTo(1.075, within(1e-15));
        assertThat(Bootstrap.percentile(sorted, 0.5)).isEqualTo(3.0);
        assertThat(Bootstrap.percentile(sorted, 0.975)).isCloseTo(7.7, within(1e-15));
        assertThat(Bootstrap.percentile(new double[] {5}, 0.975)).isEqualTo(5.0);
    }

    @Test
    void drawsUniformIndicesInRange() {
        SplittableRandom r = new SplittableRandom(2);
        int[] hits = new int[7];
        for (int i = 0; i < 70_000; i++) {
            hits[Bootstrap.nextIndex(r, 7)]++;
        }
        for (int h : hits) {
            assertThat(h).isBetween(9_600, 10_400);
        }
        assertThat(Bootstrap.nextIndex(r, 1)).isZero();
        int big = Integer.MAX_VALUE;
        for (int i = 0; i < 1000; i++) {
            assertThat(Bootstrap.nextIndex(r, big)).isBetween(0, big - 1);
        }
    }

    @Test
    void drawsResamplesOfNRowsWithReplacement() {
        int[] w = new int[1000];
        Bootstrap.draw(new SplittableRandom(1), w);
        assertThat(Arrays.stream(w).sum()).isEqualTo(1000);
        long unused = Arrays.stream(w).filter(x -> x == 0).count();
        assertThat(unused).as("about n/e rows are not drawn").isBetween(330L, 405L);
    }

    @Test
    void rejectsBadOptionsAndBadRows() {
        assertInvalid(() -> Bootstrap.withSeed(1).withResamples(0), "resamples: expected at least 1, got 0");
        assertInvalid(() -> Bootstrap.withSeed(1).withLevel(1.0), "level: expected a confidence level in (0, 1)");
        assertInvalid(() -> Bootstrap.withSeed(1).withLevel(Double.NaN), "got NaN");
        assertInvalid(
                () -> Bootstrap.withSeed(1).regression(new double[] {1, Double.NaN}, new double[] {1, 2}),
                "actual row 1");
        assertInvalid(() -> Bootstrap.withSeed(1).classification(YES_NO, new int[0], new double[0][], 1), "no rows");
    }

    static void assertClose(Map<String, Double> actual, Map<String, Double> expected) {
        assertThat(actual.keySet()).containsExactlyElementsOf(expected.keySet());
        expected.forEach((k, v) -> assertThat(actual.get(k)).as(k).isCloseTo(v, within(1e-12)));
    }
}
