package dev.mlcycle.stats.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.record.Histogram;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChiSquareHomogeneityTest {

    @Test
    void keepsUnseenAndMissingEvenWhenSparse() {
        ChiSquareResult r = ChiSquareHomogeneity.test(
                List.of("a", "b", Histogram.UNSEEN, Histogram.MISSING),
                new long[] {500, 500, 0, 1},
                new long[] {480, 510, 2, 0});
        assertThat(r.columns()).containsExactly("a", "b", Histogram.UNSEEN, Histogram.MISSING);
        assertThat(r.degreesOfFreedom()).isEqualTo(3);
    }

    @Test
    void mergesSparseCategoriesSmallestFirstIntoOther() {
        ChiSquareResult r = ChiSquareHomogeneity.test(
                List.of("a", "b", "c", "d"), new long[] {500, 2, 400, 4}, new long[] {500, 1, 420, 5});
        // sparse: total below 5 N / min(R, C) = 10.1; b (3) and d (9) merge into 12
        assertThat(r.columns()).containsExactly("a", "c", ChiSquareHomogeneity.OTHER);
        assertThat(r.reference()).containsExactly(500, 400, 6);
        assertThat(r.current()).containsExactly(500, 420, 6);
    }

    @Test
    void anOtherColumnStillSparseTakesTheNextSmallestColumnToo() {
        ChiSquareResult r = ChiSquareHomogeneity.test(
                List.of("a", "b", "c", "d"), new long[] {500, 2, 400, 1}, new long[] {500, 1, 420, 3});
        // b (3) and d (4) give 7, still below 10.1, so c (820) joins them
        assertThat(r.columns()).containsExactly("a", ChiSquareHomogeneity.OTHER);
        assertThat(r.reference()).containsExactly(500, 403);
        assertThat(r.degreesOfFreedom()).isEqualTo(1);
    }

    @Test
    void aSingleSparseColumnJoinsTheNextSmallestInsteadOfBeingRenamed() {
        ChiSquareResult r =
                ChiSquareHomogeneity.test(List.of("a", "b", "c"), new long[] {500, 400, 2}, new long[] {520, 390, 1});
        assertThat(r.columns()).containsExactly("a", ChiSquareHomogeneity.OTHER);
        assertThat(r.reference()).containsExactly(500, 402);
    }

    @Test
    void fewerThanTwoColumnsGivesNoEvidence() {
        ChiSquareResult r = ChiSquareHomogeneity.test(
                List.of("a", "b", Histogram.MISSING), new long[] {10, 0, 0}, new long[] {7, 0, 0});
        assertThat(r.statistic()).isZero();
        assertThat(r.pValue()).isEqualTo(1.0);
        assertThat(r.degreesOfFreedom()).isZero();
        assertThat(r.columns()).containsExactly("a");
    }

    @Test
    void bothRowsEmptyGivesNoEvidence() {
        ChiSquareResult r = ChiSquareHomogeneity.test(List.of("a", "b"), new long[2], new long[2]);
        assertThat(r.pValue()).isEqualTo(1.0);
        assertThat(r.columns()).isEmpty();
    }

    @Test
    void identicalSharesGiveStatisticZeroAndCramersVZero() {
        ChiSquareResult r = ChiSquareHomogeneity.test(
                List.of("a", "b", "c"), new long[] {100, 200, 300}, new long[] {200, 400, 600});
        assertThat(r.statistic()).isZero();
        assertThat(r.pValue()).isEqualTo(1.0);
        assertThat(r.cramersV()).isZero();
    }

    @Test
    void refusesAnEmptyCurrentRowAgainstAReference() {
        assertThatThrownBy(() -> ChiSquareHomogeneity.test(List.of("a", "b"), new long[] {1, 2}, new long[2]))
                .isInstanceOf(MlcycleException.class)
                .hasMessage("current: expected at least one count, all 2 are 0");
    }

    @Test
    void refusesBadArgumentsNamingThem() {
        assertThatThrownBy(() -> ChiSquareHomogeneity.test(List.of("a", "a"), new long[] {1, 2}, new long[] {1, 2}))
                .isInstanceOf(MlcycleException.class)
                .hasMessage("categories[1]: duplicate category \"a\"");
        assertThatThrownBy(() -> ChiSquareHomogeneity.test(
                        List.of("a", ChiSquareHomogeneity.OTHER), new long[] {1, 2}, new long[] {1, 2}))
                .isInstanceOf(MlcycleException.class)
                .hasMessageContaining("categories[1]: \"(other)\" is reserved");
        assertThatThrownBy(() -> ChiSquareHomogeneity.test(List.of("a", "b"), new long[] {1, -2}, new long[] {1, 2}))
                .isInstanceOf(MlcycleException.class)
                .hasMessage("reference[1]: expected a count >= 0, got -2");
        assertThatThrownBy(() -> ChiSquareHomogeneity.test(List.of("a", "b"), new long[] {1, 2}, new long[] {1}))
                .isInstanceOf(MlcycleException.class)
                .hasMessage("current: expected 2 counts (one per bin of reference), got 1");
        assertThatThrownBy(() -> ChiSquareHomogeneity.test(List.of("a"), new long[] {1, 2}, new long[] {1, 2}))
                .isInstanceOf(MlcycleException.class)
                .hasMessage("reference: expected 1 counts (one per category), got 2");
    }

    @Test
    void resultExposesCopiesOfItsRows() {
        ChiSquareResult r = ChiSquareHomogeneity.test(List.of("a", "b"), new long[] {100, 200}, new long[] {150, 150});
        r.reference()[0] = 7;
        assertThat(r.reference()).containsExactly(100, 200);
    }
}
