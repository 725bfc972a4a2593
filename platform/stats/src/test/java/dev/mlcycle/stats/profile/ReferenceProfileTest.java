package dev.mlcycle.stats.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.contracts.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ReferenceProfileTest {
    static final Instant CREATED = Instant.parse("2026-03-01T10:15:30.123456789Z");

    /** A profile whose doubles are awkward to print: thirds, 0.1 + 0.2, subnormals, huge ones. */
    static ReferenceProfile sample(PredictionProfile predictions) {
        SplittableRandom r = new SplittableRandom(1);
        int rows = 20_000;
        double[] income = new double[rows - 3];
        for (int i = 0; i < income.length; i++) {
            income[i] = r.nextGaussian() / 3 * 1e4;
        }
        income[0] = 0.1 + 0.2;
        income[1] = 4.9e-324;
        income[2] = 1.7e308;
        Map<String, FeatureProfile> features = new LinkedHashMap<>();
        features.put("zeta_income", NumericProfile.of(income, 3, ProfileOptions.defaults()));
        features.put(
                "alpha_region",
                CategoricalProfile.of(Map.of("north", 19_000L, "south", 990L), 10, List.of("north", "south", "east")));
        features.put("empty", NumericProfile.of(new double[0], rows, ProfileOptions.defaults()));
        return ReferenceProfile.of("credit", rows, CREATED, features, predictions);
    }

    static ClassificationPredictions binaryPredictions() {
        double[][] p = new double[500][];
        for (int i = 0; i < p.length; i++) {
            double q = (i % 97) / 96.0;
            p[i] = new double[] {1 - q, q};
        }
        return ClassificationPredictions.of(List.of("no", "yes"), p, 1, ProfileOptions.defaults());
    }

    @Test
    void roundTripsExactlyThroughJson() {
        for (PredictionProfile predictions : List.of(
                binaryPredictions(),
                ClassificationPredictions.of(
                        List.of("a", "b", "c"), new double[][] {{0.2, 0.3, 0.5}}, -1, ProfileOptions.defaults()),
                RegressionPredictions.of(new double[] {1.0 / 3, 2.0 / 3, 1e-300}, ProfileOptions.defaults()))) {
            ReferenceProfile p = sample(predictions);
            String json = p.toJson();
            ReferenceProfile back = ReferenceProfile.fromJson(json);
            assertThat(back).isEqualTo(p);
            assertThat(back.toJson()).isEqualTo(json);
            assertThat(back.features().keySet())
                    .as("spec order, not sorted")
                    .containsExactly("zeta_income", "alpha_region", "empty");
            NumericProfile income = (NumericProfile) back.feature("zeta_income").orElseThrow();
            assertThat(income.max()).isEqualTo(1.7e308);
            assertThat(income.sample())
                    .containsExactly(((NumericProfile) p.features().get("zeta_income")).sample());
            assertThat(income.quantileSketch().getN()).isEqualTo(income.count());
        }
    }

    @Test
    void writesSnakeCaseWithTypesAndABase64Sketch() throws Exception {
        ReferenceProfile p = sample(binaryPredictions());
        JsonNode json = Json.mapper().readTree(p.toJson());
        assertThat(json.get("format_version").asInt()).isEqualTo(1);
        assertThat(json.get("created_at").asText()).isEqualTo("2026-03-01T10:15:30.123456789Z");
        JsonNode income = json.get("features").get("zeta_income");
        assertThat(income.get("type").asText()).isEqualTo("numeric");
        List<String> fields = new ArrayList<>();
        income.fieldNames().forEachRemaining(fields::add);
        assertThat(fields)
                .containsExactly(
                        "type", "count", "missing", "min", "max", "mean", "std", "edges", "counts", "sample", "sketch");
        assertThat(Base64.getDecoder().decode(income.get("sketch").asText()))
                .isEqualTo(((NumericProfile) p.features().get("zeta_income")).sketch());
        assertThat(json.get("features").get("empty").has("mean")).isFalse();
        assertThat(json.get("features").get("alpha_region").get("type").asText())
                .isEqualTo("categorical");
        JsonNode predictions = json.get("predictions");
        assertThat(predictions.get("kind").asText()).isEqualTo("classification");
        assertThat(predictions.get("positive_class").asText()).isEqualTo("yes");
        assertThat(predictions.get("predicted_classes").get("counts")).hasSize(2);
        assertThat(predictions.has("positive_probability")).isTrue();
    }

    @Test
    void refusesAnotherFormatVersion() throws Exception {
        ObjectNode json =
                (ObjectNode) Json.mapper().readTree(sample(binaryPredictions()).toJson());
        json.put("format_version", 2);
        assertThatThrownBy(() -> ReferenceProfile.fromJson(json.toString()))
                .isInstanceOf(MlcycleException.class)
                .satisfies(e -> assertThat(((MlcycleException) e).reason()).isEqualTo(Reason.INVALID_RECORD))
                .hasMessageContaining("field \"format_version\": expected 1 (the format this reader knows), got 2");
    }

    @Test
    void namesTheFieldOfAnInconsistentProfile() throws Exception {
        ObjectNode json =
                (ObjectNode) Json.mapper().readTree(sample(binaryPredictions()).toJson());
        ObjectNode income = (ObjectNode) json.get("features").get("zeta_income");
        income.put("count", income.get("count").asLong() + 1);
        assertThatThrownBy(() -> ReferenceProfile.fromJson(json.toString()))
                .isInstanceOf(MlcycleException.class)
                .hasMessageContaining("reference profile")
                .hasMessageContaining("features.zeta_income")
                .hasMessageContaining("expected bin counts summing to count");
    }

    @Test
    void refusesFeatureCountsThatDoNotAddUpToTheRows() {
        Map<String, FeatureProfile> features =
                Map.of("x", NumericProfile.of(new double[] {1, 2}, 0, ProfileOptions.defaults()));
        assertThatThrownBy(() -> ReferenceProfile.of("d", 3, CREATED, features, binaryPredictions()))
                .hasMessageContaining("field \"features.x\": expected count + missing = rows 3, got 2 + 0");
        assertThatThrownBy(() -> ReferenceProfile.of("d", 2, CREATED, features, null))
                .hasMessageContaining("missing field \"predictions\"");
    }

    @Test
    void readsProfilesWithFieldsItDoesNotKnow() throws Exception {
        ReferenceProfile p = sample(binaryPredictions());
        ObjectNode json = (ObjectNode) Json.mapper().readTree(p.toJson());
        json.put("written_by", "a newer mlcycle");
        ((ObjectNode) json.get("features").get("alpha_region")).put("entropy", 0.3);
        assertThat(ReferenceProfile.fromJson(json.toString())).isEqualTo(p);
    }

    @Test
    void refusesGarbageWithAClearError() {
        assertThatThrownBy(() -> ReferenceProfile.fromJson("{\"format_version\":1}"))
                .isInstanceOf(MlcycleException.class)
                .hasMessageContaining("reference profile");
        assertThatThrownBy(() -> ReferenceProfile.fromJson("[]"))
                .isInstanceOf(MlcycleException.class)
                .hasMessageContaining("reference profile");
    }
}
