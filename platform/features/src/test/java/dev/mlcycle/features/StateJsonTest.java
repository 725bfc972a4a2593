package dev.mlcycle.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.contracts.json.Json;
import dev.mlcycle.contracts.spec.DatasetSpec;
import dev.mlcycle.contracts.spec.DatasetSpecs;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class StateJsonTest {
    private static final DatasetSpec CREDIT = Fixtures.credit();
    private static List<Map<String, Object>> rows;
    private static EncoderState state;

    @BeforeAll
    static void fitOnGeneratedRows() {
        rows = Fixtures.creditRows(3, 20_000);
        state = FeatureEncoder.fit(CREDIT, rows.subList(0, 15_000));
    }

    @Test
    void reloadedStateEncodesEveryRowBitIdentically() {
        FeatureEncoder original = FeatureEncoder.of(state);
        FeatureEncoder reloaded = FeatureEncoder.of(EncoderState.fromJson(state.toJson()));
        assertThat(reloaded.featureNames()).isEqualTo(original.featureNames());
        double[] a = new double[original.width()];
        double[] b = new double[reloaded.width()];
        long nulls = 0;
        for (Map<String, Object> row : rows) {
            original.encode(row, a);
            reloaded.encode(row, b);
            for (int c = 0; c < a.length; c++) {
                if (Double.doubleToRawLongBits(a[c]) != Double.doubleToRawLongBits(b[c])) {
                    throw new AssertionError(
                            "row " + row + ", column " + original.featureNames().get(c) + ": " + a[c]
                                    + " before saving, " + b[c] + " after loading");
                }
            }
            nulls += row.values().stream().filter(v -> v == null).count();
        }
        // The rows exercise what the state holds: imputation, learned and unseen categories.
        assertThat(nulls).isPositive();
        assertThat(state.feature("purpose").orElseThrow().categories()).contains("travel", "wedding", "medical");
        assertThat(reloaded.unseenCounts()).isEqualTo(original.unseenCounts());
    }

    @Test
    void roundTripGivesAnEqualStateAndTheSameText() {
        EncoderState reloaded = EncoderState.fromJson(state.toJson());
        assertThat(reloaded).isEqualTo(state);
        assertThat(reloaded.toJson()).isEqualTo(state.toJson());
    }

    @Test
    void roundTripKeepsExtremeDoublesExactly() {
        EncoderState extreme = new EncoderState(
                "toy",
                EncoderOptions.defaults(),
                1,
                List.of(
                        FeatureState.numeric(
                                "x",
                                dev.mlcycle.contracts.spec.FeatureType.NUMERIC,
                                true,
                                -0.0,
                                Double.MIN_VALUE,
                                Double.MAX_VALUE,
                                0),
                        FeatureState.numeric(
                                "n",
                                dev.mlcycle.contracts.spec.FeatureType.INTEGER,
                                false,
                                0.1 + 0.2,
                                -1.7976931348623157e308,
                                Math.nextUp(1.0),
                                0)),
                List.of());
        EncoderState reloaded = EncoderState.fromJson(extreme.toJson());
        assertThat(reloaded).isEqualTo(extreme);
        assertThat(Double.doubleToRawLongBits(reloaded.features().get(0).median()))
                .isEqualTo(Double.doubleToRawLongBits(-0.0));
        assertThat(reloaded.features().get(1).median()).isEqualTo(0.30000000000000004);
    }

    @Test
    void jsonCarriesTheFormatVersionAndTheSpecFingerprint() throws Exception {
        JsonNode json = Json.mapper().readTree(state.toJson());
        assertThat(json.get("format").asText()).isEqualTo("mlcycle.features.encoder");
        assertThat(json.get("format_version").asInt()).isEqualTo(1);
        assertThat(json.get("dataset").asText()).isEqualTo("credit");
        assertThat(json.get("fingerprint").asText())
                .isEqualTo("credit(income:numeric,age:integer,debt_ratio:numeric,utilization:numeric,"
                        + "delinquencies:integer,credit_history_months:integer,open_accounts:integer,"
                        + "loan_amount:numeric,months_employed:numeric,region:categorical,employment:categorical,"
                        + "purpose:categorical,has_mortgage:boolean)");
        assertThat(json.get("train_rows").asLong()).isEqualTo(15_000);
        assertThat(json.get("options").toString())
                .isEqualTo("{\"scaling\":\"standard\",\"min_category_count\":10,\"max_categories\":50}");
        JsonNode income = json.get("features").get(0);
        assertThat(income.get("name").asText()).isEqualTo("income");
        assertThat(income.get("type").asText()).isEqualTo("numeric");
        assertThat(income.has("median") && income.has("center") && income.has("scale"))
                .isTrue();
        assertThat(income.has("categories")).isFalse();
        JsonNode region = json.get("features").get(9);
        assertThat(region.get("categories").toString())
                .isEqualTo("[\"north\",\"south\",\"east\",\"west\",\"central\"]");
        assertThat(region.has("median")).isFalse();
        assertThat(json.get("columns").size()).isEqualTo(state.width());
    }

    @Test
    void creditColumnsAreStable() {
        assertThat(state.featureNames())
                .startsWith(
                        "income",
                        "income.missing",
                        "age",
                        "debt_ratio",
                        "utilization",
                        "delinquencies",
                        "credit_history_months",
                        "open_accounts",
                        "loan_amount",
                        "months_employed",
                        "months_employed.missing",
                        "region=north",
                        "region=south",
                        "region=east",
                        "region=west",
                        "region=central",
                        "region=__unseen__",
                        "employment=salaried",
                        "employment=self_employed",
                        "employment=unemployed",
                        "employment=retired",
                        "employment=student",
                        "employment=__unseen__",
                        "purpose=car",
                        "purpose=home",
                        "purpose=education",
                        "purpose=debt_consolidation",
                        "purpose=business",
                        "purpose=other",
                        "purpose=travel")
                .endsWith("purpose=__unseen__", "has_mortgage");
    }

    @Test
    void refusesMalformedJson() {
        assertInvalid(() -> EncoderState.fromJson("{\"format\": "), "encoder state JSON at line 1");
        assertInvalid(() -> EncoderState.fromJson(""), "encoder state JSON: expected a JSON object, got blank text");
        assertInvalid(() -> EncoderState.fromJson("[1]"), "encoder state JSON at line 1");
    }

    @Test
    void refusesAnotherFormat() {
        assertInvalid(
                edit(o -> o.put("format", "tribuo.model")),
                "\"format\" must be \"mlcycle.features.encoder\", got \"tribuo.model\"");
    }

    @Test
    void refusesANewerFormatVersion() {
        assertInvalid(
                edit(o -> o.put("format_version", 2)),
                "format_version 2 is not supported: this build reads version 1 (the state was written by a newer mlcycle)");
    }

    @Test
    void refusesAMissingField() {
        assertInvalid(
                edit(o -> ((ObjectNode) o.get("features").get(0)).remove("median")),
                "\"features[0].median\" is missing");
        assertInvalid(edit(o -> o.remove("train_rows")), "\"train_rows\" is missing");
        assertInvalid(
                edit(o -> ((ObjectNode) o.get("features").get(9)).remove("categories")),
                "\"features[9].categories\" is missing");
    }

    @Test
    void refusesAnImpossibleValue() {
        assertInvalid(
                edit(o -> ((ObjectNode) o.get("features").get(0)).put("scale", 0.0)),
                "features[0]: feature \"income\": scale must be a finite number > 0, got 0.0");
        assertInvalid(
                edit(o -> ((ObjectNode) o.get("features").get(0)).put("type", "text")),
                "features[0].type: expected one of [numeric, integer, categorical, boolean], got \"text\"");
        assertInvalid(
                edit(o -> ((ArrayNode) o.get("features").get(9).get("categories")).add("north")),
                "category \"north\" is listed twice");
        assertInvalid(
                edit(o -> ((ObjectNode) o.get("options")).put("scaling", "minmax")),
                "options.scaling: expected one of [standard, none], got \"minmax\"");
    }

    @Test
    void refusesColumnsOrFingerprintThatDoNotFollowFromTheFeatures() {
        assertInvalid(edit(o -> ((ArrayNode) o.get("columns")).remove(0)), "\"columns\" [income.missing");
        assertInvalid(
                edit(o -> o.put("fingerprint", "credit(income:numeric)")),
                "\"fingerprint\" is \"credit(income:numeric)\" but the features say \"credit(income:numeric,age:integer");
    }

    @Test
    void acceptsTheSpecItWasFittedFor() {
        state.requireCompatible(CREDIT);
        state.requireCompatible(Fixtures.credit());
    }

    @Test
    void acceptsSpecChangesThatDoNotTouchNamesOrTypes() {
        // Another range, another declared category, a nullable feature: the state still encodes these rows.
        String yaml = Fixtures.creditYaml()
                .replace("min: 18, max: 100", "min: 16, max: 110")
                .replace(
                        "values: [north, south, east, west, central]",
                        "values: [north, south, east, west, central, islands]")
                .replace(
                        "{ name: has_mortgage, type: boolean }",
                        "{ name: has_mortgage, type: boolean, nullable: true }");
        state.requireCompatible(DatasetSpecs.parse(yaml, "credit-changed.yaml"));
    }

    @Test
    void refusesAnotherDataset() {
        assertIncompatible(
                Fixtures.creditYaml().replace("name: credit", "name: loans"),
                "the dataset is \"loans\", expected \"credit\"");
    }

    @Test
    void refusesAChangedFeatureType() {
        assertIncompatible(
                Fixtures.creditYaml()
                        .replace(
                                "{ name: age,                   type: integer,  min: 18, max: 100,",
                                "{ name: age, type: numeric, min: 18, max: 100,"),
                "feature \"age\" is numeric in the spec, expected integer");
    }

    @Test
    void refusesARemovedAndAnAddedFeature() {
        String yaml = Fixtures.creditYaml()
                .replace("  - { name: has_mortgage, type: boolean }\n", "  - { name: has_car, type: boolean }\n");
        assertThat(yaml).contains("has_car");
        assertIncompatible(
                yaml,
                "feature \"has_mortgage\" (boolean) is not in the spec; feature \"has_car\" (boolean) is in the spec"
                        + " but the encoder was not fitted with it");
    }

    @Test
    void refusesReorderedFeatures() {
        String yaml = Fixtures.creditYaml();
        String income = yaml.lines()
                        .filter(l -> l.contains("name: income,"))
                        .findFirst()
                        .orElseThrow() + "\n";
        String reordered =
                yaml.replace(income, "").replace("  - { name: has_mortgage", income + "  - { name: has_mortgage");
        assertIncompatible(reordered, "the features are in another order: [age,");
    }

    private static void assertIncompatible(String yaml, String detail) {
        DatasetSpec changed = DatasetSpecs.parse(yaml, "changed.yaml");
        assertThatThrownBy(() -> state.requireCompatible(changed))
                .isInstanceOfSatisfying(
                        MlcycleException.class, e -> assertThat(e.reason()).isEqualTo(Reason.SCHEMA_MISMATCH))
                .hasMessageStartingWith("the feature encoder fitted for credit(income:numeric,")
                .hasMessageContaining(" cannot encode rows of spec " + EncoderState.fingerprintOf(changed) + ": ")
                .hasMessageContaining(detail);
    }

    private static String edit(Consumer<ObjectNode> change) {
        try {
            ObjectNode o = (ObjectNode) Json.mapper().readTree(state.toJson());
            change.accept(o);
            return Json.mapper().writeValueAsString(o);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static void assertInvalid(String json, String detail) {
        assertInvalid(() -> EncoderState.fromJson(json), detail);
    }

    private static void assertInvalid(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String detail) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(
                        MlcycleException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_RECORD))
                .hasMessageStartingWith("encoder state JSON")
                .hasMessageContaining(detail);
    }
}
