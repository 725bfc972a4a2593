package dev.mlcycle.stats.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlcycle.contracts.MlcycleException;
import org.junit.jupiter.api.Test;

/** DDM and Page-Hinkley step by step; their statistical behaviour: DetectorPropertiesTest. */
class DetectorTest {

    @Test
    void ddmStaysStableWithInfiniteThresholdBeforeMinObservations() {
        Ddm d = Ddm.withDefaults();
        for (int i = 0; i < 29; i++) {
            assertThat(d.update(i % 2 == 0)).isEqualTo(Ddm.State.STABLE);
            assertThat(d.threshold()).isEqualTo(Double.POSITIVE_INFINITY);
        }
        d.update(true);
        assertThat(d.observations()).isEqualTo(30);
        assertThat(d.threshold()).isFinite();
    }

    @Test
    void ddmSignalsWarningThenDriftAndResets() {
        Ddm d = Ddm.withDefaults();
        for (int i = 0; i < 1000; i++) {
            d.update(i % 10 == 0);
        }
        boolean warned = false;
        Ddm.State s = Ddm.State.STABLE;
        int n = 0;
        while (s != Ddm.State.DRIFT && n < 10_000) {
            s = d.update(true);
            warned |= s == Ddm.State.WARNING;
            n++;
        }
        assertThat(warned).isTrue();
        assertThat(s).isEqualTo(Ddm.State.DRIFT);
        assertThat(d.observations()).isZero();
        assertThat(d.threshold()).isEqualTo(Double.POSITIVE_INFINITY);
    }

    @Test
    void ddmFirstErrorAfterErrorFreeStartIsNotDrift() {
        Ddm d = Ddm.withDefaults();
        for (int i = 0; i < 100; i++) {
            assertThat(d.update(false)).isEqualTo(Ddm.State.STABLE);
        }
        assertThat(d.update(true)).isEqualTo(Ddm.State.STABLE);
        assertThat(d.statistic()).isPositive();
    }

    @Test
    void ddmRefusesParametersOutOfRangeAndInconsistentState() {
        assertThatThrownBy(() -> new Ddm(0, 2, 3))
                .isInstanceOf(MlcycleException.class)
                .hasMessage("minObservations: expected >= 1, got 0");
        assertThatThrownBy(() -> new Ddm(30, 3, 2))
                .isInstanceOf(MlcycleException.class)
                .hasMessage("driftLevel: expected a finite number > warningLevel (3.0), got 2.0");
        assertThatThrownBy(() -> Ddm.restore(new DdmState(30, 2, 3, 10, 11, false, 0, 0)))
                .isInstanceOf(MlcycleException.class)
                .hasMessageContaining("errors <= observations");
    }

    @Test
    void pageHinkleyStatisticIsCumulativeMinusMinimum() {
        PageHinkley d = new PageHinkley(0.0, 100, 1.0, 1);
        d.update(1.0); // mean 1, m = 0
        d.update(3.0); // mean 2, m = 1, M = 0
        assertThat(d.statistic()).isEqualTo(1.0);
        d.update(-4.0); // mean 0, m = 1 - 4 = -3, M = -3
        assertThat(d.statistic()).isZero();
        assertThat(d.snapshot().minimum()).isEqualTo(-3.0);
    }

    @Test
    void pageHinkleySignalsOnlyFromMinObservations() {
        PageHinkley d = new PageHinkley(0.0, 1.0, 1.0, 5);
        d.update(0.0);
        d.update(0.0);
        assertThat(d.update(10.0)).isEqualTo(PageHinkley.State.STABLE);
        assertThat(d.statistic()).isGreaterThan(1.0);
        d.update(10.0);
        assertThat(d.update(10.0)).isEqualTo(PageHinkley.State.DRIFT);
        assertThat(d.observations()).isZero();
        assertThat(d.statistic()).isZero();
    }

    @Test
    void pageHinkleyRefusesNonFiniteValuesAndBadParameters() {
        assertThatThrownBy(() -> PageHinkley.withDefaults().update(Double.NaN))
                .isInstanceOf(MlcycleException.class)
                .hasMessage("x: expected a finite value, got NaN");
        assertThatThrownBy(() -> new PageHinkley(0.005, 50, 1.5, 30))
                .isInstanceOf(MlcycleException.class)
                .hasMessage("alpha: expected a fading factor in (0, 1], got 1.5");
        assertThatThrownBy(() -> PageHinkley.restore(new PageHinkleyState(0.005, 50, 0.9999, 30, 3, 0, -1, 0)))
                .isInstanceOf(MlcycleException.class)
                .hasMessage("state: expected minimum <= cumulative, got 0.0 > -1.0");
    }

    @Test
    void detectorsNameTheirParametersForTheReport() {
        assertThat(Ddm.withDefaults().parameters())
                .containsExactly(
                        org.assertj.core.api.Assertions.entry("min_observations", 30.0),
                        org.assertj.core.api.Assertions.entry("warning_level", 2.0),
                        org.assertj.core.api.Assertions.entry("drift_level", 3.0));
        assertThat(PageHinkley.withDefaults().parameters())
                .containsEntry("delta", 0.005)
                .containsEntry("lambda", 50.0)
                .containsEntry("alpha", 0.9999)
                .containsEntry("min_observations", 30.0);
    }
}
