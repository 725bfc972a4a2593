package dev.mlcycle.datagen.model;

import static dev.mlcycle.datagen.model.ModelSpecs.index;
import static dev.mlcycle.datagen.model.ModelSpecs.levels;
import static dev.mlcycle.datagen.model.ModelSpecs.num;
import static dev.mlcycle.datagen.model.ModelSpecs.slot;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.contracts.spec.DatasetSpec;
import dev.mlcycle.contracts.spec.DatasetSpecs;
import dev.mlcycle.contracts.spec.FeatureSpec;
import dev.mlcycle.contracts.spec.FeatureType;
import java.util.ArrayList;
import java.util.List;

/**
 * The housing dataset ({@code datasets/housing.yaml}): homes put up for sale and the price they sold for, a
 * numeric label (regression). The generative process and the price function are written out in {@code
 * platform/datagen/README.md} ("The housing model"); this class is the executable form of that text, and the
 * two must agree.
 *
 * <p>Draw order: neighborhood, property type, area (type), rooms (area), building age (neighborhood), distance
 * to the centre (neighborhood), garden (type, distance). The price is a mostly linear function of them, with one
 * interaction (a central home's area is worth more), plus Gaussian noise: a linear model learns most of it and
 * trees a little more.
 *
 * <p>The moments and the label's mean and spread are constants calibrated once by {@link #calibrate} ({@code
 * HousingModelCalibration} in the test sources prints them); a test checks that they still match the process.
 */
public final class HousingModel implements DatasetModel {
    /** The class-path resource of the spec. */
    public static final String SPEC_RESOURCE = "datasets/housing.yaml";

    // ---- categorical levels, in spec order ----
    static final String[] NEIGHBORHOODS = {"center", "inner", "suburb", "outskirts"};
    static final double[] NEIGHBORHOOD_P = {0.15, 0.30, 0.35, 0.20};
    static final String[] TYPES = {"apartment", "house", "townhouse"};
    static final double[] TYPE_P = {0.55, 0.30, 0.15};

    static final int CENTER = 0;
    static final int APARTMENT = 0;
    static final int HOUSE = 1;
    static final int TOWNHOUSE = 2;

    /** Median area by property type, m². */
    static final double[] AREA_MEDIAN = {70, 140, 105};
    /** Mean building age by neighborhood, years. */
    static final double[] AGE_MEAN = {70, 45, 25, 20};
    /** Median distance to the centre by neighborhood, km. */
    static final double[] DISTANCE_MEDIAN = {1.5, 4, 9, 18};

    // ---- the base price function, thousands of EUR (README "Price model") ----
    static final double INTERCEPT = 30.0;
    static final double[] NEIGHBORHOOD_OFFSET = {150, 70, 10, 0};
    static final double[] TYPE_OFFSET = {0, 25, 10};
    // ---- the drifted price function, for concept drift ----
    static final double DRIFTED_INTERCEPT = 60.0;
    static final double[] DRIFTED_NEIGHBORHOOD_OFFSET = {75, 50, 30, 20};
    /** The standard deviation of the price around its mean, thousands of EUR. */
    static final double NOISE_SD = 60.0;
    /** Prices are clamped to the spec's range and rounded to this many decimals. */
    static final int PRICE_DECIMALS = 1;

    static final double PRICE_MIN = 5.0;
    static final double PRICE_MAX = 100_000.0;

    // ---- calibrated constants (HousingModelCalibration, 2,000,000 rows, seed 20260101) ----
    // Per numeric feature in spec order: area_m2, rooms, building_age, distance_km.
    static final double[] MEAN = {100.698772, 4.527597, 36.994862, 8.552329};
    static final double[] SD = {45.928761, 1.984237, 22.270102, 6.669670};
    /** Mean and standard deviation of the price of the base population; the R² of the true mean is 0.917. */
    static final double PRICE_MEAN = 409.199888;

    static final double PRICE_SD = 207.733220;

    private static final double[] NEIGHBORHOOD_C = Rng.cumulative(NEIGHBORHOOD_P);
    private static final double[] TYPE_C = Rng.cumulative(TYPE_P);

    private final DatasetSpec spec;
    private final List<FeatureTraits> traits;
    private final int area;
    private final int rooms;
    private final int age;
    private final int distance;
    private final int neighborhood;
    private final int type;
    private final int garden;

    /** The model over the bundled {@code datasets/housing.yaml}. */
    public static HousingModel load() {
        return new HousingModel(DatasetSpecs.loadResource(HousingModel.class.getClassLoader(), SPEC_RESOURCE));
    }

    /**
     * The model over {@code spec}, which must declare the housing features with the expected types and a numeric
     * label (an edited description or an extra range is fine).
     */
    public HousingModel(DatasetSpec spec) {
        this.spec = spec;
        List<String> problems = new ArrayList<>();
        area = slot(spec, "area_m2", FeatureType.NUMERIC, problems);
        rooms = slot(spec, "rooms", FeatureType.INTEGER, problems);
        age = slot(spec, "building_age", FeatureType.INTEGER, problems);
        distance = slot(spec, "distance_km", FeatureType.NUMERIC, problems);
        neighborhood = slot(spec, "neighborhood", FeatureType.CATEGORICAL, problems);
        type = slot(spec, "property_type", FeatureType.CATEGORICAL, problems);
        garden = slot(spec, "has_garden", FeatureType.BOOLEAN, problems);
        levels(spec, "neighborhood", NEIGHBORHOODS, problems);
        levels(spec, "property_type", TYPES, problems);
        if (spec.features().size() != 7) {
            problems.add("expected exactly the 7 housing features, got " + spec.featureNames());
        }
        if (spec.label().isClassification()) {
            problems.add("label: expected a numeric price, got classes "
                    + spec.label().values());
        }
        if (!problems.isEmpty()) {
            throw new MlcycleException(
                    Reason.INVALID_SPEC, "dataset " + spec.name() + " does not fit the housing model: " + problems);
        }
        List<FeatureTraits> t = new ArrayList<>();
        for (FeatureSpec f : spec.features()) {
            t.add(traitsOf(f.name()));
        }
        traits = List.copyOf(t);
    }

    private static FeatureTraits traitsOf(String name) {
        double nan = Double.NaN;
        return switch (name) {
            case "area_m2" -> new FeatureTraits(name, MEAN[0], SD[0], 1, 600, 2000);
            case "rooms" -> new FeatureTraits(name, MEAN[1], SD[1], 0, 15, 30);
            case "building_age" -> new FeatureTraits(name, MEAN[2], SD[2], 0, 150, 300);
            case "distance_km" -> new FeatureTraits(name, MEAN[3], SD[3], 2, 60, 150);
            default -> new FeatureTraits(name, 0, 0, 0, nan, nan);
        };
    }

    @Override
    public DatasetSpec spec() {
        return spec;
    }

    @Override
    public List<FeatureTraits> traits() {
        return traits;
    }

    @Override
    public boolean numericLabel() {
        return true;
    }

    @Override
    public void sample(Rng rng, Object[] row) {
        int hood = rng.categorical(NEIGHBORHOOD_C);
        int kind = rng.categorical(TYPE_C);
        double m2 = FeatureTraits.roundTo(
                clamp(StrictMath.exp(StrictMath.log(AREA_MEDIAN[kind]) + 0.30 * rng.nextGaussian()), 15, 1000), 1);
        long roomCount = Math.round(clamp(m2 / 25.0 + 0.5 + 0.7 * rng.nextGaussian(), 1, 15));
        long years = Math.round(clamp(rng.gaussian(AGE_MEAN[hood], 15), 0, 150));
        double km = FeatureTraits.roundTo(
                clamp(DISTANCE_MEDIAN[hood] * StrictMath.exp(0.30 * rng.nextGaussian()), 0.1, 100), 2);
        double gardenLogit = -1.5 + (kind == HOUSE ? 2.5 : 0.0) + (kind == TOWNHOUSE ? 1.0 : 0.0) + 0.05 * km;
        boolean hasGarden = rng.nextDouble() < DatasetModel.sigmoid(gardenLogit);

        row[area] = m2;
        row[rooms] = roomCount;
        row[age] = years;
        row[distance] = km;
        row[neighborhood] = NEIGHBORHOODS[hood];
        row[type] = TYPES[kind];
        row[garden] = hasGarden;
    }

    /** The mean price in thousands of EUR under the base concept. Null numbers (faulted copies only) count as 0. */
    @Override
    public double mean(Object[] row) {
        return price(row, INTERCEPT, 4.0, NEIGHBORHOOD_OFFSET, 20.0, 0.8);
    }

    /**
     * The mean price under the drifted concept: distance costs more, a garden is worth more, the centre's premium
     * shrinks.
     */
    @Override
    public double driftedMean(Object[] row) {
        return price(row, DRIFTED_INTERCEPT, 10.0, DRIFTED_NEIGHBORHOOD_OFFSET, 60.0, 0.3);
    }

    /** The price function both concepts share, with the terms that differ between them. */
    private double price(
            Object[] row,
            double intercept,
            double distanceCost,
            double[] neighborhoodOffset,
            double gardenValue,
            double centrePremium) {
        double m2 = num(row[area]);
        int hood = index(NEIGHBORHOODS, row[neighborhood]);
        return intercept
                + 3.2 * m2
                + 8.0 * num(row[rooms])
                - 0.6 * num(row[age])
                - distanceCost * num(row[distance])
                + neighborhoodOffset[hood]
                + TYPE_OFFSET[index(TYPES, row[type])]
                + (Boolean.TRUE.equals(row[garden]) ? gardenValue : 0.0)
                + (hood == CENTER ? centrePremium * m2 : 0.0);
    }

    @Override
    public double drawValue(double mean, Rng rng) {
        return FeatureTraits.roundTo(clamp(mean + NOISE_SD * rng.nextGaussian(), PRICE_MIN, PRICE_MAX), PRICE_DECIMALS);
    }

    @Override
    public double labelMean() {
        return PRICE_MEAN;
    }

    @Override
    public double labelSd() {
        return PRICE_SD;
    }

    // The label is a number: there are no classes and no logit.

    @Override
    public double logit(Object[] row) {
        throw noClasses();
    }

    @Override
    public double driftedLogit(Object[] row) {
        throw noClasses();
    }

    @Override
    public String positiveLabel() {
        return null;
    }

    @Override
    public String negativeLabel() {
        return null;
    }

    @Override
    public double baseRate() {
        return Double.NaN;
    }

    private UnsupportedOperationException noClasses() {
        return new UnsupportedOperationException("dataset " + spec.name() + " has a numeric label, not classes");
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    // ---------------------------------------------------------------------------------------------
    // Calibration

    /**
     * The constants this class hard-codes, measured on {@code rows} rows drawn with {@code seed}.
     *
     * @param mean per feature in spec order (NaN for categorical and boolean)
     * @param sd per feature in spec order (NaN for categorical and boolean)
     * @param priceMean the mean of the drawn price
     * @param priceSd the standard deviation of the drawn price
     * @param bayesR2 the R² of the true mean price as a predictor: the best any model can reach
     */
    public record Calibration(double[] mean, double[] sd, double priceMean, double priceSd, double bayesR2) {}

    /** Measures the model's moments and the share of the price's variance the features explain. */
    public Calibration calibrate(int rows, long seed) {
        Rng rng = Rng.stream(seed, "calibration");
        int n = spec.features().size();
        double[] sum = new double[n];
        double[] sumSq = new double[n];
        long[] count = new long[n];
        double priceSum = 0;
        double priceSumSq = 0;
        double residualSq = 0;
        Object[] row = new Object[n];
        for (int r = 0; r < rows; r++) {
            sample(rng, row);
            for (int i = 0; i < n; i++) {
                if (row[i] instanceof Number x) {
                    double v = x.doubleValue();
                    sum[i] += v;
                    sumSq[i] += v * v;
                    count[i]++;
                }
            }
            double mu = mean(row);
            double price = drawValue(mu, rng);
            priceSum += price;
            priceSumSq += price * price;
            residualSq += (price - mu) * (price - mu);
        }
        double[] mean = new double[n];
        double[] sd = new double[n];
        for (int i = 0; i < n; i++) {
            if (count[i] == 0) {
                mean[i] = Double.NaN;
                sd[i] = Double.NaN;
            } else {
                mean[i] = sum[i] / count[i];
                sd[i] = Math.sqrt(Math.max(0.0, sumSq[i] / count[i] - mean[i] * mean[i]));
            }
        }
        double priceMean = priceSum / rows;
        double priceVar = priceSumSq / rows - priceMean * priceMean;
        return new Calibration(mean, sd, priceMean, Math.sqrt(priceVar), 1.0 - residualSq / rows / priceVar);
    }
}
