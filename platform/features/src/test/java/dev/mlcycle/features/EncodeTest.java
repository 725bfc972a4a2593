package dev.mlcycle.features;

import static dev.mlcycle.features.Fixtures.toy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.tribuo.Example;
import org.tribuo.Feature;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.provenance.SimpleDataSourceProvenance;

class EncodeTest {
    private static final double SQRT2 = Math.sqrt(2.0);
    private static final double SQRT125 = Math.sqrt(125.0);

    /**
     * x: 1, 3, missing, 5 (median 3; imputed mean 3, std sqrt 2); n: 10..40 (median, mean 25, std sqrt
     * 125); color red/green/missing; size s/m/l; flag true/false/missing; ok true/false.
     */
    private static EncoderState state() {
        return FeatureEncoder.fit(
                Fixtures.toy(),
                List.of(
                        toy(1.0, 10L, "red", "s", true, true),
                        toy(3.0, 20L, "green", "m", false, false),
                        toy(null, 30L, null, "l", null, true),
                        toy(5.0, 40L, "red", "s", true, false)));
    }

    private final FeatureEncoder encoder = FeatureEncoder.of(state());

    @Test
    void encodesEveryKindOfFeature() {
        // x, x.missing, n, color=red, green, __unseen__, __missing__, size=s, m, l, __unseen__, flag, flag.missing, ok
        assertThat(encoder.encode(toy(5.0, 30L, "green", "m", false, true)))
                .containsExactly((5.0 - 3.0) / SQRT2, 0, (30.0 - 25.0) / SQRT125, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 1);
        assertThat(encoder.encode(toy(-1.0, 10L, "red", "l", true, false)))
                .containsExactly((-1.0 - 3.0) / SQRT2, 0, (10.0 - 25.0) / SQRT125, 1, 0, 0, 0, 0, 0, 1, 0, 1, 0, 0);
    }

    @Test
    void imputesTheTrainMedianAndSetsTheMissingFlag() {
        double[] missing = encoder.encode(toy(null, 30L, "red", "s", true, true));
        double[] median = encoder.encode(toy(3.0, 30L, "red", "s", true, true));
        assertThat(missing[0]).isEqualTo(median[0]).isEqualTo(0.0); // median 3 == mean 3
        assertThat(missing[1]).isEqualTo(1.0);
        assertThat(median[1]).isEqualTo(0.0);
    }

    @Test
    void absentKeyIsMissingLikeANullValue() {
        Map<String, Object> absent = toy(null, 30L, "red", "s", true, true);
        absent.remove("x");
        absent.remove("color");
        absent.remove("flag");
        assertThat(encoder.encode(absent)).containsExactly(encoder.encode(toy(null, 30L, null, "s", null, true)));
    }

    @Test
    void missingCategoryGoesToTheMissingColumnAndIsNotCountedAsUnseen() {
        double[] out = encoder.encode(toy(1.0, 30L, null, "s", true, true));
        assertThat(Arrays.copyOfRange(out, 3, 7)).containsExactly(0, 0, 0, 1);
        assertThat(encoder.unseenCount("color")).isZero();
    }

    @Test
    void unseenCategoryGoesToTheUnseenBucketAndIsCounted() {
        double[] out = encoder.encode(toy(1.0, 30L, "purple", "xl", true, true));
        assertThat(Arrays.copyOfRange(out, 3, 7)).containsExactly(0, 0, 1, 0);
        assertThat(Arrays.copyOfRange(out, 7, 11)).containsExactly(0, 0, 0, 1);
        encoder.encode(toy(1.0, 30L, "purple", "s", true, true));
        assertThat(encoder.unseenCount("color")).isEqualTo(2);
        assertThat(encoder.unseenCount("size")).isEqualTo(1);
        assertThat(encoder.unseenCounts()).containsExactly(Map.entry("color", 2L), Map.entry("size", 1L));
    }

    @Test
    void categoriesAreCaseSensitive() {
        double[] out = encoder.encode(toy(1.0, 30L, "Red", "s", true, true));
        assertThat(Arrays.copyOfRange(out, 3, 7)).containsExactly(0, 0, 1, 0);
    }

    @Test
    void missingValueOfANonNullableCategoricalGoesToUnseenAndIsCounted() {
        double[] out = encoder.encode(toy(1.0, 30L, "red", null, true, true));
        assertThat(Arrays.copyOfRange(out, 7, 11)).containsExactly(0, 0, 0, 1);
        assertThat(encoder.unseenCount("size")).isEqualTo(1);
    }

    @Test
    void missingValuesOfNonNullableNumbersAndBooleansAreImputedWithoutAFlag() {
        double[] out = encoder.encode(toy(1.0, null, "red", "s", true, null));
        assertThat(out[2]).isEqualTo(0.0); // median 25 == mean 25
        assertThat(out[13]).isEqualTo(0.0); // ok: missing is false
    }

    @Test
    void encodesBooleansAndTheirMissingFlag() {
        assertThat(Arrays.copyOfRange(encoder.encode(toy(1.0, 30L, "red", "s", true, true)), 11, 14))
                .containsExactly(1, 0, 1);
        assertThat(Arrays.copyOfRange(encoder.encode(toy(1.0, 30L, "red", "s", false, false)), 11, 14))
                .containsExactly(0, 0, 0);
        assertThat(Arrays.copyOfRange(encoder.encode(toy(1.0, 30L, "red", "s", null, false)), 11, 14))
                .containsExactly(0, 1, 0);
    }

    @Test
    void unseenCountersAreExactUnderConcurrentEncoding() throws Exception {
        int threads = 4;
        int perThread = 10_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    double[] out = new double[encoder.width()];
                    for (int i = 0; i < perThread; i++) {
                        encoder.encode(toy(1.0, 30L, i % 2 == 0 ? "purple" : "red", "s", true, true), out);
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(encoder.unseenCount("color")).isEqualTo(threads * perThread / 2);
        assertThat(encoder.unseenCount("size")).isZero();
    }

    @Test
    void aReusedBufferIsOverwrittenCompletely() {
        double[] out = new double[encoder.width()];
        Arrays.fill(out, Double.NaN);
        encoder.encode(toy(1.0, 30L, "purple", "xl", null, true), out);
        encoder.encode(toy(5.0, 30L, "green", "m", false, true), out);
        assertThat(out).containsExactly(encoder.encode(toy(5.0, 30L, "green", "m", false, true)));
    }

    @Test
    void encodesIntoASliceOfABatchMatrix() {
        int w = encoder.width();
        double[] batch = new double[3 * w];
        List<Map<String, Object>> rows = List.of(
                toy(1.0, 10L, "red", "s", true, true),
                toy(null, 20L, null, "m", null, false),
                toy(9.0, 50L, "blue", "l", false, true));
        for (int r = 0; r < rows.size(); r++) {
            encoder.encode(rows.get(r), batch, r * w);
        }
        for (int r = 0; r < rows.size(); r++) {
            assertThat(Arrays.copyOfRange(batch, r * w, (r + 1) * w)).containsExactly(encoder.encode(rows.get(r)));
        }
    }

    @Test
    void refusesAnOutputArrayOfTheWrongSize() {
        Map<String, Object> row = toy(1.0, 10L, "red", "s", true, true);
        assertThatThrownBy(() -> encoder.encode(row, new double[13]))
                .isInstanceOfSatisfying(
                        MlcycleException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_ARGUMENT))
                .hasMessage("encode: the output array has 13 elements, expected 14 (one per feature column)");
        assertThatThrownBy(() -> encoder.encode(row, new double[20], 7))
                .hasMessage("encode: 14 columns do not fit at offset 7 of an array of 20; expected 0 <= offset <= 6");
        assertThatThrownBy(() -> encoder.encode(row, new double[20], -1)).isInstanceOf(MlcycleException.class);
    }

    @Test
    void acceptsEveryFiniteJavaNumberForNumbers() {
        double[] expected = encoder.encode(toy(2.0, 30L, "red", "s", true, true));
        for (Object two : List.<Object>of(2, 2L, 2.0f, (short) 2, (byte) 2, new BigDecimal("2.0"), BigInteger.TWO)) {
            assertThat(encoder.encode(Fixtures.with(toy(2.0, 30L, "red", "s", true, true), "x", two)))
                    .as("x = %s (%s)", two, two.getClass().getSimpleName())
                    .containsExactly(expected);
        }
        assertThat(encoder.encode(Fixtures.with(toy(2.0, 30L, "red", "s", true, true), "n", 30.0)))
                .containsExactly(expected);
    }

    @Test
    void ignoresKeysThatAreNotFeatures() {
        Map<String, Object> row = toy(2.0, 30L, "red", "s", true, true);
        double[] expected = encoder.encode(row);
        row.put("customer_id", "c-1");
        row.put("unknown", List.of(1, 2));
        assertThat(encoder.encode(row)).containsExactly(expected);
    }

    @Test
    void refusesAStringForANumber() {
        assertMismatch(
                Fixtures.with(toy(1.0, 30L, "red", "s", true, true), "x", "12.5"),
                "feature \"x\": expected a number, got the string \"12.5\"");
    }

    @Test
    void refusesNonFiniteNumbers() {
        Map<String, Object> row = toy(1.0, 30L, "red", "s", true, true);
        assertMismatch(
                Fixtures.with(row, "x", Double.NaN),
                "feature \"x\": expected a finite number, got the number NaN (Double)");
        assertMismatch(
                Fixtures.with(row, "n", Double.POSITIVE_INFINITY),
                "feature \"n\": expected a finite number, got the number Infinity (Double)");
        assertMismatch(
                Fixtures.with(row, "x", new BigDecimal("1e400")),
                "feature \"x\": expected a finite number, got the number 1E+400 (BigDecimal)");
    }

    @Test
    void refusesABooleanForANumber() {
        assertMismatch(
                Fixtures.with(toy(1.0, 30L, "red", "s", true, true), "n", true),
                "feature \"n\": expected a number, got the boolean true");
    }

    @Test
    void refusesNonStringsForCategories() {
        Map<String, Object> row = toy(1.0, 30L, "red", "s", true, true);
        assertMismatch(
                Fixtures.with(row, "color", true),
                "feature \"color\": expected a string (a category), got the boolean true");
        assertMismatch(
                Fixtures.with(row, "size", 1),
                "feature \"size\": expected a string (a category), got the number 1 (Integer)");
    }

    @Test
    void refusesNonBooleansForBooleans() {
        Map<String, Object> row = toy(1.0, 30L, "red", "s", true, true);
        assertMismatch(
                Fixtures.with(row, "ok", "true"), "feature \"ok\": expected true or false, got the string \"true\"");
        assertMismatch(
                Fixtures.with(row, "flag", 1), "feature \"flag\": expected true or false, got the number 1 (Integer)");
        assertMismatch(
                Fixtures.with(row, "flag", List.of()),
                "feature \"flag\": expected true or false, got a java.util.ImmutableCollections$ListN");
    }

    @Test
    void shortensLongValuesInErrors() {
        String longText = "a".repeat(500);
        assertThatThrownBy(() -> encoder.encode(Fixtures.with(toy(1.0, 30L, "red", "s", true, true), "x", longText)))
                .hasMessage("feature \"x\": expected a number, got the string \"" + "a".repeat(60) + "...\"");
    }

    @Test
    void buildsATribuoExampleWithEveryColumnIncludingZeros() {
        Map<String, Object> row = toy(5.0, 30L, "green", "m", false, true);
        Example<Label> example = encoder.example(row, new Label("yes"));
        assertThat(example.getOutput()).isEqualTo(new Label("yes"));
        assertThat(example.getWeight()).isEqualTo(1.0f);
        assertThat(example.size()).isEqualTo(encoder.width());
        double[] encoded = encoder.encode(row);
        List<String> names = encoder.featureNames();
        for (int c = 0; c < names.size(); c++) {
            Feature f = example.lookup(names.get(c));
            assertThat(f).as(names.get(c)).isNotNull();
            assertThat(f.getValue()).as(names.get(c)).isEqualTo(encoded[c]);
        }
    }

    @Test
    void predictionExamplesCarryTheUnknownOutput() {
        Example<Label> example = encoder.example(toy(5.0, 30L, "green", "m", false, true), LabelFactory.UNKNOWN_LABEL);
        assertThat(example.getOutput()).isSameAs(LabelFactory.UNKNOWN_LABEL);
    }

    @Test
    void examplesFormATribuoDatasetWithOneFeaturePerColumn() {
        MutableDataset<Label> dataset =
                new MutableDataset<>(new SimpleDataSourceProvenance("toy", new LabelFactory()), new LabelFactory());
        dataset.add(encoder.example(toy(5.0, 30L, "green", "m", false, true), new Label("a")));
        dataset.add(encoder.example(toy(null, 10L, "blue", "l", null, false), new Label("b")));
        assertThat(dataset.size()).isEqualTo(2);
        assertThat(dataset.getFeatureMap().keySet()).containsExactlyInAnyOrderElementsOf(encoder.featureNames());
    }

    @Test
    void refusesAWrongTypeInAnExample() {
        assertThatThrownBy(() ->
                        encoder.example(Fixtures.with(toy(1.0, 30L, "red", "s", true, true), "x", "1"), new Label("a")))
                .isInstanceOfSatisfying(
                        MlcycleException.class, e -> assertThat(e.reason()).isEqualTo(Reason.SCHEMA_MISMATCH));
    }

    @Test
    void unseenCountOfAFeatureThatIsNotCategoricalIsAnError() {
        assertThatThrownBy(() -> encoder.unseenCount("x"))
                .isInstanceOfSatisfying(
                        MlcycleException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_ARGUMENT))
                .hasMessage("\"x\" is not a categorical feature of the encoder; expected one of [color, size]");
    }

    private void assertMismatch(Map<String, Object> row, String message) {
        assertThatThrownBy(() -> encoder.encode(row))
                .isInstanceOfSatisfying(
                        MlcycleException.class, e -> assertThat(e.reason()).isEqualTo(Reason.SCHEMA_MISMATCH))
                .hasMessage(message);
    }
}
