package dev.mlcycle.stats.drift;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Checks every statistic, p-value and distance against {@code drift/golden.json}, written by scipy 1.17 with
 * {@code python3 make_golden.py > golden.json} run in {@code src/test/resources/drift} (the script is beside
 * the file). Tolerance: 1e-12 relative, or 1e-300 absolute for values near 0.
 */
class DriftGoldenTest {
    private static final double RELATIVE = 1e-12;
    private static final double ABSOLUTE = 1e-300;
    private static final JsonNode GOLDEN = load();

    private static JsonNode load() {
        try (InputStream in = DriftGoldenTest.class.getResourceAsStream("/drift/golden.json")) {
            assertThat(in).as("drift/golden.json on the test class path").isNotNull();
            // Python's json writes infinities as Infinity and -Infinity
            return JsonMapper.builder()
                    .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                    .build()
                    .readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static void assertClose(String what, double actual, double expected) {
        double tolerance = Math.max(ABSOLUTE, RELATIVE * Math.abs(expected));
        assertThat(Math.abs(actual - expected))
                .as("%s: got %s, scipy %s", what, actual, expected)
                .isLessThanOrEqualTo(tolerance);
    }

    static double[] doubles(JsonNode node) {
        double[] out = new double[node.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = node.get(i).doubleValue();
        }
        return out;
    }

    static long[] longs(JsonNode node) {
        long[] out = new long[node.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = node.get(i).longValue();
        }
        return out;
    }

    static List<String> texts(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static Stream<DynamicTest> cases(
            String section, Function<JsonNode, org.junit.jupiter.api.function.Executable> check) {
        JsonNode cases = GOLDEN.get(section);
        assertThat(cases).as(section).isNotNull();
        List<DynamicTest> tests = new ArrayList<>();
        cases.forEach(c -> tests.add(DynamicTest.dynamicTest(c.get("name").asText(), check.apply(c))));
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> kolmogorovSmirnovMatchesScipyKs2sampAuto() {
        return cases("ks_2samp", c -> () -> {
            double[] x = doubles(c.get("x"));
            double[] y = doubles(c.get("y"));
            KsResult r = KolmogorovSmirnov.twoSample(x, y);
            assertClose("D", r.statistic(), c.get("statistic").doubleValue());
            assertClose("p", r.pValue(), c.get("p_value").doubleValue());
            assertThat(r.n()).isEqualTo(x.length);
            assertThat(r.m()).isEqualTo(y.length);
            assertThat(r.exact()).isEqualTo(c.get("exact").booleanValue());
            double[] sx = x.clone();
            double[] sy = y.clone();
            java.util.Arrays.sort(sx);
            java.util.Arrays.sort(sy);
            assertThat(KolmogorovSmirnov.twoSampleSorted(sx, sy)).isEqualTo(r);
        });
    }

    @TestFactory
    Stream<DynamicTest> chiSquareMatchesScipyChi2Contingency() {
        return cases("chi2_contingency", c -> () -> {
            ChiSquareResult r = ChiSquareHomogeneity.test(
                    texts(c.get("categories")), longs(c.get("reference")), longs(c.get("current")));
            assertThat(r.columns()).isEqualTo(texts(c.get("columns")));
            assertThat(r.reference()).containsExactly(longs(c.get("merged_reference")));
            assertThat(r.current()).containsExactly(longs(c.get("merged_current")));
            assertThat(r.degreesOfFreedom()).isEqualTo(c.get("dof").intValue());
            assertClose("chi2", r.statistic(), c.get("statistic").doubleValue());
            assertClose("p", r.pValue(), c.get("p_value").doubleValue());
            assertClose("Cramér's V", r.cramersV(), c.get("cramers_v").doubleValue());
        });
    }

    @TestFactory
    Stream<DynamicTest> jensenShannonMatchesScipyBase2() {
        return cases(
                "jensenshannon",
                c -> () -> assertClose(
                        "JS distance",
                        JensenShannon.distanceBase2(longs(c.get("p")), longs(c.get("q"))),
                        c.get("distance").doubleValue()));
    }

    @TestFactory
    Stream<DynamicTest> populationStabilityMatchesNumpy() {
        return cases(
                "psi",
                c -> () -> assertClose(
                        "PSI",
                        PopulationStability.index(longs(c.get("reference")), longs(c.get("current"))),
                        c.get("psi").doubleValue()));
    }

    @TestFactory
    Stream<DynamicTest> benjaminiHochbergMatchesScipyFalseDiscoveryControl() {
        return cases("false_discovery_control", c -> () -> {
            double[] adjusted = BenjaminiHochberg.adjust(doubles(c.get("p_values")));
            double[] want = doubles(c.get("adjusted"));
            assertThat(adjusted).hasSameSizeAs(want);
            for (int i = 0; i < want.length; i++) {
                assertClose("adjusted[" + i + "]", adjusted[i], want[i]);
            }
        });
    }
}
