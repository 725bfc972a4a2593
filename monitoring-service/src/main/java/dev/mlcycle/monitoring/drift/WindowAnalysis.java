package dev.mlcycle.monitoring.drift;

import dev.mlcycle.contracts.record.DriftMethod;
import dev.mlcycle.contracts.record.DriftTest;
import dev.mlcycle.contracts.record.Histogram;
import dev.mlcycle.stats.drift.BenjaminiHochberg;
import dev.mlcycle.stats.drift.ChiSquareHomogeneity;
import dev.mlcycle.stats.drift.ChiSquareResult;
import dev.mlcycle.stats.drift.JensenShannon;
import dev.mlcycle.stats.drift.KolmogorovSmirnov;
import dev.mlcycle.stats.drift.KsResult;
import dev.mlcycle.stats.drift.PopulationStability;
import dev.mlcycle.stats.profile.CategoricalProfile;
import dev.mlcycle.stats.profile.ClassificationPredictions;
import dev.mlcycle.stats.profile.FeatureProfile;
import dev.mlcycle.stats.profile.NumericProfile;
import dev.mlcycle.stats.profile.RegressionPredictions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Compares one window of a model version's predictions with the version's reference profile, and decides.
 *
 * <p>Per input: a numeric one gets the two-sample KS test against the reference's sample (p-value and D), and, on
 * the reference's frozen bins, the Jensen-Shannon distance and the PSI, plus mean shift, ratio of standard deviations
 * and missing share; a categorical one (booleans as {@code "false"}/{@code "true"}) gets the chi-square test of
 * homogeneity over the reference's categories plus {@code (unseen)} and {@code (missing)}, with the Jensen-Shannon
 * distance over the same columns as its effect, and the PSI. The model's outputs get the same: KS on the positive
 * class's probability (or the predicted value) and chi-square on the predicted classes.
 *
 * <p>Decision: the p-values of the deciding tests (KS, chi-square) of every input and output are corrected together
 * with Benjamini-Hochberg at {@link DriftRules#q()}; a test drifts when its adjusted p-value is below q AND its effect
 * (KS D, JS distance) reaches the floor. A window drifts in its inputs when any input drifts, in its outputs when any
 * output test does. Descriptive comparisons never decide.
 */
public final class WindowAnalysis {
    /** The target of the model's numeric output (positive-class probability or value). */
    public static final String PREDICTION = "prediction";
    /** The target of the predicted classes. */
    public static final String PREDICTION_CLASS = "prediction.class";

    private static final String NUMERIC = "numeric";
    private static final String CATEGORICAL = "categorical";
    private static final String OUTPUT = "prediction";

    /**
     * What a window found.
     *
     * @param tests every test, deciding and descriptive, inputs in profile order then outputs
     * @param inputDrift whether an input drifted
     * @param outputDrift whether an output test drifted
     * @param driftedInputs the inputs that drifted, in profile order
     * @param evidence the numbers behind the drifted tests (statistic, adjusted p, effect), by name
     */
    public record Result(
            List<DriftTest> tests,
            boolean inputDrift,
            boolean outputDrift,
            List<String> driftedInputs,
            Map<String, Double> evidence) {}

    private WindowAnalysis() {}

    /** Analyses a window; fewer rows than {@link DriftRules#minRows()} give no tests and no drift. */
    public static Result analyze(Reference reference, List<Observation> rows, DriftRules rules) {
        if (rows.size() < rules.minRows()) {
            return new Result(List.of(), false, false, List.of(), Map.of());
        }
        List<Pending> pending = new ArrayList<>();
        for (Map.Entry<String, FeatureProfile> e :
                reference.profile().features().entrySet()) {
            String name = e.getKey();
            Function<Observation, Object> get = o -> o.features().get(name);
            if (e.getValue() instanceof NumericProfile np) {
                numeric(pending, name, NUMERIC, np, rows, get, rules);
            } else {
                categorical(pending, name, CATEGORICAL, (CategoricalProfile) e.getValue(), rows, get, rules);
            }
        }
        if (reference.profile().predictions() instanceof ClassificationPredictions c) {
            if (c.positiveProbability() != null) {
                numeric(
                        pending,
                        PREDICTION,
                        OUTPUT,
                        c.positiveProbability(),
                        rows,
                        Observation::positiveProbability,
                        rules);
            }
            categorical(pending, PREDICTION_CLASS, OUTPUT, c.predictedClasses(), rows, Observation::label, rules);
        } else if (reference.profile().predictions() instanceof RegressionPredictions r) {
            numeric(pending, PREDICTION, OUTPUT, r.values(), rows, Observation::value, rules);
        }
        return decide(pending, rules);
    }

    private static Result decide(List<Pending> pending, DriftRules rules) {
        int deciding = (int) pending.stream().filter(p -> p.pValue != null).count();
        double[] p = new double[deciding];
        int i = 0;
        for (Pending t : pending) {
            if (t.pValue != null) {
                p[i++] = t.pValue;
            }
        }
        double[] adjusted = deciding == 0 ? new double[0] : BenjaminiHochberg.adjust(p);
        List<DriftTest> tests = new ArrayList<>();
        List<String> driftedInputs = new ArrayList<>();
        Map<String, Double> evidence = new LinkedHashMap<>();
        boolean inputDrift = false;
        boolean outputDrift = false;
        i = 0;
        for (Pending t : pending) {
            if (t.pValue == null) {
                tests.add(t.test(null, false));
                continue;
            }
            double adj = adjusted[i++];
            boolean drifted = adj < rules.q() && t.effect >= t.floor;
            tests.add(t.test(adj, drifted));
            if (drifted) {
                if (OUTPUT.equals(t.kind)) {
                    outputDrift = true;
                } else {
                    inputDrift = true;
                    driftedInputs.add(t.target);
                }
                evidence.put(t.target + "." + t.method.wireName(), t.statistic);
                evidence.put(t.target + ".adjusted_p_value", adj);
                evidence.put(t.target + ".effect", t.effect);
            }
        }
        return new Result(List.copyOf(tests), inputDrift, outputDrift, List.copyOf(driftedInputs), evidence);
    }

    private static void numeric(
            List<Pending> out,
            String target,
            String kind,
            NumericProfile ref,
            List<Observation> rows,
            Function<Observation, Object> get,
            DriftRules rules) {
        double[] values = new double[rows.size()];
        int n = 0;
        for (Observation o : rows) {
            Object v = get.apply(o);
            if (v instanceof Number num && Double.isFinite(num.doubleValue())) {
                values[n++] = num.doubleValue();
            }
        }
        long missing = (long) rows.size() - n;
        double[] current = Arrays.copyOf(values, n);
        Arrays.sort(current);
        double refMissingShare = ref.total() == 0 ? 0 : (double) ref.missing() / ref.total();
        double missingShare = rows.isEmpty() ? 0 : (double) missing / rows.size();
        if (n > 0 && ref.count() > 0 && ref.sample().length > 0) {
            KsResult ks = KolmogorovSmirnov.twoSampleSorted(ref.sample(), current);
            long[] counts = new long[ref.bins()];
            for (double v : current) {
                counts[ref.binOf(v)]++;
            }
            Histogram histogram =
                    new Histogram(binLabels(ref.edges()), boxed(ref.edges()), boxed(ref.counts()), boxed(counts));
            out.add(new Pending(
                    target,
                    kind,
                    DriftMethod.KS,
                    ks.statistic(),
                    ks.pValue(),
                    ks.statistic(),
                    rules.ksEffectFloor(),
                    rules.q(),
                    ks.n(),
                    ks.m(),
                    null,
                    histogram));
            out.add(describe(
                    target,
                    kind,
                    DriftMethod.JS_DISTANCE,
                    JensenShannon.distanceBase2(ref.counts(), counts),
                    ref.count(),
                    n));
            out.add(describe(
                    target, kind, DriftMethod.PSI, PopulationStability.index(ref.counts(), counts), ref.count(), n));
            if (ref.std() != null && ref.std() > 0) {
                double mean = mean(current);
                out.add(describe(
                        target, kind, DriftMethod.MEAN_SHIFT, (mean - ref.mean()) / ref.std(), ref.count(), n));
                out.add(describe(target, kind, DriftMethod.STD_RATIO, std(current, mean) / ref.std(), ref.count(), n));
            }
        }
        if (missing > 0 || ref.missing() > 0) {
            out.add(describe(
                    target, kind, DriftMethod.MISSING_SHARE, missingShare - refMissingShare, ref.total(), rows.size()));
        }
    }

    private static void categorical(
            List<Pending> out,
            String target,
            String kind,
            CategoricalProfile ref,
            List<Observation> rows,
            Function<Observation, Object> get,
            DriftRules rules) {
        List<String> categories = ref.categories();
        int k = categories.size();
        List<String> columns = new ArrayList<>(categories);
        columns.add(Histogram.UNSEEN);
        columns.add(Histogram.MISSING);
        long[] reference = Arrays.copyOf(ref.counts(), k + 2);
        reference[k + 1] = ref.missing();
        long[] current = new long[k + 2];
        for (Observation o : rows) {
            Object v = get.apply(o);
            if (v == null) {
                current[k + 1]++;
                continue;
            }
            int index = ref.indexOf(String.valueOf(v));
            current[index < 0 ? k : index]++;
        }
        ChiSquareResult chi = ChiSquareHomogeneity.test(columns, reference, current);
        double js = JensenShannon.distanceBase2(reference, current);
        Histogram histogram = new Histogram(columns, null, boxed(reference), boxed(current));
        out.add(new Pending(
                target,
                kind,
                DriftMethod.CHI_SQUARE,
                chi.statistic(),
                chi.pValue(),
                js,
                rules.jsEffectFloor(),
                rules.q(),
                sum(reference),
                sum(current),
                chi.degreesOfFreedom(),
                histogram));
        out.add(describe(
                target,
                kind,
                DriftMethod.PSI,
                PopulationStability.index(reference, current),
                sum(reference),
                sum(current)));
    }

    private static Pending describe(String target, String kind, DriftMethod method, double statistic, long r, long c) {
        return new Pending(target, kind, method, statistic, null, Double.NaN, Double.NaN, Double.NaN, r, c, null, null);
    }

    /** A test before the window's correction. */
    private record Pending(
            String target,
            String kind,
            DriftMethod method,
            double statistic,
            Double pValue,
            double effect,
            double floor,
            double q,
            long referenceSize,
            long currentSize,
            Integer dof,
            Histogram histogram) {
        DriftTest test(Double adjusted, boolean drifted) {
            if (pValue == null) {
                return new DriftTest(
                        target,
                        kind,
                        method,
                        finite(statistic),
                        null,
                        null,
                        null,
                        null,
                        null,
                        referenceSize,
                        currentSize,
                        null,
                        null,
                        false);
            }
            return new DriftTest(
                    target,
                    kind,
                    method,
                    statistic,
                    pValue,
                    adjusted,
                    q,
                    effect,
                    floor,
                    referenceSize,
                    currentSize,
                    dof,
                    histogram,
                    drifted);
        }
    }

    private static double finite(double v) {
        return Double.isFinite(v) ? v : 0;
    }

    /** Bin labels for edges e_1..e_m: (-inf, e_1), [e_1, e_2), ..., [e_m, +inf). */
    static List<String> binLabels(double[] edges) {
        List<String> labels = new ArrayList<>(edges.length + 1);
        if (edges.length == 0) {
            labels.add("(-inf, +inf)");
            return labels;
        }
        labels.add("(-inf, " + fmt(edges[0]) + ")");
        for (int j = 1; j < edges.length; j++) {
            labels.add("[" + fmt(edges[j - 1]) + ", " + fmt(edges[j]) + ")");
        }
        labels.add("[" + fmt(edges[edges.length - 1]) + ", +inf)");
        return labels;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.6g", v).replaceAll("\\.?0+(e|$)", "$1");
    }

    private static List<Double> boxed(double[] a) {
        List<Double> out = new ArrayList<>(a.length);
        for (double v : a) {
            out.add(v);
        }
        return out;
    }

    private static List<Long> boxed(long[] a) {
        List<Long> out = new ArrayList<>(a.length);
        for (long v : a) {
            out.add(v);
        }
        return out;
    }

    private static long sum(long[] a) {
        long s = 0;
        for (long v : a) {
            s += v;
        }
        return s;
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    private static double std(double[] v, double mean) {
        double s = 0;
        for (double x : v) {
            s += (x - mean) * (x - mean);
        }
        return Math.sqrt(s / v.length);
    }
}
