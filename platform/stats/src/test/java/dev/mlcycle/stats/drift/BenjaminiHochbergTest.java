package dev.mlcycle.stats.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlcycle.contracts.MlcycleException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BenjaminiHochbergTest {

    @Test
    void adjustedValuesAreAtLeastTheRawOnesAndKeepTheirOrder() {
        SplittableRandom r = new SplittableRandom(2);
        double[] p = r.doubles(100).map(v -> v * v).toArray();
        double[] adj = BenjaminiHochberg.adjust(p);
        for (int i = 0; i < p.length; i++) {
            assertThat(adj[i]).isGreaterThanOrEqualTo(p[i]).isLessThanOrEqualTo(1.0);
            for (int j = 0; j < p.length; j++) {
                if (p[i] <= p[j]) {
                    assertThat(adj[i]).isLessThanOrEqualTo(adj[j]);
                }
            }
        }
    }

    @Test
    void rejectsAtTheStepUpRank() {
        // m = 4, q = 0.05: sorted 0.01 <= 0.0125, 0.02 <= 0.025, 0.03 <= 0.0375, 0.2 > 0.05 -> three rejected
        double[] adj = BenjaminiHochberg.adjust(new double[] {0.2, 0.03, 0.01, 0.02});
        assertThat(adj[2]).isLessThanOrEqualTo(0.05);
        assertThat(adj[3]).isLessThanOrEqualTo(0.05);
        assertThat(adj[1]).isLessThanOrEqualTo(0.05);
        assertThat(adj[0]).isGreaterThan(0.05);
    }

    @Test
    void refusesNaNAndValuesOutsideZeroOne() {
        assertThatThrownBy(() -> BenjaminiHochberg.adjust(new double[] {0.1, Double.NaN}))
                .isInstanceOf(MlcycleException.class)
                .hasMessage("pValues[1]: expected a p-value in [0, 1], got NaN");
        assertThatThrownBy(() -> BenjaminiHochberg.adjust(new double[] {1.5}))
                .isInstanceOf(MlcycleException.class)
                .hasMessage("pValues[0]: expected a p-value in [0, 1], got 1.5");
    }

    @Test
    void returnsANewArray() {
        double[] p = {0.5};
        assertThat(BenjaminiHochberg.adjust(p)).isNotSameAs(p).containsExactly(0.5);
        assertThat(BenjaminiHochberg.adjust(new double[0])).isEmpty();
    }
}
