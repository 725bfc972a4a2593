package dev.mlcycle.stats.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.contracts.spec.DatasetSpec;
import dev.mlcycle.contracts.spec.DatasetSpecs;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProfileBuilderTest {
    static final DatasetSpec SPEC = DatasetSpecs.parse(
            """
            name: loans
            key: customer_id
            id: event_id
            timestamp: event_time
            label: { name: default, type: categorical, values: ["no", "yes"], arrives: delayed }
            features:
              - { name: income, type: numeric, min: 0, nullable: true }
              - { name: age, type: integer, min: 18, max: 100 }
              - { name: region, type: categorical, values: [north, south, east], unseen: allow }
              - { name: has_mortgage, type: boolean, nullable: true }
            sort: [region, event_time]
            partition: day
            """,
            "loans.yaml");

    static Map<String, Object> row(Double income, Long age, String region, Boolean mortgage) {
        Map<String, Object> m = new HashMap<>();
        m.put("income", income);
        m.put("age", age);
        m.put("region", region);
        m.put("has_mortgage", mortgage);
        return m;
    }

    @Test
    void profilesEveryFeatureInSpecOrder() {
        ProfileBuilder b = new ProfileBuilder(SPEC, ProfileOptions.defaults().withBins(2));
        b.add(row(1000.0, 30L, "north", true))
                .add(row(null, 40L, "north", false))
                .add(row(3000.0, 50L, "west", null))
                .add(row(2000.0, 60L, null, true));
        assertThat(b.rows()).isEqualTo(4);
        Map<String, FeatureProfile> f = b.features();
        assertThat(f.keySet()).containsExactly("income", "age", "region", "has_mortgage");

        NumericProfile income = (NumericProfile) f.get("income");
        assertThat(income.count()).isEqualTo(3);
        assertThat(income.missing()).isEqualTo(1);
        assertThat(income.edges()).containsExactly(2000.0);
        assertThat(income.counts()).containsExactly(1, 2);

        NumericProfile age = (NumericProfile) f.get("age");
        assertThat(age.mean()).isEqualTo(45.0);

        CategoricalProfile region = (CategoricalProfile) f.get("region");
        assertThat(region.categories()).containsExactly("north", "south", "east", "west");
        assertThat(region.counts()).containsExactly(2, 0, 0, 1);
        assertThat(region.missing()).isEqualTo(1);

        CategoricalProfile mortgage = (CategoricalProfile) f.get("has_mortgage");
        assertThat(mortgage.categories()).containsExactly("false", "true");
        assertThat(mortgage.counts()).containsExactly(1, 2);
        assertThat(mortgage.missing()).isEqualTo(1);
    }

    @Test
    void treatsAbsentKeysAsMissingAndIgnoresKeysOutsideTheSpec() {
        ProfileBuilder b = new ProfileBuilder(SPEC, ProfileOptions.defaults());
        b.add(Map.of("age", 33L, "not_a_feature", "x"));
        Map<String, FeatureProfile> f = b.features();
        assertThat(f.get("income").missing()).isEqualTo(1);
        assertThat(f.get("income").hasValues()).isFalse();
        assertThat(f.get("age").count()).isEqualTo(1);
        assertThat(f.get("region").missing()).isEqualTo(1);
    }

    @Test
    void profilesAnAllMissingColumnAsNoValues() {
        ProfileBuilder b = new ProfileBuilder(SPEC, ProfileOptions.defaults());
        for (long i = 0; i < 5; i++) {
            b.add(row(null, 20 + i, "east", null));
        }
        NumericProfile income = (NumericProfile) b.features().get("income");
        assertThat(income.count()).isZero();
        assertThat(income.missing()).isEqualTo(5);
        assertThat(income.mean()).isNull();
    }

    @Test
    void refusesAWronglyTypedValueNamingRowAndFeatureAndKeepsNothingOfTheRow() {
        ProfileBuilder b = new ProfileBuilder(SPEC, ProfileOptions.defaults());
        b.add(row(1.0, 20L, "north", true));
        b.add(row(2.0, 21L, "south", false));
        Map<String, Object> bad = row(3.0, 22L, "east", true);
        bad.put("income", "abc");
        assertThatThrownBy(() -> b.add(bad))
                .isInstanceOf(MlcycleException.class)
                .satisfies(e -> assertThat(((MlcycleException) e).reason()).isEqualTo(Reason.SCHEMA_MISMATCH))
                .hasMessage("row 2, feature \"income\": expected a number, got \"abc\"");
        Map<String, Object> badRegion = row(3.0, 22L, "east", true);
        badRegion.put("has_mortgage", "yes");
        assertThatThrownBy(() -> b.add(badRegion))
                .hasMessage("row 2, feature \"has_mortgage\": expected true or false, got \"yes\"");
        Map<String, Object> nan = row(Double.NaN, 22L, "east", true);
        assertThatThrownBy(() -> b.add(nan)).hasMessage("row 2, feature \"income\": expected a finite number, got NaN");
        Map<String, Object> number = row(3.0, 22L, "east", true);
        number.put("region", 7L);
        assertThatThrownBy(() -> b.add(number))
                .hasMessage("row 2, feature \"region\": expected a string, got 7 (Long)");
        assertThat(b.rows()).isEqualTo(2);
        assertThat(b.features().get("region").count())
                .as("nothing of the refused rows")
                .isEqualTo(2);
    }

    @Test
    void buildsAWholeReferenceProfile() {
        ProfileBuilder b = new ProfileBuilder(SPEC, ProfileOptions.defaults());
        b.addAll(List.of(row(1.0, 20L, "north", true), row(2.0, 21L, "south", false)));
        ReferenceProfile p = b.build(
                Instant.parse("2026-03-01T10:00:00Z"),
                RegressionPredictions.of(new double[] {0.5, 1.5}, ProfileOptions.defaults()));
        assertThat(p.dataset()).isEqualTo("loans");
        assertThat(p.rows()).isEqualTo(2);
        assertThat(p.features()).hasSize(4);
        assertThat(ReferenceProfile.fromJson(p.toJson())).isEqualTo(p);
    }
}
