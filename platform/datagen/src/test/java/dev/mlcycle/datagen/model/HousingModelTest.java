package dev.mlcycle.datagen.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.spec.DatasetSpec;
import dev.mlcycle.contracts.spec.FeatureSpec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HousingModelTest {
    static final HousingModel MODEL = HousingModel.load();
    static final int ROWS = 200_000;
    static final List<Object[]> rows = new ArrayList<>();

    @BeforeAll
    static void sample() {
        Rng rng = Rng.stream(1, "test");
        for (int i = 0; i < ROWS; i++) {
            Object[] row = new Object[7];
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
        HousingModel.Calibration c = MODEL.calibrate(ROWS, 77);
        for (int i = 0; i < 4; i++) {
            FeatureTraits t = MODEL.traits().get(i);
            assertThat(c.mean()[i]).as("mean of %s", t.name()).isCloseTo(t.mean(), within(0.02 * t.sd()));
            assertThat(c.sd()[i]).as("sd of %s", t.name()).isCloseTo(t.sd(), within(0.03 * t.sd()));
        }
        assertThat(c.priceMean()).isCloseTo(MODEL.labelMean(), within(0.02 * MODEL.labelSd()));
        assertThat(c.priceSd()).isCloseTo(MODEL.labelSd(), within(0.03 * MODEL.labelSd()));
        // The features explain most of the price, the noise the rest: a clear target for a regression.
        assertThat(c.bayesR2()).isBetween(0.88, 0.95);
    }

    @Test
    void everyRowIsWithinTheSpec() {
        List<FeatureSpec> fs = MODEL.spec().features();
        for (Object[] row : rows) {
            for (int i = 0; i < fs.size(); i++) {
                FeatureSpec f = fs.get(i);
                Object v = row[i];
                assertThat(v).as(f.name()).isNotNull();
                switch (f.type()) {
                    case NUMERIC -> assertThat(v).isInstanceOf(Double.class);
                    case INTEGER -> assertThat(v).isInstanceOf(Long.class);
                    case CATEGORICAL -> assertThat(f.values()).contains((String) v);
                    case BOOLEAN -> assertThat(v).isInstanceOf(Boolean.class);
                }
                if (f.isNumeric()) {
                    double x = ((Number) v).doubleValue();
                    assertThat(x).as(f.name()).isBetween(f.min(), f.max());
                }
            }
        }
    }

    @Test
    void priceIsANoisyMostlyLinearFunctionOfTheFeatures() {
        Rng rng = Rng.stream(3, "prices");
        double[] sum = new double[4];
        int[] count = new int[4];
        for (Object[] row : rows) {
            double mean = MODEL.mean(row);
            double price = MODEL.drawValue(mean, rng);
            assertThat(price).isBetween(HousingModel.PRICE_MIN, HousingModel.PRICE_MAX);
            assertThat(price * 10).isCloseTo(Math.rint(price * 10), within(1e-6));
            int hood = List.of(HousingModel.NEIGHBORHOODS).indexOf((String) row[slot("neighborhood")]);
            sum[hood] += price;
            count[hood]++;
        }
        // center > inner > suburb > outskirts, on average
        for (int h = 1; h < 4; h++) {
            assertThat(sum[h - 1] / count[h - 1]).isGreaterThan(sum[h] / count[h]);
        }
        Object[] row = rows.get(0).clone();
        row[slot("area_m2")] = 80.0;
        double small = MODEL.mean(row);
        row[slot("area_m2")] = 81.0;
        double bigger = MODEL.mean(row);
        assertThat(bigger - small).isCloseTo("center".equals(row[slot("neighborhood")]) ? 4.0 : 3.2, within(1e-9));
    }

    @Test
    void theDriftedConceptPricesDistanceAndGardensDifferently() {
        Object[] row = rows.get(0).clone();
        row[slot("distance_km")] = 5.0;
        row[slot("has_garden")] = false;
        double near = MODEL.mean(row);
        double nearDrifted = MODEL.driftedMean(row);
        row[slot("distance_km")] = 6.0;
        assertThat(MODEL.mean(row) - near).isCloseTo(-4.0, within(1e-9));
        assertThat(MODEL.driftedMean(row) - nearDrifted).isCloseTo(-10.0, within(1e-9));
        row[slot("has_garden")] = true;
        assertThat(MODEL.driftedMean(row) - MODEL.mean(row)).isNotCloseTo(nearDrifted - near, within(1.0));
    }

    @Test
    void aSpecThatIsNotHousingIsRefusedWithWhatIsWrong() {
        DatasetSpec credit = DatasetModels.forName("credit").spec();
        assertThatThrownBy(() -> new HousingModel(credit))
                .isInstanceOf(MlcycleException.class)
                .hasMessageContaining("does not fit the housing model")
                .hasMessageContaining("missing feature area_m2")
                .hasMessageContaining("label: expected a numeric price");
    }

    @Test
    void itHasNoClasses() {
        assertThat(MODEL.numericLabel()).isTrue();
        assertThatThrownBy(() -> MODEL.logit(rows.get(0)))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("numeric label");
    }
}
