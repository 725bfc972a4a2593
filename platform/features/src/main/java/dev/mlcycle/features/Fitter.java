package dev.mlcycle.features;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.contracts.spec.DatasetSpec;
import dev.mlcycle.contracts.spec.FeatureSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Fits an {@link EncoderState} in one pass over the train rows. Numeric values are kept (one double per
 * row per numeric feature) because the median is exact; categories are counted.
 */
final class Fitter {
    /** The most rows one fit takes: numeric values are held in arrays. */
    static final int MAX_ROWS = Integer.MAX_VALUE - 16;

    private final DatasetSpec spec;
    private final EncoderOptions options;
    private final List<FeatureSpec> features;
    private final double[][] numbers;
    private final long[] missing;
    private final List<Map<String, long[]>> counts = new ArrayList<>();
    private int rows;

    private Fitter(DatasetSpec spec, EncoderOptions options) {
        this.spec = spec;
        this.options = options;
        this.features = spec.features();
        int n = features.size();
        this.numbers = new double[n][];
        this.missing = new long[n];
        for (int f = 0; f < n; f++) {
            FeatureSpec fs = features.get(f);
            numbers[f] = fs.isNumeric() ? new double[64] : null;
            counts.add(fs.isCategorical() ? new HashMap<>() : null);
            if (fs.isCategorical()) {
                for (String v : fs.values()) {
                    if (v.equals(FeatureEncoder.UNSEEN) || v.equals(FeatureEncoder.MISSING)) {
                        throw new MlcycleException(
                                Reason.INVALID_SPEC,
                                "dataset \"" + spec.name() + "\", feature \"" + fs.name() + "\": the value \"" + v
                                        + "\" is reserved for the encoder's own column; expected another name");
                    }
                }
            }
        }
    }

    static EncoderState fit(DatasetSpec spec, Iterable<? extends Map<String, ?>> trainRows, EncoderOptions options) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(trainRows, "trainRows");
        Objects.requireNonNull(options, "options");
        if (spec.features().isEmpty()) {
            throw new MlcycleException(
                    Reason.INVALID_SPEC, "dataset \"" + spec.name() + "\" has no features; expected at least one");
        }
        Fitter fitter = new Fitter(spec, options);
        for (Map<String, ?> row : trainRows) {
            fitter.add(row);
        }
        return fitter.finish();
    }

    private void add(Map<String, ?> row) {
        if (row == null) {
            throw new MlcycleException(
                    Reason.INVALID_ARGUMENT,
                    "dataset \"" + spec.name() + "\", train row " + rows
                            + ": the row is null; expected a map of features");
        }
        if (rows == MAX_ROWS) {
            throw new MlcycleException(
                    Reason.INVALID_ARGUMENT,
                    "dataset \"" + spec.name() + "\": the train split has more than " + MAX_ROWS
                            + " rows; expected a sample of at most that many");
        }
        try {
            for (int f = 0; f < features.size(); f++) {
                FeatureSpec fs = features.get(f);
                Object v = row.get(fs.name());
                switch (fs.type()) {
                    case NUMERIC, INTEGER -> {
                        double x = Double.NaN;
                        if (v == null) {
                            missing[f]++;
                        } else {
                            x = Values.number(fs.name(), v);
                        }
                        if (rows == numbers[f].length) {
                            numbers[f] = Arrays.copyOf(numbers[f], (int) Math.min(MAX_ROWS, rows * 2L));
                        }
                        numbers[f][rows] = x;
                    }
                    case CATEGORICAL -> {
                        if (v == null) {
                            missing[f]++;
                        } else {
                            counts.get(f).computeIfAbsent(Values.category(fs.name(), v), k -> new long[1])[0]++;
                        }
                    }
                    case BOOLEAN -> {
                        if (v == null) {
                            missing[f]++;
                        } else {
                            Values.bool(fs.name(), v);
                        }
                    }
                }
            }
        } catch (MlcycleException e) {
            throw new MlcycleException(
                    e.reason(), "dataset \"" + spec.name() + "\", train row " + rows + ": " + e.getMessage(), e);
        }
        rows++;
    }

    private EncoderState finish() {
        if (rows == 0) {
            throw new MlcycleException(
                    Reason.INVALID_ARGUMENT,
                    "cannot fit the feature encoder of dataset \"" + spec.name()
                            + "\": the train split is empty; expected at least one row");
        }
        List<FeatureState> states = new ArrayList<>(features.size());
        List<String> warnings = new ArrayList<>();
        for (int f = 0; f < features.size(); f++) {
            FeatureSpec fs = features.get(f);
            if (missing[f] == rows) {
                warnings.add("feature \"" + fs.name() + "\" is missing in all " + rows + " train rows"
                        + (fs.isNumeric() ? "; it is imputed with 0" : ""));
            } else if (missing[f] > 0 && !fs.nullable()) {
                warnings.add("feature \"" + fs.name() + "\" is not nullable in the spec but is missing in " + missing[f]
                        + " of " + rows + " train rows");
            }
            states.add(
                    switch (fs.type()) {
                        case NUMERIC, INTEGER -> numeric(f, fs);
                        case CATEGORICAL -> categorical(f, fs, warnings);
                        case BOOLEAN -> FeatureState.bool(fs.name(), fs.nullable(), missing[f]);
                    });
        }
        return new EncoderState(spec.name(), options, rows, states, warnings);
    }

    private FeatureState numeric(int f, FeatureSpec fs) {
        double[] x = numbers[f];
        int present = rows - (int) missing[f];
        double median = 0;
        if (present > 0) {
            double[] sorted = new double[present];
            int k = 0;
            for (int i = 0; i < rows; i++) {
                if (!Double.isNaN(x[i])) {
                    sorted[k++] = x[i];
                }
            }
            Arrays.sort(sorted);
            median = Moments.median(sorted, present);
        }
        for (int i = 0; i < rows; i++) {
            if (Double.isNaN(x[i])) {
                x[i] = median;
            }
        }
        double center = 0;
        double scale = 1;
        if (options.scaling() == Scaling.STANDARD) {
            double[] ms = Moments.meanAndStd(x, rows);
            center = ms[0];
            scale = ms[1] == 0 ? 1 : ms[1];
        }
        numbers[f] = null;
        return FeatureState.numeric(fs.name(), fs.type(), fs.nullable(), median, center, scale, missing[f]);
    }

    private FeatureState categorical(int f, FeatureSpec fs, List<String> warnings) {
        Map<String, long[]> seen = counts.get(f);
        List<String> vocabulary = new ArrayList<>(fs.values());
        Set<String> declared = new HashSet<>(fs.values());
        List<Map.Entry<String, long[]>> extra = new ArrayList<>();
        long undeclared = 0;
        for (Map.Entry<String, long[]> e : seen.entrySet()) {
            if (!declared.contains(e.getKey())) {
                undeclared += e.getValue()[0];
                extra.add(e);
            }
        }
        long learnedRows = 0;
        if (fs.unseenAllowed()) {
            extra.sort((a, b) -> a.getValue()[0] != b.getValue()[0]
                    ? Long.compare(b.getValue()[0], a.getValue()[0])
                    : a.getKey().compareTo(b.getKey()));
            int learned = 0;
            for (Map.Entry<String, long[]> e : extra) {
                if (learned == options.maxCategories() || e.getValue()[0] < options.minCategoryCount()) {
                    break;
                }
                String v = e.getKey();
                if (v.isEmpty() || v.equals(FeatureEncoder.UNSEEN) || v.equals(FeatureEncoder.MISSING)) {
                    continue;
                }
                vocabulary.add(v);
                learnedRows += e.getValue()[0];
                learned++;
            }
        } else if (undeclared > 0) {
            warnings.add("feature \"" + fs.name() + "\": " + undeclared + " train values are outside the declared "
                    + fs.values() + " (the spec rejects unseen values); they are encoded as " + FeatureEncoder.UNSEEN);
        }
        return FeatureState.categorical(fs.name(), fs.nullable(), vocabulary, missing[f], undeclared - learnedRows);
    }
}
