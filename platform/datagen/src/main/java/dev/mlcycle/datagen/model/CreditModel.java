package dev.mlcycle.datagen.model;

import static dev.mlcycle.datagen.model.ModelSpecs.index;
import static dev.mlcycle.datagen.model.ModelSpecs.levels;
import static dev.mlcycle.datagen.model.ModelSpecs.num;
import static dev.mlcycle.datagen.model.ModelSpecs.slot;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.contracts.spec.DatasetSpec;
import dev.mlcycle.contracts.spec.DatasetSpecs;
import dev.mlcycle.contracts.spec.FeatureType;
import java.util.ArrayList;
import java.util.List;

/**
 * The credit dataset ({@code datasets/credit.yaml}): loan applications and whether the loan defaulted.
 * The generative process and the label function are written out in {@code platform/datagen/README.md};
 * this class is the executable form of that text, and the two must agree.
 *
 * <p>Draw order: region, employment, age (given employment), income (age, employment), months employed
 * (age, employment), credit history (age), mortgage (age, income), open accounts (history, mortgage),
 * utilization (employment, income), delinquencies (utilization, employment), debt ratio (utilization,
 * income, mortgage), purpose, loan amount (purpose, income).
 *
 * <p>The moments, the base default rate and the intercept of the drifted concept are constants
 * calibrated once by {@link #calibrate} ({@code CreditModelCalibration}, a main in the test sources, prints them); a
 * test checks that they still match the process.
 */
public final class CreditModel implements DatasetModel {
    /** The class-path resource of the spec. */
    public static final String SPEC_RESOURCE = "datasets/credit.yaml";

    // ---- categorical levels, in spec order ----
    static final String[] REGIONS = {"north", "south", "east", "west", "central"};
    static final double[] REGION_P = {0.22, 0.24, 0.18, 0.20, 0.16};
    static final String[] EMPLOYMENTS = {"salaried", "self_employed", "unemployed", "retired", "student"};
    static final double[] EMPLOYMENT_P = {0.58, 0.12, 0.07, 0.15, 0.08};
    static final String[] PURPOSES = {"car", "home", "education", "debt_consolidation", "business", "other"};
    static final double[] PURPOSE_P = {0.25, 0.15, 0.10, 0.28, 0.07, 0.15};

    static final int SALARIED = 0;
    static final int SELF_EMPLOYED = 1;
    static final int UNEMPLOYED = 2;
    static final int RETIRED = 3;
    static final int STUDENT = 4;

    /** Age given employment: mean, sd, lowest, highest (a normal truncated by redrawing). */
    static final double[][] AGE = {
        {41, 11, 20, 70}, {45, 11, 21, 78}, {38, 13, 18, 70}, {69, 6, 55, 85}, {22, 3, 18, 35}
    };
    /** log income offset and spread by employment. */
    static final double[] INCOME_OFFSET = {0.05, 0.15, -0.90, -0.35, -1.10};

    static final double[] INCOME_SIGMA = {0.40, 0.65, 0.50, 0.40, 0.45};
    /** Median loan by purpose, EUR. */
    static final double[] LOAN_BASE = {15_000, 150_000, 12_000, 10_000, 40_000, 5_000};

    static final double LN_45K = StrictMath.log(45_000.0);

    // ---- the base concept (README "Label model") ----
    static final double INTERCEPT = -3.372;
    static final double[] REGION_OFFSET = {-0.15, 0.20, 0.10, -0.05, 0.0};
    static final double[] EMPLOYMENT_OFFSET = {0.0, 0.25, 0.50, -0.10, 0.30};
    static final double[] PURPOSE_OFFSET = {0.0, -0.20, 0.10, 0.20, 0.35, 0.10};
    // ---- the drifted concept ----
    static final double DRIFTED_INTERCEPT = -3.286463;
    static final double[] DRIFTED_REGION_OFFSET = {0.25, -0.15, -0.05, 0.15, 0.0};

    // ---- calibrated constants (CreditModelCalibration, 2,000,000 rows, seed 20260101) ----
    static final double BASE_RATE = 0.149929;
    // Per numeric feature in spec order: income, age, debt_ratio, utilization, delinquencies,
    // credit_history_months, open_accounts, loan_amount, months_employed (over non-null values).
    static final double[] MEAN = {
        43695.338321, 44.443318, 0.389870, 0.429761, 0.328593, 211.269260, 3.932020, 35817.085433, 133.625301
    };
    static final double[] SD = {
        28768.845702, 14.956393, 0.225537, 0.259318, 0.633301, 135.842913, 2.783746, 68150.929258, 132.865663
    };

    private static final double[] REGION_C = Rng.cumulative(REGION_P);
    private static final double[] EMPLOYMENT_C = Rng.cumulative(EMPLOYMENT_P);
    private static final double[] PURPOSE_C = Rng.cumulative(PURPOSE_P);

    private final DatasetSpec spec;
    private final List<FeatureTraits> traits;
    private final String positive;
    private final String negative;
    // Feature slots in the spec's order.
    private final int income;
    private final int age;
    private final int debtRatio;
    private final int utilization;
    private final int delinquencies;
    private final int history;
    private final int openAccounts;
    private final int loanAmount;
    private final int monthsEmployed;
    private final int region;
    private final int employment;
    private final int purpose;
    private final int mortgage;

    /** The model over the bundled {@code datasets/credit.yaml}. */
    public static CreditModel load() {
        return new CreditModel(DatasetSpecs.loadResource(CreditModel.class.getClassLoader(), SPEC_RESOURCE));
    }

    /**
     * The model over {@code spec}, which must declare the credit features with the expected types (an
     * edited description or an extra range is fine).
     */
    public CreditModel(DatasetSpec spec) {
        this.spec = spec;
        List<String> problems = new ArrayList<>();
        income = slot(spec, "income", FeatureType.NUMERIC, problems);
        age = slot(spec, "age", FeatureType.INTEGER, problems);
        debtRatio = slot(spec, "debt_ratio", FeatureType.NUMERIC, problems);
        utilization = slot(spec, "utilization", FeatureType.NUMERIC, problems);
        delinquencies = slot(spec, "delinquencies", FeatureType.INTEGER, problems);
        history = slot(spec, "credit_history_months", FeatureType.INTEGER, problems);
        openAccounts = slot(spec, "open_accounts", FeatureType.INTEGER, problems);
        loanAmount = slot(spec, "loan_amount", FeatureType.NUMERIC, problems);
        monthsEmployed = slot(spec, "months_employed", FeatureType.NUMERIC, problems);
        region = slot(spec, "region", FeatureType.CATEGORICAL, problems);
        employment = slot(spec, "employment", FeatureType.CATEGORICAL, problems);
        purpose = slot(spec, "purpose", FeatureType.CATEGORICAL, problems);
        mortgage = slot(spec, "has_mortgage", FeatureType.BOOLEAN, problems);
        levels(spec, "region", REGIONS, problems);
        levels(spec, "employment", EMPLOYMENTS, problems);
        levels(spec, "purpose", PURPOSES, problems);
        if (spec.features().size() != 13) {
            problems.add("expected exactly the 13 credit features, got " + spec.featureNames());
        }
        if (!spec.label().isClassification() || spec.label().values().size() != 2) {
            problems.add(
                    "label: expected two classes [no, yes], got " + spec.label().values());
        }
        if (!problems.isEmpty()) {
            throw new MlcycleException(
                    Reason.INVALID_SPEC, "dataset " + spec.name() + " does not fit the credit model: " + problems);
        }
        negative = spec.label().values().get(0);
        positive = spec.label().values().get(1);
        List<FeatureTraits> t = new ArrayList<>();
        for (int i = 0; i < spec.features().size(); i++) {
            t.add(traitsOf(spec.features().get(i).name()));
        }
        traits = List.copyOf(t);
    }

    private FeatureTraits traitsOf(String name) {
        double nan = Double.NaN;
        return switch (name) {
            case "income" -> new FeatureTraits(name, MEAN[0], SD[0], 2, 1_000_000, 5_000_000);
            case "age" -> new FeatureTraits(name, MEAN[1], SD[1], 0, 90, 100);
            case "debt_ratio" -> new FeatureTraits(name, MEAN[2], SD[2], 4, 5, 20);
            case "utilization" -> new FeatureTraits(name, MEAN[3], SD[3], 4, 1.5, 2.0);
            case "delinquencies" -> new FeatureTraits(name, MEAN[4], SD[4], 0, 20, 60);
            case "credit_history_months" -> new FeatureTraits(name, MEAN[5], SD[5], 0, 850, 1000);
            case "open_accounts" -> new FeatureTraits(name, MEAN[6], SD[6], 0, 60, 200);
            case "loan_amount" -> new FeatureTraits(name, MEAN[7], SD[7], 2, 2_000_000, 10_000_000);
            case "months_employed" -> new FeatureTraits(name, MEAN[8], SD[8], 0, 700, 900);
            default -> new FeatureTraits(name, 0, 0, 0, nan, nan);
        };
    }

    @Override
    public DatasetSpec spec() {
        return spec;
    }

    @Override
    public String positiveLabel() {
        return positive;
    }

    @Override
    public String negativeLabel() {
        return negative;
    }

    @Override
    public double baseRate() {
        return BASE_RATE;
    }

    @Override
    public List<FeatureTraits> traits() {
        return traits;
    }

    @Override
    public void sample(Rng rng, Object[] row) {
        int reg = rng.categorical(REGION_C);
        int emp = rng.categorical(EMPLOYMENT_C);

        double[] a = AGE[emp];
        long ageYears = Math.round(rng.gaussian(a[0], a[1]));
        for (int tries = 0; (ageYears < a[2] || ageYears > a[3]) && tries < 64; tries++) {
            ageYears = Math.round(rng.gaussian(a[0], a[1]));
        }
        ageYears = Math.max((long) a[2], Math.min((long) a[3], ageYears));
        double centred = ageYears - 40.0;

        double logIncome = 10.70
                + INCOME_OFFSET[emp]
                + 0.018 * centred
                - 0.0006 * centred * centred
                + INCOME_SIGMA[emp] * rng.nextGaussian();
        double incomeEur = FeatureTraits.roundTo(StrictMath.exp(logIncome), 2);
        double relIncome = logIncome - LN_45K;

        Double months = null;
        if (emp != UNEMPLOYED && emp != STUDENT) {
            double tenure = StrictMath.pow(rng.nextDouble(), 1.6);
            months = (double) Math.round(tenure * (ageYears - 18) * 12.0);
        }

        double historyShare = Math.max(0.02, Math.min(1.0, rng.gaussian(0.65, 0.2)));
        long historyMonths = Math.round(historyShare * (ageYears - 18) * 12.0) + rng.between(0, 12);

        double mortgageLogit = -1.0
                + 0.06 * (ageYears - 35)
                - 0.0015 * (ageYears - 35) * (ageYears - 35)
                + 1.1 * relIncome
                - (emp == STUDENT ? 1.5 : 0.0);
        boolean hasMortgage = rng.nextDouble() < DatasetModel.sigmoid(mortgageLogit);

        long accounts = rng.poisson(0.8 + historyMonths / 72.0 + (hasMortgage ? 0.7 : 0.0));

        double utilLogit = -0.8
                + (emp == UNEMPLOYED ? 0.6 : 0.0)
                + (emp == STUDENT ? 0.3 : 0.0)
                - (emp == RETIRED ? 0.4 : 0.0)
                - 0.25 * relIncome
                + 1.1 * rng.nextGaussian();
        double util = FeatureTraits.roundTo(1.2 * DatasetModel.sigmoid(utilLogit), 4);

        long late = rng.poisson(0.08 + 0.9 * util * util + (emp == UNEMPLOYED ? 0.3 : 0.0));

        double logDebt = StrictMath.log(0.28)
                + 0.6 * (util - 0.35)
                - 0.30 * relIncome
                + (hasMortgage ? 0.25 : 0.0)
                + 0.45 * rng.nextGaussian();
        double debt = FeatureTraits.roundTo(Math.min(20.0, StrictMath.exp(logDebt)), 4);

        int purp = rng.categorical(PURPOSE_C);
        double logLoan = StrictMath.log(LOAN_BASE[purp]) + 0.6 * relIncome + 0.5 * rng.nextGaussian();
        double loan = FeatureTraits.roundTo(Math.max(500.0, Math.min(10_000_000.0, StrictMath.exp(logLoan))), 2);

        row[income] = incomeEur;
        row[age] = ageYears;
        row[debtRatio] = debt;
        row[utilization] = util;
        row[delinquencies] = late;
        row[history] = historyMonths;
        row[openAccounts] = accounts;
        row[loanAmount] = loan;
        row[monthsEmployed] = months;
        row[region] = REGIONS[reg];
        row[employment] = EMPLOYMENTS[emp];
        row[purpose] = PURPOSES[purp];
        row[mortgage] = hasMortgage;
    }

    @Override
    public double logit(Object[] row) {
        return INTERCEPT + sharedTerms(row) + baseTerms(row);
    }

    @Override
    public double driftedLogit(Object[] row) {
        return DRIFTED_INTERCEPT + sharedTerms(row) + driftedTerms(row);
    }

    /** Terms both concepts have. Null numeric values (only possible in faulted copies) count as 0. */
    private double sharedTerms(Object[] row) {
        double incomeEur = num(row[income]);
        double loan = num(row[loanAmount]);
        double loanToIncome = Math.min(10.0, loan / Math.max(1_000.0, incomeEur));
        return 0.40 * num(row[delinquencies])
                + 0.90 * num(row[debtRatio])
                - 0.0025 * num(row[history])
                + 0.20 * loanToIncome
                - (Boolean.TRUE.equals(row[mortgage]) ? 0.30 : 0.0)
                + EMPLOYMENT_OFFSET[index(EMPLOYMENTS, row[employment])]
                + PURPOSE_OFFSET[index(PURPOSES, row[purpose])];
    }

    private double baseTerms(Object[] row) {
        double util = num(row[utilization]);
        double late = num(row[delinquencies]);
        double years = num(row[age]);
        boolean unemployed = EMPLOYMENTS[UNEMPLOYED].equals(row[employment]);
        return 1.10 * util
                + 0.50 * util * late
                + (unemployed ? 1.50 * num(row[debtRatio]) : 0.0)
                - 0.60 * logRelIncome(row)
                + 0.04 * Math.max(0.0, 30.0 - years)
                + 0.03 * Math.max(0.0, years - 60.0)
                + REGION_OFFSET[index(REGIONS, row[region])];
    }

    private double driftedTerms(Object[] row) {
        double util = num(row[utilization]);
        double late = num(row[delinquencies]);
        double years = num(row[age]);
        boolean selfEmployed = EMPLOYMENTS[SELF_EMPLOYED].equals(row[employment]);
        return 2.00 * util
                - 0.30 * util * late
                + (selfEmployed ? 1.20 * num(row[debtRatio]) : 0.0)
                - 0.20 * logRelIncome(row)
                + 0.05 * Math.max(0.0, years - 60.0)
                + DRIFTED_REGION_OFFSET[index(REGIONS, row[region])];
    }

    private double logRelIncome(Object[] row) {
        return StrictMath.log(Math.max(1_000.0, num(row[income]))) - LN_45K;
    }

    // ---------------------------------------------------------------------------------------------
    // Calibration

    /**
     * The constants this class hard-codes, measured on {@code rows} rows drawn with {@code seed}.
     *
     * @param mean per feature in spec order (NaN for categorical and boolean)
     * @param sd per feature in spec order (NaN for categorical and boolean)
     * @param baseRate mean P(positive) under the base concept
     * @param interceptForRate the base intercept that would give a rate of {@code targetRate}
     * @param driftedIntercept the drifted intercept that gives the drifted concept the same mean P(positive)
     */
    public record Calibration(
            double[] mean, double[] sd, double baseRate, double interceptForRate, double driftedIntercept) {}

    /** Measures the model's moments and solves for the intercepts (Newton's method on mean sigmoid). */
    public Calibration calibrate(int rows, long seed, double targetRate) {
        Rng rng = Rng.stream(seed, "calibration");
        int n = spec.features().size();
        double[] sum = new double[n];
        double[] sumSq = new double[n];
        long[] count = new long[n];
        double[] baseNoIntercept = new double[rows];
        double[] driftNoIntercept = new double[rows];
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
            baseNoIntercept[r] = logit(row) - INTERCEPT;
            driftNoIntercept[r] = driftedLogit(row) - DRIFTED_INTERCEPT;
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
        double rate = meanSigmoid(baseNoIntercept, INTERCEPT);
        return new Calibration(
                mean,
                sd,
                rate,
                solveIntercept(baseNoIntercept, targetRate, INTERCEPT),
                solveIntercept(driftNoIntercept, rate, DRIFTED_INTERCEPT));
    }

    private static double meanSigmoid(double[] z, double c) {
        double s = 0;
        for (double v : z) {
            s += DatasetModel.sigmoid(v + c);
        }
        return s / z.length;
    }

    private static double solveIntercept(double[] z, double target, double start) {
        double c = start;
        for (int it = 0; it < 50; it++) {
            double s = 0;
            double d = 0;
            for (double v : z) {
                double p = DatasetModel.sigmoid(v + c);
                s += p;
                d += p * (1 - p);
            }
            double step = (s / z.length - target) / (d / z.length);
            c -= step;
            if (Math.abs(step) < 1e-12) {
                break;
            }
        }
        return c;
    }
}
