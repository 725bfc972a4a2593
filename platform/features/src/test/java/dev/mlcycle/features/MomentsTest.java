package dev.mlcycle.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The train statistics against exact arithmetic (BigDecimal) as an independent reference. */
class MomentsTest {
    private static final MathContext MC = MathContext.DECIMAL128;

    @Test
    void meanAndStdMatchExactArithmeticOnLargeOffsetData() {
        // A large offset and a small spread is where the naive one-pass formula loses everything.
        SplittableRandom random = new SplittableRandom(5);
        double[] x = new double[100_001];
        for (int i = 0; i < x.length; i++) {
            x[i] = 1e9 + random.nextDouble(-1, 1);
        }
        double[] ms = Moments.meanAndStd(x, x.length);
        BigDecimal n = BigDecimal.valueOf(x.length);
        BigDecimal sum = BigDecimal.ZERO;
        for (double v : x) {
            sum = sum.add(new BigDecimal(v));
        }
        BigDecimal mean = sum.divide(n, MC);
        BigDecimal ss = BigDecimal.ZERO;
        for (double v : x) {
            BigDecimal d = new BigDecimal(v).subtract(mean);
            ss = ss.add(d.multiply(d));
        }
        double std = Math.sqrt(ss.divide(n, MC).doubleValue());
        assertThat(ms[0]).isCloseTo(mean.doubleValue(), withinPercentage(1e-13));
        assertThat(ms[1]).isCloseTo(std, withinPercentage(1e-9));
    }

    @Test
    void medianOfUnsortedInputAfterSorting() {
        double[] x = {5, -1, 3, 3, 8, 0};
        Arrays.sort(x);
        assertThat(Moments.median(x, x.length)).isEqualTo(3.0);
        assertThat(Moments.median(x, 5)).isEqualTo(3.0); // the first five: -1, 0, 3, 3, 5
    }

    @Test
    void medianOfTheLargestDoublesDoesNotOverflow() {
        double[] x = {Double.MAX_VALUE, Double.MAX_VALUE};
        assertThat(Moments.median(x, 2)).isEqualTo(Double.MAX_VALUE);
        double[] y = {-Double.MAX_VALUE, Double.MAX_VALUE};
        assertThat(Moments.median(y, 2)).isEqualTo(0.0);
    }

    @Test
    void meanAndStdOfTheLargestDoublesAreFinite() {
        double[] x = {Double.MAX_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE};
        double[] ms = Moments.meanAndStd(x, x.length);
        assertThat(ms[0]).isCloseTo(Double.MAX_VALUE / 3, withinPercentage(1e-12));
        assertThat(ms[1]).isFinite().isPositive();
        double[] same = {Double.MAX_VALUE, Double.MAX_VALUE};
        assertThat(Moments.meanAndStd(same, 2)).containsExactly(Double.MAX_VALUE, 0.0);
    }

    @Test
    void statisticsOfNothingAreAnError() {
        assertThatThrownBy(() -> Moments.median(new double[0], 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Moments.meanAndStd(new double[0], 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
