package dev.mlcycle.stats.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlcycle.contracts.MlcycleException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Jensen-Shannon distance and PSI: bounds, symmetry, and refusals. The values themselves: DriftGoldenTest. */
class DistanceTest {

    @Test
    void jensenShannonIsZeroForEqualSharesAndOneForDisjointBins() {
        assertThat(JensenShannon.distanceBase2(new long[] {1, 2, 3}, new long[] {10, 20, 30}))
                .isZero();
        assertThat(JensenShannon.distanceBase2(new long[] {5, 0}, new long[] {0, 9}))
                .isEqualTo(1.0);
        assertThat(JensenShannon.distanceBase2(new long[] {0, 0}, new long[] {0, 0}))
                .isZero();
    }

    @Test
    void jensenShannonIsSymmetricAndBetweenZeroAndOne() {
        SplittableRandom r = new SplittableRandom(11);
        for (int i = 0; i < 200; i++) {
            long[] p = r.longs(8, 0, 50).toArray();
            long[] q = r.longs(8, 0, 50).toArray();
            double d = JensenShannon.distanceBase2(p, q);
            assertThat(d).isBetween(0.0, 1.0);
            assertThat(JensenShannon.distanceBase2(q, p)).isCloseTo(d, org.assertj.core.data.Offset.offset(1e-15));
        }
    }

    @Test
    void jensenShannonRefusesOneEmptySide() {
        assertThatThrownBy(() -> JensenShannon.distanceBase2(new long[] {1, 2}, new long[] {0, 0}))
                .isInstanceOf(MlcycleException.class)
                .hasMessage("q: expected at least one count, all 2 are 0 (the other vector has 3)");
        assertThatThrownBy(() -> JensenShannon.distanceBase2(new long[] {1, 2}, new long[] {1, 2, 3}))
                .isInstanceOf(MlcycleException.class)
                .hasMessage("q: expected 2 counts (one per bin of p), got 3");
    }

    @Test
    void psiIsZeroForEqualSharesAndFiniteWithEmptyBins() {
        assertThat(PopulationStability.index(new long[] {10, 20}, new long[] {10, 20}))
                .isZero();
        double psi = PopulationStability.index(new long[] {100, 0, 0}, new long[] {0, 0, 100});
        assertThat(psi).isFinite().isGreaterThan(5.0);
    }

    @Test
    void psiUsesHalfCountSmoothingInEveryBin() {
        // r = (10.5, 0.5) / 11, c = (0.5, 10.5) / 11: PSI = 2 * (10/11) * ln 21
        double want = 2 * (10.0 / 11.0) * Math.log(21.0);
        assertThat(PopulationStability.index(new long[] {10, 0}, new long[] {0, 10}))
                .isCloseTo(want, org.assertj.core.data.Offset.offset(1e-14));
    }

    @Test
    void psiRefusesNoBinsAndOneEmptySide() {
        assertThatThrownBy(() -> PopulationStability.index(new long[0], new long[0]))
                .isInstanceOf(MlcycleException.class)
                .hasMessage("reference: expected at least one bin, got none");
        assertThatThrownBy(() -> PopulationStability.index(new long[] {0, 0}, new long[] {1, 0}))
                .isInstanceOf(MlcycleException.class)
                .hasMessage("reference: expected at least one count, all 2 are 0");
    }
}
