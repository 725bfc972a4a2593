package dev.mlcycle.stats.profile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlcycle.contracts.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Checks bin edges, bin counts and moments against {@code golden/profile.json}, written by {@code
 * golden/profile_golden.py} (numpy; its docstring has the command and the quantile method: numpy's
 * {@code inverted_cdf} taken as its right limit). Edges, counts, min and max must be identical; mean
 * and std agree to 1e-9 relative.
 */
class NumericProfileGoldenTest {

    static JsonNode golden() {
        try (InputStream in = NumericProfileGoldenTest.class.getResourceAsStream("/golden/profile.json")) {
            assertThat(in).isNotNull();
            return Json.mapper().readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
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

    @TestFactory
    Stream<DynamicTest> edgesAndCountsMatchNumpy() {
        List<DynamicTest> tests = new ArrayList<>();
        golden().get("cases")
                .forEach(c -> tests.add(DynamicTest.dynamicTest(c.get("name").asText(), () -> {
                    double[] values = doubles(c.get("values"));
                    JsonNode want = c.get("expected");
                    NumericProfile p = NumericProfile.of(
                            values,
                            0,
                            ProfileOptions.defaults().withBins(c.get("bins").asInt()));
                    assertThat(p.edges()).containsExactly(doubles(want.get("edges")));
                    assertThat(p.counts()).containsExactly(longs(want.get("counts")));
                    assertThat(p.min()).isEqualTo(want.get("min").doubleValue());
                    assertThat(p.max()).isEqualTo(want.get("max").doubleValue());
                    assertRelative(
                            p.mean(),
                            want.get("mean").doubleValue(),
                            want.get("std").doubleValue(),
                            "mean");
                    assertRelative(
                            p.std(),
                            want.get("std").doubleValue(),
                            want.get("std").doubleValue(),
                            "std");
                    // binOf puts every training value in the bin its count says.
                    long[] recount = new long[p.bins()];
                    for (double v : values) {
                        recount[p.binOf(v)]++;
                    }
                    assertThat(recount).containsExactly(longs(want.get("counts")));
                })));
        return tests.stream();
    }

    /** |got - want| <= 1e-9 relative to the larger of |want| and the spread (a mean near 0). */
    private static void assertRelative(double got, double want, double spread, String what) {
        double scale = Math.max(Math.abs(want), spread);
        assertThat(Math.abs(got - want))
                .as("%s: got %s, expected %s", what, got, want)
                .isLessThanOrEqualTo(scale == 0 ? 0 : 1e-9 * scale);
    }
}
