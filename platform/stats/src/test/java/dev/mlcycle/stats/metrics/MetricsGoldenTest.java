package dev.mlcycle.stats.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlcycle.contracts.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Checks every metric against {@code golden/metrics.json}, written by {@code golden/metrics_golden.py}
 * (numpy/scipy, an independent implementation; its docstring has the command). Values agree to 1e-9
 * (relative above 1); a metric the golden file leaves out must be absent here too.
 */
class MetricsGoldenTest {
    static final double TOLERANCE = 1e-9;

    static JsonNode golden(String resource) {
        try (InputStream in = MetricsGoldenTest.class.getResourceAsStream("/golden/" + resource)) {
            assertThat(in).as("golden resource %s", resource).isNotNull();
            return Json.mapper().readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<String> strings(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.forEach(n -> out.add(n.asText()));
        return out;
    }

    static int[] ints(JsonNode node) {
        int[] out = new int[node.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = node.get(i).asInt();
        }
        return out;
    }

    static double[] doubles(JsonNode node) {
        double[] out = new double[node.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = node.get(i).doubleValue();
        }
        return out;
    }

    static double[][] matrix(JsonNode node) {
        double[][] out = new double[node.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = doubles(node.get(i));
        }
        return out;
    }

    static Map<String, Double> expected(JsonNode node) {
        Map<String, Double> out = new TreeMap<>();
        node.properties().forEach(e -> out.put(e.getKey(), e.getValue().doubleValue()));
        return out;
    }

    static void assertMetrics(Map<String, Double> actual, Map<String, Double> expected) {
        assertThat(new TreeMap<>(actual).keySet())
                .as("metric names (absent ones must be absent)")
                .containsExactlyElementsOf(expected.keySet());
        expected.forEach((name, want) -> {
            double got = actual.get(name);
            assertThat(Math.abs(got - want))
                    .as("%s: got %s, expected %s", name, got, want)
                    .isLessThanOrEqualTo(TOLERANCE * Math.max(1, Math.abs(want)));
        });
    }

    static Stream<JsonNode> cases(String kind) {
        List<JsonNode> out = new ArrayList<>();
        golden("metrics.json").get("cases").forEach(c -> {
            if (c.get("kind").asText().equals(kind)) {
                out.add(c);
            }
        });
        return out.stream();
    }

    @TestFactory
    Stream<DynamicTest> classificationMatchesScipy() {
        return cases("classification")
                .map(c -> DynamicTest.dynamicTest(c.get("name").asText(), () -> {
                    ClassificationMetrics m = ClassificationMetrics.of(
                            strings(c.get("classes")),
                            ints(c.get("actual")),
                            matrix(c.get("probabilities")),
                            c.get("positive_class").asInt());
                    assertMetrics(m.asMap(), expected(c.get("expected")));
                }));
    }

    @TestFactory
    Stream<DynamicTest> regressionMatchesNumpy() {
        return cases("regression")
                .map(c -> DynamicTest.dynamicTest(c.get("name").asText(), () -> {
                    RegressionMetrics m = RegressionMetrics.of(doubles(c.get("actual")), doubles(c.get("predicted")));
                    assertMetrics(m.asMap(), expected(c.get("expected")));
                }));
    }

    @Test
    void goldenFileCoversTheEdgeCases() {
        List<String> names = new ArrayList<>();
        golden("metrics.json").get("cases").forEach(c -> names.add(c.get("name").asText()));
        assertThat(names)
                .contains(
                        "binary_all_positive",
                        "binary_all_negative",
                        "binary_perfect_ranking",
                        "binary_inverted_ranking",
                        "binary_many_ties",
                        "binary_all_scores_tied",
                        "single_row",
                        "multiclass_class_absent_from_actuals",
                        "regression_constant_actuals",
                        "regression_single_row");
    }
}
