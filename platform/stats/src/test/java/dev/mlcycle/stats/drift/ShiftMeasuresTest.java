package dev.mlcycle.stats.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlcycle.contracts.MlcycleException;
import org.junit.jupiter.api.Test;

class ShiftMeasuresTest {

    @Test
    void meanShiftIsInReferenceStandardDeviations() {
        assertThat(ShiftMeasures.meanShiftSd(10.0, 4.0, 11.0)).hasValue(0.25);
        assertThat(ShiftMeasures.meanShiftSd(10.0, 4.0, 8.0)).hasValue(-0.5);
    }

    @Test
    void constantReferenceGivesZeroForTheSameConstantAndEmptyOtherwise() {
        assertThat(ShiftMeasures.meanShiftSd(3.0, 0.0, 3.0)).hasValue(0.0);
        assertThat(ShiftMeasures.meanShiftSd(3.0, 0.0, 3.5)).isEmpty();
        assertThat(ShiftMeasures.stdRatio(0.0, 0.0)).hasValue(1.0);
        assertThat(ShiftMeasures.stdRatio(0.0, 0.1)).isEmpty();
    }

    @Test
    void hugeShiftsThatOverflowAreEmptyNotInfinite() {
        assertThat(ShiftMeasures.meanShiftSd(-1e308, Double.MIN_VALUE, 1e308)).isEmpty();
    }

    @Test
    void missingShareDiffIsCurrentMinusReference() {
        assertThat(ShiftMeasures.missingShareDiff(10, 100, 30, 100).getAsDouble())
                .isCloseTo(0.2, org.assertj.core.data.Offset.offset(1e-15));
        assertThat(ShiftMeasures.missingShareDiff(0, 50, 25, 50)).hasValue(0.5);
        assertThat(ShiftMeasures.missingShareDiff(0, 0, 3, 10)).isEmpty();
    }

    @Test
    void refusesImpossibleInputs() {
        assertThatThrownBy(() -> ShiftMeasures.meanShiftSd(Double.NaN, 1, 0))
                .isInstanceOf(MlcycleException.class)
                .hasMessage("referenceMean: expected a finite number, got NaN");
        assertThatThrownBy(() -> ShiftMeasures.stdRatio(1, -1))
                .isInstanceOf(MlcycleException.class)
                .hasMessage("currentStd: expected a finite standard deviation >= 0, got -1.0");
        assertThatThrownBy(() -> ShiftMeasures.missingShareDiff(5, 4, 0, 1))
                .isInstanceOf(MlcycleException.class)
                .hasMessage("reference: expected 0 <= missing <= total, got missing 5 of 4");
    }
}
