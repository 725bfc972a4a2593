package dev.mlcycle.stats.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.contracts.json.Json;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.quantilescommon.QuantileSearchCriteria;
import org.junit.jupiter.api.Test;

class NumericProfileTest {
    static final ProfileOptions DEFAULTS = ProfileOptions.defaults();

    static double[] range(int from, int to) {
        double[] v = new double[to - from + 1];
        for (int i = 0; i < v.length; i++) {
            v[i] = from + i;
        }
        return v;
    }

    @Test
    void cutsOneToTenIntoTenBinsOfOneValue() {
        NumericProfile p = NumericProfile.of(range(1, 10), 0, DEFAULTS);
        assertThat(p.edges()).containsExactly(2, 3, 4, 5, 6, 7, 8, 9, 10);
        assertThat(p.counts()).containsExactly(1, 1, 1, 1, 1, 1, 1, 1, 1, 1);
        assertThat(p.bins()).isEqualTo(10);
        assertThat(p.count()).isEqualTo(10);
        assertThat(p.min()).isEqualTo(1.0);
        assertThat(p.max()).isEqualTo(10.0);
        assertThat(p.mean()).isEqualTo(5.5);
        assertThat(p.std()).isCloseTo(Math.sqrt(8.25), within(1e-15));
    }

    @Test
    void cutsEqualFrequencyBinsInAnyInputOrder() {
        double[] values = {9, 1, 12, 4, 7, 3, 11, 2, 8, 6, 10, 5}; // 1..12
        NumericProfile p = NumericProfile.of(values, 0, DEFAULTS.withBins(4));
        assertThat(p.edges()).containsExactly(4, 7, 10);
        assertThat(p.counts()).containsExactly(3, 3, 3, 3);
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        assertThat(NumericProfile.of(sorted, 0, DEFAULTS.withBins(4))).isEqualTo(p);
    }

    @Test
    void mergesTiedCutPointsAndDropsTheMinimum() {
        // Deciles of 0,0,0,0,0,0,1,1,2,3 are x[1..9] = 0,0,0,0,0,1,1,2,3: unique above the min = 1,2,3.
        NumericProfile p = NumericProfile.of(new double[] {0, 0, 0, 0, 0, 0, 1, 1, 2, 3}, 0, DEFAULTS);
        assertThat(p.edges()).containsExactly(1, 2, 3);
        assertThat(p.counts()).containsExactly(6, 2, 1, 1);
        assertThat(p.counts()).as("no bin of the training data is empty").doesNotContain(0L);
    }

    @Test
    void givesAConstantColumnOneBin() {
        NumericProfile p = NumericProfile.of(new double[] {0.1, 0.1, 0.1, 0.1}, 2, DEFAULTS);
        assertThat(p.edges()).isEmpty();
        assertThat(p.counts()).containsExactly(4);
        assertThat(p.mean()).as("exactly the value, though 0.1 * 4 / 4 rounds").isEqualTo(0.1);
        assertThat(p.std()).isZero();
        assertThat(p.missing()).isEqualTo(2);
        assertThat(p.total()).isEqualTo(6);
        assertThat(p.binOf(-1e300)).isZero();
        assertThat(p.binOf(1e300)).isZero();
    }

    @Test
    void describesAColumnWithNoValuesWithoutNaN() throws JsonProcessingException {
        NumericProfile p = NumericProfile.of(new double[0], 7, DEFAULTS);
        assertThat(p.hasValues()).isFalse();
        assertThat(p.count()).isZero();
        assertThat(p.missing()).isEqualTo(7);
        assertThat(p.min()).isNull();
        assertThat(p.max()).isNull();
        assertThat(p.mean()).isNull();
        assertThat(p.std()).isNull();
        assertThat(p.edges()).isEmpty();
        assertThat(p.counts()).containsExactly(0);
        assertThat(p.sample()).isEmpty();
        assertThat(p.binOf(3)).isZero();
        assertThat(p.quantileSketch().isEmpty()).isTrue();
        String json = Json.mapper().writeValueAsString(p);
        assertThat(json).doesNotContain("NaN").doesNotContain("\"min\"").contains("\"type\":\"numeric\"");
        assertThat(Json.mapper().readValue(json, FeatureProfile.class)).isEqualTo(p);
    }

    @Test
    void binsAValueEqualToAnEdgeToTheRight() {
        NumericProfile p = NumericProfile.of(range(1, 12), 0, DEFAULTS.withBins(4)); // edges 4, 7, 10
        assertThat(p.binOf(3.999)).isZero();
        assertThat(p.binOf(4)).isEqualTo(1);
        assertThat(p.binOf(Math.nextDown(7.0))).isEqualTo(1);
        assertThat(p.binOf(7)).isEqualTo(2);
        assertThat(p.binOf(10)).isEqualTo(3);
        assertThat(p.binOf(-0.0)).isZero();
        assertThat(p.binOf(Double.NEGATIVE_INFINITY)).isZero();
        assertThat(p.binOf(Double.POSITIVE_INFINITY)).isEqualTo(3);
        assertThat(p.binOf(1e9)).isEqualTo(3);
        assertThatThrownBy(() -> p.binOf(Double.NaN))
                .isInstanceOf(MlcycleException.class)
                .hasMessageContaining("expected a number, got NaN");
    }

    @Test
    void treatsNegativeZeroAsZero() {
        NumericProfile p = NumericProfile.of(new double[] {-0.0, 0.0, 1, 1}, 0, DEFAULTS.withBins(2));
        assertThat(p.min()).isEqualTo(0.0);
        assertThat(Double.doubleToRawLongBits(p.min())).isZero();
        assertThat(p.edges()).containsExactly(1.0);
        assertThat(p.counts()).containsExactly(2, 2);
    }

    @Test
    void rejectsNaNAndInfiniteValuesNamingTheIndex() {
        assertThatThrownBy(() -> NumericProfile.of(new double[] {1, 2, Double.NaN}, 0, DEFAULTS))
                .isInstanceOf(MlcycleException.class)
                .satisfies(e -> assertThat(((MlcycleException) e).reason()).isEqualTo(Reason.INVALID_ARGUMENT))
                .hasMessageContaining("values[2]: expected a finite number, got NaN");
        assertThatThrownBy(() -> NumericProfile.of(new double[] {Double.POSITIVE_INFINITY}, 0, DEFAULTS))
                .hasMessageContaining("values[0]: expected a finite number, got Infinity");
        assertThatThrownBy(() -> NumericProfile.of(new double[] {1}, -1, DEFAULTS))
                .hasMessageContaining("missing: expected 0 or more, got -1");
    }

    @Test
    void computesMomentsOfHugeValuesWithoutOverflow() {
        NumericProfile p = NumericProfile.of(new double[] {1.5e308, 1.7e308, -1.6e308}, 0, DEFAULTS);
        assertThat(p.mean()).isCloseTo(1.6e308 / 3, within(1e293));
        double m = 1.6e308 / 3;
        double var = (Math.pow(1.5e308 / 1e300 - m / 1e300, 2)
                        + Math.pow(1.7e308 / 1e300 - m / 1e300, 2)
                        + Math.pow(-1.6e308 / 1e300 - m / 1e300, 2))
                / 3;
        assertThat(p.std()).isCloseTo(Math.sqrt(var) * 1e300, within(1e294));
        NumericProfile tiny = NumericProfile.of(new double[] {1e-310, 3e-310}, 0, DEFAULTS);
        assertThat(tiny.mean()).isCloseTo(2e-310, within(1e-322));
        assertThat(tiny.std()).isCloseTo(1e-310, within(1e-323));
    }

    @Test
    void drawsTheSameSampleForTheSameSeed() {
        SplittableRandom r = new SplittableRandom(3);
        double[] values = new double[50_000];
        for (int i = 0; i < values.length; i++) {
            values[i] = r.nextGaussian();
        }
        ProfileOptions o = DEFAULTS.withSampleSize(1000).withSeed(17);
        double[] first = NumericProfile.of(values, 0, o).sample();
        double[] again = NumericProfile.of(values, 0, o).sample();
        double[] other = NumericProfile.of(values, 0, o.withSeed(18)).sample();
        assertThat(first).hasSize(1000).isSorted().containsExactly(again);
        assertThat(other).hasSize(1000).isNotEqualTo(first);
        double[] reversed = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            reversed[i] = values[values.length - 1 - i];
        }
        assertThat(NumericProfile.of(reversed, 0, o).sample())
                .as("order of the input")
                .containsExactly(first);
        // Uniform: the sample's mean and quartiles are close to the data's.
        assertThat(Arrays.stream(first).average().orElseThrow()).isCloseTo(0, within(0.15));
        assertThat(first[250]).isCloseTo(-0.674, within(0.15));
        assertThat(first[750]).isCloseTo(0.674, within(0.15));
    }

    @Test
    void keepsEveryValueWhenThereAreFewerThanTheSampleSize() {
        NumericProfile p = NumericProfile.of(new double[] {3, 1, 2}, 0, DEFAULTS);
        assertThat(p.sample()).containsExactly(1, 2, 3);
        assertThat(NumericProfile.of(new double[] {3, 1, 2}, 0, DEFAULTS.withSampleSize(0))
                        .sample())
                .isEmpty();
    }

    @Test
    void sketchesEveryValueWithinItsRankError() {
        int n = 200_000;
        double[] values = new double[n];
        SplittableRandom r = new SplittableRandom(5);
        for (int i = 0; i < n; i++) {
            values[i] = r.nextDouble() * 1000;
        }
        NumericProfile p = NumericProfile.of(values, 0, DEFAULTS);
        KllDoublesSketch sketch = p.quantileSketch();
        assertThat(sketch.getN()).isEqualTo(n);
        assertThat(sketch.isEstimationMode()).isTrue();
        assertThat(sketch.getMinItem()).isEqualTo(p.min());
        assertThat(sketch.getMaxItem()).isEqualTo(p.max());
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double bound = sketch.getNormalizedRankError(false);
        for (double q = 0.05; q < 1; q += 0.05) {
            double estimate = sketch.getQuantile(q, QuantileSearchCriteria.INCLUSIVE);
            double rank = (double) upperBound(sorted, estimate) / n;
            assertThat(Math.abs(rank - q)).as("rank of the %s quantile", q).isLessThanOrEqualTo(bound);
        }
        // A fresh copy each time: updating one does not change the profile.
        sketch.update(5);
        assertThat(p.quantileSketch().getN()).isEqualTo(n);
    }

    @Test
    void refusesInconsistentProfilesAsReadFromJson() {
        assertThatThrownBy(() -> new NumericProfile(
                        3, 0, 1.0, 3.0, 2.0, 1.0, new double[] {2}, new long[] {1, 1}, new double[0], new byte[0]))
                .hasMessageContaining("field \"counts\": expected bin counts summing to count 3, got 2");
        assertThatThrownBy(() -> new NumericProfile(
                        3, 0, 1.0, 3.0, 2.0, 1.0, new double[] {1}, new long[] {0, 3}, new double[0], new byte[0]))
                .hasMessageContaining("field \"edges[0]\": expected a finite number above min 1.0");
        assertThatThrownBy(() -> new NumericProfile(
                        0, 0, 1.0, null, null, null, new double[0], new long[] {0}, new double[0], new byte[0]))
                .hasMessageContaining("expected no min, max, mean or std");
    }

    @Test
    void keepsItsArraysToItself() {
        NumericProfile p = NumericProfile.of(range(1, 10), 0, DEFAULTS);
        p.edges()[0] = 100;
        p.counts()[0] = 100;
        assertThat(p.edges()[0]).isEqualTo(2.0);
        assertThat(p.counts()[0]).isEqualTo(1);
        assertThat(p.binOf(1.5)).isZero();
    }

    private static int upperBound(double[] sorted, double v) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
