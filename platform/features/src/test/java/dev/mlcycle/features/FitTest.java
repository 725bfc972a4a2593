package dev.mlcycle.features;

import static dev.mlcycle.features.Fixtures.toy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.contracts.spec.DatasetSpec;
import dev.mlcycle.contracts.spec.DatasetSpecs;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FitTest {
    private static final DatasetSpec TOY = Fixtures.toy();

    /** Rows that vary only in x; the other features are fixed and valid. */
    private static List<Map<String, Object>> xs(Double... values) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Double v : values) {
            rows.add(toy(v, 1L, "red", "s", true, false));
        }
        return rows;
    }

    /** Rows that vary only in color. */
    private static List<Map<String, Object>> colors(String... values) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String v : values) {
            rows.add(toy(1.0, 1L, v, "s", true, false));
        }
        return rows;
    }

    private static FeatureState fit(List<Map<String, Object>> rows, String feature, EncoderOptions options) {
        return FeatureEncoder.fit(TOY, rows, options).feature(feature).orElseThrow();
    }

    private static FeatureState fit(List<Map<String, Object>> rows, String feature) {
        return fit(rows, feature, EncoderOptions.defaults());
    }

    @Test
    void fitsExactMedianOfOddCount() {
        assertThat(fit(xs(3.0, 1.0, 2.0), "x").median()).isEqualTo(2.0);
    }

    @Test
    void fitsMedianOfEvenCountAsMidpointOfTheMiddleTwo() {
        assertThat(fit(xs(10.0, 1.0, 3.0, 2.0), "x").median()).isEqualTo(2.5);
    }

    @Test
    void medianIgnoresMissingValuesAndCountsThem() {
        FeatureState x = fit(xs(1.0, null, 5.0, null, 3.0), "x");
        assertThat(x.median()).isEqualTo(3.0);
        assertThat(x.trainMissing()).isEqualTo(2);
    }

    @Test
    void meanAndStdAreOfTheImputedTrainValues() {
        // Non-missing 1, 3, 4: median 3; imputed 1, 3, 3, 4: mean 2.75, population variance 4.75 / 4.
        FeatureState x = fit(xs(1.0, null, 3.0, 4.0), "x");
        assertThat(x.median()).isEqualTo(3.0);
        assertThat(x.center()).isEqualTo(2.75);
        assertThat(x.scale()).isEqualTo(Math.sqrt(1.1875));
    }

    @Test
    void integerFeatureIsImputedAndScaledLikeNumeric() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (long n : new long[] {40, 10, 30, 20}) {
            rows.add(toy(1.0, n, "red", "s", true, false));
        }
        FeatureState n = fit(rows, "n");
        assertThat(n.median()).isEqualTo(25.0);
        assertThat(n.center()).isEqualTo(25.0);
        assertThat(n.scale()).isEqualTo(Math.sqrt(125.0));
    }

    @Test
    void allEqualValuesGetScaleOneAndEncodeToZero() {
        EncoderState state = FeatureEncoder.fit(TOY, xs(7.0, 7.0, 7.0));
        FeatureState x = state.feature("x").orElseThrow();
        assertThat(x.center()).isEqualTo(7.0);
        assertThat(x.scale()).isEqualTo(1.0);
        assertThat(FeatureEncoder.of(state).encode(toy(7.0, 1L, "red", "s", true, false))[0])
                .isEqualTo(0.0);
    }

    @Test
    void singleTrainRowIsItsOwnMedianAndMean() {
        EncoderState state = FeatureEncoder.fit(TOY, xs(-4.5));
        FeatureState x = state.feature("x").orElseThrow();
        assertThat(x.median()).isEqualTo(-4.5);
        assertThat(x.center()).isEqualTo(-4.5);
        assertThat(x.scale()).isEqualTo(1.0);
        assertThat(state.trainRows()).isEqualTo(1);
    }

    @Test
    void featureMissingInEveryTrainRowIsImputedWithZeroAndWarned() {
        EncoderState state = FeatureEncoder.fit(TOY, xs(null, null, null));
        FeatureState x = state.feature("x").orElseThrow();
        assertThat(x.median()).isEqualTo(0.0);
        assertThat(x.center()).isEqualTo(0.0);
        assertThat(x.scale()).isEqualTo(1.0);
        assertThat(x.trainMissing()).isEqualTo(3);
        assertThat(state.warnings())
                .singleElement()
                .asString()
                .contains("\"x\"", "missing in all 3 train rows", "imputed with 0");
    }

    @Test
    void missingFlagColumnsFollowTheSpecNotTheTrainData() {
        // No train row misses x or flag, yet both are nullable in the spec, so both have a flag column.
        EncoderState state = FeatureEncoder.fit(TOY, xs(1.0, 2.0));
        assertThat(state.featureNames())
                .containsExactly(
                        "x",
                        "x.missing",
                        "n",
                        "color=red",
                        "color=green",
                        "color=__unseen__",
                        "color=__missing__",
                        "size=s",
                        "size=m",
                        "size=l",
                        "size=__unseen__",
                        "flag",
                        "flag.missing",
                        "ok");
        assertThat(state.width()).isEqualTo(14);
        assertThat(state.warnings()).isEmpty();
    }

    @Test
    void declaredCategoriesKeepSpecOrderWhateverTheirTrainFrequency() {
        FeatureState color = fit(colors("green", "green", "green", "red"), "color");
        assertThat(color.categories()).containsExactly("red", "green");
    }

    @Test
    void learnsFrequentUndeclaredCategoriesByFrequencyThenName() {
        List<Map<String, Object>> rows = colors(
                "pink", "pink", "pink", "blue", "blue", "blue", "aqua", "aqua", "aqua", "zebra", "zebra", "zebra",
                "zebra", "teal", "red");
        EncoderOptions options =
                EncoderOptions.defaults().withMinCategoryCount(2).withMaxCategories(3);
        FeatureState color = fit(rows, "color", options);
        // zebra (4) first, then the three-way tie at 3 by name: aqua, blue; pink is over the cap of 3.
        assertThat(color.categories()).containsExactly("red", "green", "zebra", "aqua", "blue");
        assertThat(color.trainUnseen()).isEqualTo(3 + 1); // pink x3, teal x1 (below the min count)
        assertThat(FeatureEncoder.fit(TOY, rows, options).featureNames())
                .containsSubsequence(
                        "color=red",
                        "color=green",
                        "color=zebra",
                        "color=aqua",
                        "color=blue",
                        "color=__unseen__",
                        "color=__missing__");
    }

    @Test
    void learnsNothingWhenMaxCategoriesIsZero() {
        FeatureState color = fit(
                colors("pink", "pink", "pink"),
                "color",
                EncoderOptions.defaults().withMinCategoryCount(1).withMaxCategories(0));
        assertThat(color.categories()).containsExactly("red", "green");
        assertThat(color.trainUnseen()).isEqualTo(3);
    }

    @Test
    void categoryBelowMinCountIsNotLearned() {
        FeatureState color = fit(
                colors("pink", "pink", "blue"),
                "color",
                EncoderOptions.defaults().withMinCategoryCount(3));
        assertThat(color.categories()).containsExactly("red", "green");
        assertThat(color.trainUnseen()).isEqualTo(3);
    }

    @Test
    void doesNotLearnCategoriesWhenTheSpecRejectsUnseenValues() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            rows.add(toy(1.0, 1L, "red", "xl", true, false));
        }
        EncoderState state =
                FeatureEncoder.fit(TOY, rows, EncoderOptions.defaults().withMinCategoryCount(1));
        FeatureState size = state.feature("size").orElseThrow();
        assertThat(size.categories()).containsExactly("s", "m", "l");
        assertThat(size.trainUnseen()).isEqualTo(20);
        assertThat(state.warnings())
                .singleElement()
                .asString()
                .contains("\"size\"", "20 train values", "outside the declared [s, m, l]", "__unseen__");
    }

    @Test
    void neverLearnsTheReservedBucketNamesAsCategories() {
        List<Map<String, Object>> rows = colors("__unseen__", "__unseen__", "__missing__", "__missing__", "ok", "ok");
        FeatureState color = fit(rows, "color", EncoderOptions.defaults().withMinCategoryCount(1));
        assertThat(color.categories()).containsExactly("red", "green", "ok");
        assertThat(color.trainUnseen()).isEqualTo(4);
    }

    @Test
    void refusesASpecThatDeclaresAReservedCategory() {
        DatasetSpec spec = DatasetSpecs.parse(
                """
                name: bad
                key: k
                id: id
                timestamp: ts
                label: { name: y, type: categorical, values: [a, b], arrives: inline }
                features:
                  - { name: c, type: categorical, values: [a, __missing__], unseen: allow }
                sort: [ts]
                partition: day
                validation: { earliest: "2000-01-01T00:00:00Z", max_future: 1d, unknown_fields: reject }
                """,
                "bad.yaml");
        assertThatThrownBy(() -> FeatureEncoder.fit(spec, List.of(Fixtures.row("c", "a"))))
                .isInstanceOfSatisfying(
                        MlcycleException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_SPEC))
                .hasMessageContaining("feature \"c\"")
                .hasMessageContaining("\"__missing__\" is reserved");
    }

    @Test
    void noScalingLeavesImputedValuesUnchanged() {
        EncoderState state = FeatureEncoder.fit(
                TOY, xs(1.0, 2.0, null), EncoderOptions.defaults().withScaling(Scaling.NONE));
        FeatureState x = state.feature("x").orElseThrow();
        assertThat(x.center()).isEqualTo(0.0);
        assertThat(x.scale()).isEqualTo(1.0);
        FeatureEncoder encoder = FeatureEncoder.of(state);
        assertThat(encoder.encode(toy(1234.5, 1L, "red", "s", true, false))[0]).isEqualTo(1234.5);
        assertThat(encoder.encode(toy(null, 1L, "red", "s", true, false))[0]).isEqualTo(1.5);
    }

    @Test
    void hugeValuesGiveFiniteStatisticsAndEncodings() {
        EncoderState state = FeatureEncoder.fit(TOY, xs(1.7e308, 1.6e308, -1.7e308, 1.5e308));
        FeatureState x = state.feature("x").orElseThrow();
        assertThat(x.median()).isEqualTo(1.55e308, within(1e294)); // midpoint without overflowing the sum
        double[] units = {1.7, 1.6, -1.7, 1.5};
        double mean = (1.7 + 1.6 - 1.7 + 1.5) / 4;
        double ss = 0;
        for (double u : units) {
            ss += (u - mean) * (u - mean);
        }
        assertThat(x.center()).isCloseTo(mean * 1e308, withinPercentage(1e-9));
        assertThat(x.scale()).isCloseTo(Math.sqrt(ss / 4) * 1e308, withinPercentage(1e-9));
        double[] encoded = FeatureEncoder.of(state).encode(toy(-1.79e308, 1L, "red", "s", true, false));
        assertThat(encoded[0]).isFinite().isNegative();
    }

    @Test
    void tinyValuesKeepAPositiveScale() {
        EncoderState state = FeatureEncoder.fit(TOY, xs(1e-300, 2e-300, 3e-300));
        FeatureState x = state.feature("x").orElseThrow();
        assertThat(x.center()).isCloseTo(2e-300, withinPercentage(1e-9));
        assertThat(x.scale()).isCloseTo(Math.sqrt(2.0 / 3.0) * 1e-300, withinPercentage(1e-9));
    }

    @Test
    void negativeValuesAndNegativeZero() {
        FeatureState x = fit(xs(-3.0, -0.0, -1.0, -2.0), "x");
        assertThat(x.median()).isEqualTo(-1.5);
        assertThat(x.center()).isEqualTo(-1.5);
        assertThat(x.scale()).isEqualTo(Math.sqrt(1.25));
    }

    @Test
    void fitsOnTheTrainRowsOnly() {
        List<Map<String, Object>> train = new ArrayList<>(xs(1.0, 2.0, 3.0, null));
        train.addAll(colors("pink", "pink"));
        EncoderOptions options = EncoderOptions.defaults().withMinCategoryCount(2);
        EncoderState state = FeatureEncoder.fit(TOY, train, options);
        String before = state.toJson();

        FeatureEncoder encoder = FeatureEncoder.of(state);
        Map<String, Object> farOut = toy(1e12, 999_999L, "never_seen", "s", null, true);
        for (int i = 0; i < 100; i++) {
            encoder.encode(farOut);
        }
        assertThat(encoder.state()).isEqualTo(state);
        assertThat(state.toJson()).isEqualTo(before);
        assertThat(state.feature("x").orElseThrow().median()).isEqualTo(1.0); // 1, 2, 3, 1, 1

        // The same fit with the far-out rows in the train split does change: the check above can fail.
        List<Map<String, Object>> leaked = new ArrayList<>(train);
        leaked.addAll(Collections.nCopies(100, farOut));
        EncoderState leakedState = FeatureEncoder.fit(TOY, leaked, options);
        assertThat(leakedState.feature("x").orElseThrow().center())
                .isNotEqualTo(state.feature("x").orElseThrow().center());
        assertThat(leakedState.feature("color").orElseThrow().categories()).contains("never_seen");
    }

    @Test
    void refusesAnEmptyTrainSplit() {
        assertThatThrownBy(() -> FeatureEncoder.fit(TOY, List.of()))
                .isInstanceOfSatisfying(
                        MlcycleException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_ARGUMENT))
                .hasMessage("cannot fit the feature encoder of dataset \"toy\": the train split is empty;"
                        + " expected at least one row");
    }

    @Test
    void refusesANullTrainRow() {
        List<Map<String, Object>> rows = new ArrayList<>(xs(1.0));
        rows.add(null);
        assertThatThrownBy(() -> FeatureEncoder.fit(TOY, rows))
                .isInstanceOfSatisfying(
                        MlcycleException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_ARGUMENT))
                .hasMessageContaining("train row 1: the row is null");
    }

    @Test
    void namesTheRowAndFeatureOfAWrongTypeInTheTrainSplit() {
        List<Map<String, Object>> rows = new ArrayList<>(xs(1.0, 2.0));
        rows.add(Fixtures.with(rows.get(0), "x", "abc"));
        assertThatThrownBy(() -> FeatureEncoder.fit(TOY, rows))
                .isInstanceOfSatisfying(
                        MlcycleException.class, e -> assertThat(e.reason()).isEqualTo(Reason.SCHEMA_MISMATCH))
                .hasMessage("dataset \"toy\", train row 2: feature \"x\": expected a number, got the string \"abc\"");
    }

    @Test
    void refusesANonFiniteNumberInTheTrainSplit() {
        assertThatThrownBy(() -> FeatureEncoder.fit(TOY, xs(1.0, Double.NaN)))
                .isInstanceOfSatisfying(
                        MlcycleException.class, e -> assertThat(e.reason()).isEqualTo(Reason.SCHEMA_MISMATCH))
                .hasMessageContaining("train row 1: feature \"x\": expected a finite number, got the number NaN");
    }

    @Test
    void warnsWhenANonNullableFeatureIsMissingInTrainRows() {
        List<Map<String, Object>> rows = new ArrayList<>(xs(1.0, 2.0));
        rows.add(Fixtures.with(rows.get(0), "n", null));
        EncoderState state = FeatureEncoder.fit(TOY, rows);
        assertThat(state.feature("n").orElseThrow().median()).isEqualTo(1.0);
        assertThat(state.warnings())
                .singleElement()
                .asString()
                .contains("\"n\" is not nullable", "missing in 1 of 3 train rows");
    }

    @Test
    void refusesBadOptions() {
        assertThatThrownBy(() -> EncoderOptions.defaults().withMinCategoryCount(0))
                .isInstanceOfSatisfying(
                        MlcycleException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_ARGUMENT))
                .hasMessage("encoder options: minCategoryCount must be >= 1, got 0");
        assertThatThrownBy(() -> EncoderOptions.defaults().withMaxCategories(-1))
                .hasMessage("encoder options: maxCategories must be >= 0, got -1");
        assertThatThrownBy(() -> new EncoderOptions(null, 1, 1)).hasMessageContaining("scaling is required");
    }
}
