package dev.mlcycle.features.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlcycle.contracts.spec.DatasetSpec;
import dev.mlcycle.contracts.spec.DatasetSpecs;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The feature checks batch scoring and training share, on rows given column by column. */
class FeatureChecksTest {
    private static final DataLimits LIMITS = new DataLimits(1, 0.5, 0.01, 0.0);
    private static final DatasetSpec SPEC = DatasetSpecs.parse(
            """
            name: toy
            key: k
            id: id
            timestamp: ts
            label: { name: y, type: categorical, values: [a, b], arrives: inline }
            features:
              - { name: x, type: numeric, min: 0, nullable: true }
              - { name: n, type: integer, min: 0, max: 10 }
              - { name: c, type: categorical, values: [red, blue], unseen: reject }
            sort: [ts]
            partition: day
            validation: { earliest: "2000-01-01T00:00:00Z", max_future: 1d, unknown_fields: reject }
            """,
            "toy.yaml");

    @Test
    void passesRowsInsideTheSpec() {
        ValidationReport report =
                check(new Object[] {1.0, null, 3.0, 4.0}, new Object[] {0L, 1L, 2L, 10L}, new Object[] {
                    "red", "blue", "red", "red"
                });
        assertThat(report.passed()).as(report.summary()).isTrue();
        assertThat(report.rows()).isEqualTo(4);
    }

    @Test
    void countsIntegerValuesFromTheLakeOutsideTheirRange() {
        // integers arrive from the lake as Long; they must be range-checked like doubles
        ValidationReport report = check(new Object[] {1.0, 2.0}, new Object[] {11L, 2L}, new Object[] {"red", "blue"});
        assertThat(report.passed()).isFalse();
        assertThat(report.failures()).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo("out-of-range");
            assertThat(c.field()).isEqualTo("n");
            assertThat(c.detail()).isEqualTo("n: 1 of 2 values not inside an integer in [0, 10]");
        });
    }

    @Test
    void failsAFeedThatWentMostlyNullAndACategoryTheSpecRejects() {
        ValidationReport report =
                check(new Object[] {null, null, Double.NaN, 1.0}, new Object[] {1L, 1L, 1L, 1L}, new Object[] {
                    "red", "green", "red", "red"
                });
        assertThat(report.failures())
                .extracting(DataCheck::name, DataCheck::field)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("null-share", "x"),
                        org.assertj.core.groups.Tuple.tuple("out-of-range", "c"));
        assertThat(report.summary()).contains("x: 75.00% missing (3 of 4 rows), at most 50.00% allowed");
    }

    @Test
    void failsNoRowsAndSchemaProblems() {
        FeatureChecks checks = new FeatureChecks(SPEC);
        ValidationReport report = checks.report(List.of("table toy.events: column \"x\" differs"), LIMITS);
        assertThat(report.failures()).extracting(DataCheck::name).containsExactly("schema", "row-count");
        assertThat(report.summary()).contains("only 0 rows, at least 1 needed");
    }

    private static ValidationReport check(Object[]... columns) {
        FeatureChecks checks = new FeatureChecks(SPEC);
        int n = columns[0].length;
        checks.rows(n);
        for (int f = 0; f < columns.length; f++) {
            checks.column(f, columns[f], n);
        }
        return checks.report(List.of(), LIMITS);
    }
}
