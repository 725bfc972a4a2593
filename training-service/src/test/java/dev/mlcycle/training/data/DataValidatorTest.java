package dev.mlcycle.training.data;

import static dev.mlcycle.training.data.FrameFixtures.CREDIT;
import static dev.mlcycle.training.data.FrameFixtures.values;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mlcycle.datagen.model.CreditExamples;
import dev.mlcycle.features.check.DataLimits;
import dev.mlcycle.features.check.ValidationReport;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DataValidatorTest {
    private static final DataLimits LIMITS = new DataLimits(100, 0.5, 0.05, 0.0);

    @Test
    void passesGoodData() {
        ValidationReport report =
                new DataValidator(LIMITS).validate(FrameFixtures.credit(1000).build(), List.of());

        assertThat(report.failures()).isEmpty();
        assertThat(report.passed()).isTrue();
        assertThat(report.rows()).isEqualTo(1000);
    }

    @Test
    void failsTooFewRows() {
        ValidationReport report =
                new DataValidator(LIMITS).validate(FrameFixtures.credit(99).build(), List.of());

        assertThat(report.passed()).isFalse();
        assertThat(report.summary()).contains("only 99 labelled rows, at least 100 needed");
    }

    @Test
    void failsANullableFeatureThatWentMostlyMissing() {
        FrameBuilder b = new FrameBuilder(CREDIT);
        for (int i = 0; i < 200; i++) {
            Map<String, Object> f = CreditExamples.features(i);
            if (i % 10 < 6) {
                f.put("income", null);
            }
            b.add("e-" + i, i, values(f), i % 2 == 0 ? "yes" : "no");
        }

        ValidationReport report = new DataValidator(LIMITS).validate(b.build(), List.of());

        assertThat(report.failures()).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo("null-share");
            assertThat(c.field()).isEqualTo("income");
            assertThat(c.value()).isEqualTo(0.6);
            assertThat(c.detail()).contains("income: 60.00% missing (120 of 200 rows), at most 50.00% allowed");
        });
    }

    @Test
    void failsAnyMissingValueOfAFeatureTheSpecSaysIsNotNullable() {
        FrameBuilder b = FrameFixtures.credit(200);
        Map<String, Object> f = CreditExamples.features(1);
        f.put("age", null);
        b.add("odd", 1, values(f), "no");

        ValidationReport report = new DataValidator(LIMITS).validate(b.build(), List.of());

        assertThat(report.failures()).singleElement().satisfies(c -> assertThat(c.detail())
                .contains("age:", "not nullable"));
    }

    @Test
    void failsValuesOutsideTheSpecsRange() {
        FrameBuilder b = FrameFixtures.credit(200);
        Map<String, Object> f = CreditExamples.features(1);
        f.put("utilization", 7.5);
        b.add("odd", 1, values(f), "no");

        ValidationReport report = new DataValidator(LIMITS).validate(b.build(), List.of());

        assertThat(report.failures()).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo("out-of-range");
            assertThat(c.field()).isEqualTo("utilization");
            assertThat(c.detail()).contains("1 of 201 values not inside");
        });
    }

    @Test
    void failsALabelThatBecameAlmostOneClass() {
        FrameBuilder b = new FrameBuilder(CREDIT);
        for (int i = 0; i < 1000; i++) {
            b.add("e-" + i, i, values(CreditExamples.features(i)), i < 10 ? "yes" : "no");
        }

        ValidationReport report = new DataValidator(LIMITS).validate(b.build(), List.of());

        assertThat(report.failures()).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo("class-share");
            assertThat(c.field()).isEqualTo("default=yes");
            assertThat(c.value()).isEqualTo(0.01);
        });
    }

    @Test
    void reportsSchemaProblemsAsFailedChecks() {
        ValidationReport report = new DataValidator(LIMITS)
                .validate(new FrameBuilder(CREDIT).build(), List.of("table events has no column income"));

        assertThat(report.passed()).isFalse();
        assertThat(report.summary()).contains("table events has no column income");
    }
}
