package dev.mlcycle.stats.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.SplittableRandom;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class ClassificationMetricsTest {
    static final List<String> YES_NO = List.of("no", "yes");
    static final List<String> ABC = List.of("a", "b", "c");

    static double[][] binary(double... pYes) {
        double[][] rows = new double[pYes.length][];
        for (int i = 0; i < pYes.length; i++) {
            rows[i] = new double[] {1 - pYes[i], pYes[i]};
        }
        return rows;
    }

    static void assertInvalid(ThrowingCallable call, String... fragments) {
        assertThatThrownBy(call)
                .isInstanceOf(MlcycleException.class)
                .satisfies(e -> assertThat(((MlcycleException) e).reason()).isEqualTo(Reason.INVALID_ARGUMENT))
                .hasMessageContainingAll(fragments);
    }

    @Test
    void countsPerClassFromAHandMadeConfusionMatrix() {
        // actual:    a a a b b c
        // predicted: a b a b a a
        int[] actual = {0, 0, 0, 1, 1, 2};
        double[][] p = {
            {0.8, 0.1, 0.1}, {0.2, 0.7, 0.1}, {0.6, 0.2, 0.2}, {0.1, 0.8, 0.1}, {0.5, 0.4, 0.1}, {0.4, 0.3, 0.3}
        };
        ClassificationMetrics m = ClassificationMetrics.of(ABC, actual, p, -1);
        assertThat(m.accuracy()).isEqualTo(3.0 / 6);
        ClassStats a = m.classStats("a").orElseThrow();
        assertThat(a.support()).isEqualTo(3);
        assertThat(a.predicted()).isEqualTo(4);
        assertThat(a.precision()).hasValue(2.0 / 4);
        assertThat(a.recall()).hasValue(2.0 / 3);
        assertThat(a.f1()).hasValue(4.0 / 7);
        ClassStats c = m.classStats("c").orElseThrow();
        assertThat(c.predicted()).isZero();
        assertThat(c.precision()).as("never predicted: undefined, not 0 or NaN").isEmpty();
        assertThat(c.recall()).hasValue(0.0);
        assertThat(c.f1()).hasValue(0.0);
        assertThat(m.f1Macro()).isCloseTo((4.0 / 7 + 1.0 / 2 + 0.0) / 3, within(1e-15));
        assertThat(m.asMap()).doesNotContainKey("precision.c").containsKey("recall.c");
        assertThat(m.rows()).isEqualTo(6);
    }

    @Test
    void predictsTheLowestIndexOnTiedProbabilities() {
        double[][] p = {{0.4, 0.4, 0.2}, {0.25, 0.375, 0.375}, {1.0 / 3, 1.0 / 3, 1.0 / 3}};
        assertThat(Probabilities.argmax(p[0])).isZero();
        assertThat(Probabilities.argmax(p[1])).isEqualTo(1);
        assertThat(Probabilities.argmax(p[2])).isZero();
        ClassificationMetrics m = ClassificationMetrics.of(ABC, new int[] {0, 1, 0}, p, -1);
        assertThat(m.accuracy()).isEqualTo(1.0);
    }

    @Test
    void leavesAucOutWhenTheActualsHoldOneClassNeverNaN() {
        ClassificationMetrics m = ClassificationMetrics.of(YES_NO, new int[] {1, 1, 1}, binary(0.9, 0.2, 0.6), 1);
        assertThat(m.rocAuc()).isEmpty();
        assertThat(m.prAuc()).hasValue(1.0);
        assertThat(m.asMap()).doesNotContainKey("roc_auc");
        assertThat(m.asMap().values()).allMatch(Double::isFinite);

        ClassificationMetrics none = ClassificationMetrics.of(YES_NO, new int[] {0, 0}, binary(0.9, 0.2), 1);
        assertThat(none.rocAuc()).isEmpty();
        assertThat(none.prAuc()).isEmpty();
        assertThat(none.asMap()).doesNotContainKeys("roc_auc", "pr_auc", "recall.yes");
        assertThat(none.asMap().values()).allMatch(Double::isFinite);
    }

    @Test
    void leavesAClassAbsentFromTheActualsOutOfTheMacroAuc() {
        // c never occurs: its one-vs-rest AUC is undefined, the macro mean is over a and b only.
        int[] actual = {0, 1, 0, 1};
        double[][] p = {{0.7, 0.2, 0.1}, {0.2, 0.7, 0.1}, {0.6, 0.3, 0.1}, {0.3, 0.3, 0.4}};
        ClassificationMetrics m = ClassificationMetrics.of(ABC, actual, p, -1);
        assertThat(m.rocAucByClass()).containsOnlyKeys("a", "b");
        assertThat(m.rocAuc())
                .hasValue((m.rocAucByClass().get("a") + m.rocAucByClass().get("b")) / 2);
        assertThat(m.asMap()).containsKeys("roc_auc.a", "roc_auc.b").doesNotContainKeys("roc_auc.c", "pr_auc.c");
    }

    @Test
    void scoresPerfectAndInvertedRankings() {
        int[] actual = {0, 0, 1, 1};
        assertThat(ClassificationMetrics.of(YES_NO, actual, binary(0.1, 0.2, 0.8, 0.9), 1)
                        .rocAuc())
                .hasValue(1.0);
        ClassificationMetrics inverted = ClassificationMetrics.of(YES_NO, actual, binary(0.9, 0.8, 0.2, 0.1), 1);
        assertThat(inverted.rocAuc()).hasValue(0.0);
        // Positives at ranks 3 and 4 of 4: AP = (1/2)(1/3) + (1/2)(2/4).
        assertThat(inverted.prAuc().getAsDouble()).isCloseTo(1.0 / 6 + 1.0 / 4, within(1e-15));
    }

    @Test
    void countsTiesAsOneHalfInTheAuc() {
        // One positive tied with one of two negatives, above the other: U = 1 + 1/2.
        ClassificationMetrics m = ClassificationMetrics.of(YES_NO, new int[] {1, 0, 0}, binary(0.5, 0.5, 0.1), 1);
        assertThat(m.rocAuc()).hasValue(0.75);
        // Both zeros (0.0 and -0.0 would be the same score) tie.
        ClassificationMetrics zeros =
                ClassificationMetrics.of(YES_NO, new int[] {1, 0}, new double[][] {{1.0, -0.0}, {1.0, 0.0}}, 1);
        assertThat(zeros.rocAuc()).hasValue(0.5);
    }

    @Test
    void clipsCertainWrongProbabilitiesInTheLogLoss() {
        ClassificationMetrics m = ClassificationMetrics.of(YES_NO, new int[] {1}, binary(0.0), 1);
        assertThat(m.logLoss()).isCloseTo(-Math.log(1e-15), within(1e-12));
        ClassificationMetrics right = ClassificationMetrics.of(YES_NO, new int[] {1}, binary(1.0), 1);
        assertThat(right.logLoss()).isCloseTo(1e-15, within(1e-17)).isPositive();
    }

    @Test
    void usesTheBinaryBrierWithAPositiveClassAndTheMulticlassOneWithout() {
        int[] actual = {1, 0};
        double[][] p = binary(0.8, 0.4);
        assertThat(ClassificationMetrics.of(YES_NO, actual, p, 1).brier()).isCloseTo((0.04 + 0.16) / 2, within(1e-15));
        assertThat(ClassificationMetrics.of(YES_NO, actual, p, -1).brier()).isCloseTo((0.08 + 0.32) / 2, within(1e-15));
    }

    @Test
    void namesMetricsInAStableOrder() {
        ClassificationMetrics m =
                ClassificationMetrics.of(YES_NO, new int[] {0, 1, 1, 0}, binary(0.3, 0.6, 0.4, 0.2), 1);
        assertThat(m.asMap().keySet())
                .containsExactly(
                        "accuracy",
                        "roc_auc",
                        "pr_auc",
                        "log_loss",
                        "brier",
                        "f1_macro",
                        "precision.no",
                        "recall.no",
                        "f1.no",
                        "precision.yes",
                        "recall.yes",
                        "f1.yes");
        assertThat(m.positiveClass()).hasValue(1);
        assertThat(m.rocAucByClass()).isEmpty();
    }

    @Test
    void evaluatesASingleRow() {
        ClassificationMetrics m = ClassificationMetrics.of(YES_NO, new int[] {0}, binary(0.3), 1);
        assertThat(m.accuracy()).isEqualTo(1.0);
        assertThat(m.rocAuc()).isEmpty();
        assertThat(m.prAuc()).isEmpty();
        assertThat(m.f1Macro()).isEqualTo(1.0);
    }

    @Test
    void agreesWithAQuadraticPairCountOnManyRows() {
        SplittableRandom r = new SplittableRandom(11);
        int n = 3000;
        int[] actual = new int[n];
        double[] pYes = new double[n];
        for (int i = 0; i < n; i++) {
            pYes[i] = Math.round(r.nextDouble() * 50) / 50.0;
            actual[i] = r.nextDouble() < pYes[i] ? 1 : 0;
        }
        double pairs = 0;
        double wins = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (actual[i] == 1 && actual[j] == 0) {
                    pairs++;
                    wins += pYes[i] > pYes[j] ? 1 : pYes[i] == pYes[j] ? 0.5 : 0;
                }
            }
        }
        assertThat(ClassificationMetrics.of(YES_NO, actual, binary(pYes), 1).rocAuc())
                .hasValue(wins / pairs);
    }

    @Test
    void acceptsRowsSummingToOneWithinTolerance() {
        double[][] p = {{0.3, 0.7 + 5e-7}, {0.5, 0.5 - 5e-7}};
        assertThat(ClassificationMetrics.of(YES_NO, new int[] {1, 0}, p, 1).accuracy())
                .isEqualTo(1.0);
    }

    @Test
    void rejectsNaNProbabilityNamingRowAndColumn() {
        double[][] p = {{0.5, 0.5}, {0.5, 0.5}, {0.5, 0.5}, {Double.NaN, 0.5}};
        assertInvalid(
                () -> ClassificationMetrics.of(YES_NO, new int[] {0, 1, 0, 1}, p, 1),
                "probabilities row 3, column 0 (\"no\")",
                "expected a finite probability in [0, 1], got NaN");
    }

    @Test
    void rejectsInfiniteAndOutOfRangeProbabilities() {
        assertInvalid(
                () -> ClassificationMetrics.of(
                        YES_NO, new int[] {0}, new double[][] {{Double.POSITIVE_INFINITY, 0}}, 1),
                "row 0, column 0",
                "got Infinity");
        assertInvalid(
                () -> ClassificationMetrics.of(YES_NO, new int[] {0}, new double[][] {{1.5, -0.5}}, 1),
                "row 0, column 0",
                "got 1.5");
    }

    @Test
    void rejectsRowsThatDoNotSumToOne() {
        assertInvalid(
                () -> ClassificationMetrics.of(YES_NO, new int[] {0, 1}, new double[][] {{0.5, 0.5}, {0.2, 0.3}}, 1),
                "probabilities row 1",
                "expected the row to sum to 1",
                "got 0.5");
    }

    @Test
    void rejectsEmptyInputWithAClearMessage() {
        assertInvalid(() -> ClassificationMetrics.of(YES_NO, new int[0], new double[0][], 1), "no rows to evaluate");
    }

    @Test
    void rejectsMismatchedLengthsAndBadIndices() {
        assertInvalid(
                () -> ClassificationMetrics.of(YES_NO, new int[] {0, 1}, binary(0.5), 1),
                "actual has 2 rows but probabilities has 1");
        assertInvalid(
                () -> ClassificationMetrics.of(YES_NO, new int[] {0, 2}, binary(0.5, 0.5), 1),
                "actual row 1: expected a class index in [0, 2)",
                "got 2");
        assertInvalid(
                () -> ClassificationMetrics.of(YES_NO, new int[] {0}, binary(0.5), 2),
                "positiveClass: expected -1 (macro one-vs-rest) or a class index in [0, 2), got 2");
        assertInvalid(
                () -> ClassificationMetrics.of(YES_NO, new int[] {0}, new double[][] {{1.0}}, 1),
                "probabilities row 0: expected 2 columns",
                "got 1");
    }

    @Test
    void rejectsFewerThanTwoOrDuplicateClasses() {
        assertInvalid(
                () -> ClassificationMetrics.of(List.of("only"), new int[] {0}, new double[][] {{1.0}}, -1),
                "expected at least 2 class names, got 1");
        assertInvalid(
                () -> ClassificationMetrics.of(List.of("x", "x"), new int[] {0}, binary(0.5), 1),
                "classes[1]: duplicate class name \"x\"");
    }

    @Test
    void exposesUndefinedValuesAsEmptyOptionals() {
        ClassificationMetrics m = ClassificationMetrics.of(YES_NO, new int[] {0, 0}, binary(0.1, 0.2), 1);
        Map<String, Double> map = m.asMap();
        assertThat(m.rocAuc()).isEqualTo(OptionalDouble.empty());
        assertThat(map).containsKeys("accuracy", "log_loss", "brier", "f1_macro");
    }
}
