package dev.mlcycle.datagen.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mlcycle.contracts.spec.FeatureSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CreditModelTest {
    static final CreditModel MODEL = CreditModel.load();
    static final int ROWS = 200_000;
    static final List<Object[]> rows = new ArrayList<>();

    @BeforeAll
    static void sample() {
        Rng rng = Rng.stream(1, "test");
        for (int i = 0; i < ROWS; i++) {
            Object[] row = new Object[13];
            MODEL.sample(rng, row);
            rows.add(row);
        }
    }

    static int slot(String name) {
        return MODEL.spec().featureNames().indexOf(name);
    }

    static double d(Object[] row, String name) {
        return ((Number) row[slot(name)]).doubleValue();
    }

    @Test
    void theHardCodedCalibrationStillMatchesTheProcess() {
        CreditModel.Calibration c = MODEL.calibrate(ROWS, 77, 0.15);
        assertThat(c.baseRate()).isCloseTo(MODEL.baseRate(), within(0.004));
        assertThat(c.driftedIntercept()).isCloseTo(CreditModel.DRIFTED_INTERCEPT, within(0.04));
        for (int i = 0; i < 9; i++) {
            FeatureTraits t = MODEL.traits().get(i);
            assertThat(c.mean()[i]).as("mean of %s", t.name()).isCloseTo(t.mean(), within(0.02 * t.sd()));
            assertThat(c.sd()[i]).as("sd of %s", t.name()).isCloseTo(t.sd(), within(0.03 * t.sd()));
        }
    }

    @Test
    void everyRowIsWithinTheSpec() {
        List<FeatureSpec> fs = MODEL.spec().features();
        for (Object[] row : rows) {
            for (int i = 0; i < fs.size(); i++) {
                FeatureSpec f = fs.get(i);
                Object v = row[i];
                if (v == null) {
                    assertThat(f.nullable()).as(f.name()).isTrue();
                    continue;
                }
                switch (f.type()) {
                    case NUMERIC -> assertThat(v).isInstanceOf(Double.class);
                    case INTEGER -> assertThat(v).isInstanceOf(Long.class);
                    case CATEGORICAL -> assertThat(f.values()).contains((String) v);
                    case BOOLEAN -> assertThat(v).isInstanceOf(Boolean.class);
                }
                if (f.isNumeric()) {
                    double x = ((Number) v).doubleValue();
                    if (f.min() != null) {
                        assertThat(x).as(f.name()).isGreaterThanOrEqualTo(f.min());
                    }
                    if (f.max() != null) {
                        assertThat(x).as(f.name()).isLessThanOrEqualTo(f.max());
                    }
                }
            }
        }
    }

    @Test
    void marginalsArePlausible() {
        List<Double> incomes = new ArrayList<>();
        for (Object[] r : rows) {
            incomes.add(d(r, "income"));
            assertThat(d(r, "age")).isBetween(18.0, 85.0);
            assertThat(d(r, "utilization")).isBetween(0.0, 1.2);
            assertThat(d(r, "income") * 100).isCloseTo(Math.rint(d(r, "income") * 100), within(1e-6));
            assertThat(d(r, "debt_ratio") * 10_000).isCloseTo(Math.rint(d(r, "debt_ratio") * 10_000), within(1e-6));
        }
        Collections.sort(incomes);
        assertThat(incomes.get(ROWS / 2)).as("median income").isBetween(35_000.0, 50_000.0);
        double rate = 0;
        for (Object[] r : rows) {
            rate += DatasetModel.sigmoid(MODEL.logit(r));
        }
        assertThat(rate / ROWS).as("base default rate").isBetween(0.10, 0.20);
    }

    @Test
    void monthsEmployedIsNullExactlyForTheUnemployedAndStudents() {
        for (Object[] r : rows) {
            String emp = (String) r[slot("employment")];
            boolean none = emp.equals("unemployed") || emp.equals("student");
            assertThat(r[slot("months_employed")] == null).as(emp).isEqualTo(none);
            if (!none) {
                assertThat(d(r, "months_employed")).isLessThanOrEqualTo((d(r, "age") - 18) * 12);
            }
            assertThat(d(r, "credit_history_months")).isLessThanOrEqualTo((d(r, "age") - 18) * 12 + 12);
        }
    }

    @Test
    void featuresAreCorrelatedAsDocumented() {
        assertThat(correlation("utilization", "delinquencies")).isGreaterThan(0.2);
        assertThat(correlation("age", "credit_history_months")).isGreaterThan(0.5);
        assertThat(correlation("income", "loan_amount")).isGreaterThan(0.1);
        assertThat(meanWhere("income", "employment", "unemployed"))
                .isLessThan(0.6 * meanWhere("income", "employment", "salaried"));
        assertThat(meanWhere("loan_amount", "purpose", "home"))
                .isGreaterThan(5 * meanWhere("loan_amount", "purpose", "car"));
    }

    static double correlation(String a, String b) {
        double sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
        for (Object[] r : rows) {
            double x = d(r, a);
            double y = d(r, b);
            sa += x;
            sb += y;
            saa += x * x;
            sbb += y * y;
            sab += x * y;
        }
        double n = rows.size();
        double cov = sab / n - sa / n * sb / n;
        return cov / Math.sqrt((saa / n - sa / n * sa / n) * (sbb / n - sb / n * sb / n));
    }

    static double meanWhere(String feature, String cat, String level) {
        double s = 0;
        long n = 0;
        for (Object[] r : rows) {
            if (level.equals(r[slot(cat)])) {
                s += d(r, feature);
                n++;
            }
        }
        return s / n;
    }

    @Test
    void theLabelModelHasItsDocumentedInteractions() {
        Object[] row = rows.get(0).clone();
        row[slot("employment")] = "salaried";
        row[slot("utilization")] = 1.0;
        row[slot("delinquencies")] = 0L;
        double noLate = MODEL.logit(row);
        row[slot("delinquencies")] = 2L;
        double late = MODEL.logit(row);
        // 0.40 * 2 + 0.50 * 1.0 * 2
        assertThat(late - noLate).isCloseTo(1.8, within(1e-9));
        // in the drifted concept the interaction flips: 0.40 * 2 - 0.30 * 1.0 * 2
        row[slot("delinquencies")] = 0L;
        double driftedNoLate = MODEL.driftedLogit(row);
        row[slot("delinquencies")] = 2L;
        assertThat(MODEL.driftedLogit(row) - driftedNoLate).isCloseTo(0.2, within(1e-9));

        row[slot("employment")] = "unemployed";
        row[slot("debt_ratio")] = 1.0;
        double unemployed = MODEL.logit(row);
        row[slot("debt_ratio")] = 0.0;
        // 0.90 + 1.50 for the debt_ratio x unemployed interaction
        assertThat(unemployed - MODEL.logit(row)).isCloseTo(2.4, within(1e-9));
    }

    @Test
    void theSameStreamGivesTheSameRows() {
        Rng a = Rng.stream(1, "test");
        Object[] row = new Object[13];
        MODEL.sample(a, row);
        assertThat(row).containsExactly(rows.get(0));
    }
}
