package dev.mlcycle.stats.metrics;

import static dev.mlcycle.stats.metrics.ClassificationMetricsTest.assertInvalid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RegressionMetricsTest {

    @Test
    void computesRmseMaeAndR2OfAHandMadeExample() {
        // errors 1, -1, 2, 0: SSE 6, |e| 4; actual mean 2.5, SS_tot 5.
        RegressionMetrics m = RegressionMetrics.of(new double[] {1, 2, 3, 4}, new double[] {0, 3, 1, 4});
        assertThat(m.rmse()).isCloseTo(Math.sqrt(6.0 / 4), within(1e-15));
        assertThat(m.mae()).isEqualTo(1.0);
        assertThat(m.r2()).hasValue(1 - 6.0 / 5);
        assertThat(m.asMap().keySet()).containsExactly("rmse", "mae", "r2");
        assertThat(m.rows()).isEqualTo(4);
    }

    @Test
    void leavesR2OutForConstantActualsEvenWhenTheirMeanRoundsOff() {
        // 0.1 * 3 / 3 != 0.1 in doubles: a naive SS_tot would be a tiny positive and R² garbage.
        RegressionMetrics m = RegressionMetrics.of(new double[] {0.1, 0.1, 0.1}, new double[] {0.2, 0.1, 0.0});
        assertThat(m.r2()).isEmpty();
        assertThat(m.asMap()).containsOnlyKeys("rmse", "mae");
    }

    @Test
    void evaluatesASingleRow() {
        RegressionMetrics m = RegressionMetrics.of(new double[] {-2}, new double[] {1});
        assertThat(m.rmse()).isEqualTo(3.0);
        assertThat(m.mae()).isEqualTo(3.0);
        assertThat(m.r2()).isEmpty();
    }

    @Test
    void handlesHugeValuesWithoutOverflow() {
        // Squares of 1e300 overflow a double; the scaled computation does not.
        double[] actual = {1e300, -1e300, 3e300};
        double[] predicted = {2e300, -1e300, 3e300};
        RegressionMetrics m = RegressionMetrics.of(actual, predicted);
        assertThat(m.rmse()).isCloseTo(1e300 / Math.sqrt(3), within(1e286));
        assertThat(m.mae()).isCloseTo(1e300 / 3, within(1e286));
        // mean 1e300: SS_tot = 0 + 4 + 4, SS_res = 1 (in units of 1e600)
        double ssTot = 8;
        assertThat(m.r2().getAsDouble()).isCloseTo(1 - 1 / ssTot, within(1e-12));
    }

    @Test
    void handlesTinyValuesWithoutUnderflow() {
        RegressionMetrics m = RegressionMetrics.of(new double[] {1e-300, 3e-300}, new double[] {2e-300, 2e-300});
        assertThat(m.rmse()).isCloseTo(1e-300, within(1e-312));
        assertThat(m.r2()).hasValue(0.0);
    }

    @Test
    void rejectsAnRmseBeyondTheLargestDouble() {
        assertInvalid(() -> RegressionMetrics.of(new double[] {1.7e308}, new double[] {-1.7e308}), "RMSE exceeds");
    }

    @Test
    void rejectsNaNAndInfiniteValuesNamingTheRow() {
        assertInvalid(
                () -> RegressionMetrics.of(new double[] {1, 2, 3}, new double[] {1, Double.NaN, 3}),
                "predicted row 1: expected a finite number, got NaN");
        assertInvalid(
                () -> RegressionMetrics.of(new double[] {1, Double.NEGATIVE_INFINITY}, new double[] {1, 2}),
                "actual row 1: expected a finite number, got -Infinity");
    }

    @Test
    void rejectsEmptyAndMismatchedInput() {
        assertInvalid(() -> RegressionMetrics.of(new double[0], new double[0]), "no rows to evaluate");
        assertInvalid(
                () -> RegressionMetrics.of(new double[] {1, 2}, new double[] {1}),
                "actual has 2 rows but predicted has 1");
    }
}
