package dev.mlcycle.stats.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlcycle.contracts.MlcycleException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class KolmogorovSmirnovTest {

    @Test
    void leavesTheCallersArraysUnchanged() {
        double[] x = {3, 1, 2, 5};
        double[] y = {0.5, 4, -1};
        KolmogorovSmirnov.twoSample(x, y);
        assertThat(x).containsExactly(3, 1, 2, 5);
        assertThat(y).containsExactly(0.5, 4, -1);
    }

    @Test
    void isSymmetricInItsSamples() {
        SplittableRandom r = new SplittableRandom(3);
        double[] x = r.doubles(400).toArray();
        double[] y = r.doubles(300).map(v -> v + 0.05).toArray();
        KsResult xy = KolmogorovSmirnov.twoSample(x, y);
        KsResult yx = KolmogorovSmirnov.twoSample(y, x);
        assertThat(yx.statistic()).isEqualTo(xy.statistic());
        assertThat(yx.pValue()).isEqualTo(xy.pValue());
        assertThat(yx.n()).isEqualTo(300);
    }

    @Test
    void switchesToAsymptoticAboveTenThousandValuesAsScipy() {
        SplittableRandom r = new SplittableRandom(4);
        assertThat(KolmogorovSmirnov.twoSample(
                                r.doubles(10_000).toArray(), r.doubles(50).toArray())
                        .exact())
                .isTrue();
        assertThat(KolmogorovSmirnov.twoSample(
                                r.doubles(10_001).toArray(), r.doubles(50).toArray())
                        .exact())
                .isFalse();
    }

    @Test
    void separatedSamplesGiveDOfOneAndTinyP() {
        KsResult r = KolmogorovSmirnov.twoSample(new double[] {1, 2, 3, 4, 5}, new double[] {10, 11, 12, 13, 14});
        assertThat(r.statistic()).isEqualTo(1.0);
        assertThat(r.pValue()).isLessThan(0.01);
    }

    @Test
    void refusesNaNNamingSampleAndIndex() {
        assertThatThrownBy(() -> KolmogorovSmirnov.twoSample(new double[] {1, Double.NaN}, new double[] {1, 2}))
                .isInstanceOf(MlcycleException.class)
                .hasMessage("x[1]: expected a number, got NaN");
    }

    @Test
    void refusesAnEmptySample() {
        assertThatThrownBy(() -> KolmogorovSmirnov.twoSample(new double[] {1, 2}, new double[0]))
                .isInstanceOf(MlcycleException.class)
                .hasMessage("y: expected at least 1 value for a two-sample Kolmogorov-Smirnov test, got 0");
        assertThatThrownBy(() -> KolmogorovSmirnov.twoSample(null, new double[] {1, 2}))
                .isInstanceOf(MlcycleException.class)
                .hasMessage("x: expected a value, got null");
    }

    @Test
    void sortedVariantRefusesUnsortedInputNamingTheIndex() {
        assertThatThrownBy(() -> KolmogorovSmirnov.twoSampleSorted(new double[] {1, 2, 3}, new double[] {1, 3, 2}))
                .isInstanceOf(MlcycleException.class)
                .hasMessage("ySorted[2]: expected values sorted ascending, got 2.0 after 3.0");
    }

    @Test
    void oneValueOnASideIsTestedNotRefused() {
        // the single value above all 4 others: D = 1; exact p = 2 / 5 (ranks 0 and 4 of 5 reach D = 1)
        KsResult r = KolmogorovSmirnov.twoSampleSorted(new double[] {9}, new double[] {1, 2, 3, 4});
        assertThat(r.statistic()).isEqualTo(1.0);
        assertThat(r.pValue()).isEqualTo(0.4);
        assertThat(KolmogorovSmirnov.twoSample(new double[] {4, 1, 3, 2}, new double[] {9})
                        .pValue())
                .isEqualTo(0.4);
    }

    @Test
    void integralStatisticEvaluatesAfterTiedRuns() {
        // x = {1, 2, 2}, y = {2, 3}: after 1: +2; after the 2s: 2 + 2*2 - 3 = 3; after 3: 0 -> D = 3 / 6
        assertThat(KolmogorovSmirnov.integralStatistic(new double[] {1, 2, 2}, new double[] {2, 3}))
                .isEqualTo(3);
    }

    @Test
    void sortedVariantAgreesWithTheCopyingOne() {
        SplittableRandom r = new SplittableRandom(5);
        double[] x = r.doubles(30_000).sorted().toArray();
        double[] y = r.doubles(20_000).map(v -> v * 1.01).sorted().toArray();
        assertThat(KolmogorovSmirnov.twoSampleSorted(x, y)).isEqualTo(KolmogorovSmirnov.twoSample(x, y));
    }
}
