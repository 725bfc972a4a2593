package dev.mlcycle.features;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.contracts.spec.DatasetSpec;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import org.tribuo.Example;
import org.tribuo.Output;
import org.tribuo.impl.ArrayExample;

/**
 * The one code path from a dataset row to model input, used unchanged by training, online inference
 * and batch scoring. {@link #fit} learns an {@link EncoderState} from the train split; {@link
 * #of(EncoderState)} compiles a state into an encoder that turns rows into {@code double[]} or Tribuo
 * {@link Example}s.
 *
 * <p>A row is the feature map of a {@link dev.mlcycle.contracts.record.FeatureEvent}: values are
 * {@link Number} (numeric and integer features), {@link String} (categorical), {@link Boolean}, or null
 * or absent (missing). Keys that are not features of the state are ignored. See {@link FeatureState}
 * for the columns each feature writes. What happens to values the spec would reject:
 *
 * <ul>
 *   <li>a category outside the vocabulary goes to {@code <name>=__unseen__} and is counted ({@link
 *       #unseenCount}); the encoder does not validate, the services do;
 *   <li>a missing value of a feature the state has as not nullable is imputed all the same: numeric
 *       with the median, boolean as 0 (false), categorical as {@code __unseen__} (and counted);
 *   <li>a value of the wrong Java type, or a non-finite number, is a {@link Reason#SCHEMA_MISMATCH}.
 * </ul>
 *
 * <p>Thread-safe: the compiled state is immutable and the unseen counters are {@link LongAdder}s.
 */
public final class FeatureEncoder {
    /** The category of the column for values outside the vocabulary. */
    public static final String UNSEEN = "__unseen__";
    /** The category of the column for a missing categorical value. */
    public static final String MISSING = "__missing__";
    /** Appended to a numeric or boolean feature's name for its missing-flag column. */
    public static final String MISSING_SUFFIX = ".missing";
    /** Between a categorical feature's name and a category in a column name. */
    public static final String CATEGORY_SEPARATOR = "=";

    private static final byte NUMBER = 0;
    private static final byte CATEGORY = 1;
    private static final byte BOOL = 2;

    private final EncoderState state;
    private final List<String> featureNames;
    private final int width;
    // Tribuo sorts an example's features by name; handing them over sorted makes that sort a single pass.
    private final String[] sortedColumns;
    private final int[] sortedOrder;
    // Per feature, by index in spec order:
    private final String[] names;
    private final byte[] kinds;
    private final int[] starts;
    private final int[] widths;
    private final boolean[] nullable;
    private final double[] center;
    private final double[] scale;
    private final double[] imputed;
    private final Map<String, Integer>[] vocabulary;
    private final int[] unseenColumn;
    private final LongAdder[] unseen;

    @SuppressWarnings("unchecked")
    private FeatureEncoder(EncoderState state) {
        this.state = state;
        this.featureNames = state.featureNames();
        this.width = featureNames.size();
        Integer[] order = new Integer[width];
        for (int c = 0; c < width; c++) {
            order[c] = c;
        }
        Arrays.sort(order, (a, b) -> featureNames.get(a).compareTo(featureNames.get(b)));
        this.sortedOrder = new int[width];
        this.sortedColumns = new String[width];
        for (int k = 0; k < width; k++) {
            sortedOrder[k] = order[k];
            sortedColumns[k] = featureNames.get(order[k]);
        }
        int n = state.features().size();
        names = new String[n];
        kinds = new byte[n];
        starts = new int[n];
        widths = new int[n];
        nullable = new boolean[n];
        center = new double[n];
        scale = new double[n];
        imputed = new double[n];
        vocabulary = (Map<String, Integer>[]) new Map<?, ?>[n];
        unseenColumn = new int[n];
        unseen = new LongAdder[n];
        int at = 0;
        for (int f = 0; f < n; f++) {
            FeatureState s = state.features().get(f);
            names[f] = s.name();
            starts[f] = at;
            widths[f] = s.width();
            nullable[f] = s.nullable();
            switch (s.type()) {
                case NUMERIC, INTEGER -> {
                    kinds[f] = NUMBER;
                    center[f] = s.center();
                    scale[f] = s.scale();
                    imputed[f] = scaled(s.median(), s.center(), s.scale());
                }
                case CATEGORICAL -> {
                    kinds[f] = CATEGORY;
                    Map<String, Integer> vocab = new HashMap<>(s.categories().size() * 2);
                    for (int c = 0; c < s.categories().size(); c++) {
                        vocab.put(s.categories().get(c), c);
                    }
                    vocabulary[f] = vocab;
                    unseenColumn[f] = s.categories().size();
                    unseen[f] = new LongAdder();
                }
                case BOOLEAN -> kinds[f] = BOOL;
            }
            at += widths[f];
        }
    }

    /**
     * Fits the encoding on the train split, and only on it: medians, means and standard deviations, and
     * learned categories come from these rows. The rows are read once.
     *
     * @param spec the dataset spec: feature order, types, nullability, declared categories, unseen policy
     * @param trainRows the train split's feature maps
     * @param options scaling and the rules for learned categories
     * @throws MlcycleException {@link Reason#INVALID_ARGUMENT} if there are no rows or a row is null;
     *     {@link Reason#SCHEMA_MISMATCH} naming the row and feature if a value has the wrong type or is
     *     not finite; {@link Reason#INVALID_SPEC} if a declared category is {@value #UNSEEN} or {@value
     *     #MISSING}
     */
    public static EncoderState fit(
            DatasetSpec spec, Iterable<? extends Map<String, ?>> trainRows, EncoderOptions options) {
        return Fitter.fit(spec, trainRows, options);
    }

    /** {@link #fit(DatasetSpec, Iterable, EncoderOptions)} with {@link EncoderOptions#defaults()}. */
    public static EncoderState fit(DatasetSpec spec, Iterable<? extends Map<String, ?>> trainRows) {
        return Fitter.fit(spec, trainRows, EncoderOptions.defaults());
    }

    /** An encoder for a fitted (or loaded) state, with its unseen counters at 0. */
    public static FeatureEncoder of(EncoderState state) {
        return new FeatureEncoder(Objects.requireNonNull(state, "state"));
    }

    /** The state this encoder applies. */
    public EncoderState state() {
        return state;
    }

    /** The Tribuo feature names of the columns, in column order; {@code encode} writes them in this order. */
    public List<String> featureNames() {
        return featureNames;
    }

    /** The number of columns. */
    public int width() {
        return width;
    }

    /**
     * Encodes one row into a new array of {@link #width()} values.
     *
     * @throws MlcycleException {@link Reason#SCHEMA_MISMATCH} if a value has the wrong type or is not
     *     finite
     */
    public double[] encode(Map<String, ?> row) {
        double[] out = new double[width];
        encode(row, out, 0);
        return out;
    }

    /**
     * Encodes one row into {@code out}, which must have exactly {@link #width()} elements; allocates
     * nothing. Every element is written, so {@code out} may be reused.
     *
     * @throws MlcycleException {@link Reason#INVALID_ARGUMENT} if {@code out} has another length; {@link
     *     Reason#SCHEMA_MISMATCH} as {@link #encode(Map)}
     */
    public void encode(Map<String, ?> row, double[] out) {
        if (out.length != width) {
            throw new MlcycleException(
                    Reason.INVALID_ARGUMENT,
                    "encode: the output array has " + out.length + " elements, expected " + width
                            + " (one per feature column)");
        }
        encode(row, out, 0);
    }

    /**
     * Encodes one row into {@code out[offset .. offset + width())}, e.g. a row of a batch matrix laid
     * out row by row; allocates nothing. On an exception the slice may be partly written.
     *
     * @throws MlcycleException {@link Reason#INVALID_ARGUMENT} if the slice does not fit in {@code
     *     out}; {@link Reason#SCHEMA_MISMATCH} as {@link #encode(Map)}
     */
    public void encode(Map<String, ?> row, double[] out, int offset) {
        Objects.requireNonNull(row, "row");
        if (offset < 0 || offset > out.length - width) {
            throw new MlcycleException(
                    Reason.INVALID_ARGUMENT,
                    "encode: " + width + " columns do not fit at offset " + offset + " of an array of " + out.length
                            + "; expected 0 <= offset <= " + (out.length - width));
        }
        final String[] names = this.names;
        for (int f = 0; f < names.length; f++) {
            Object v = row.get(names[f]);
            int at = offset + starts[f];
            switch (kinds[f]) {
                case NUMBER -> {
                    if (v == null) {
                        out[at] = imputed[f];
                    } else {
                        out[at] = scaled(Values.number(names[f], v), center[f], scale[f]);
                    }
                    if (nullable[f]) {
                        out[at + 1] = v == null ? 1.0 : 0.0;
                    }
                }
                case BOOL -> {
                    out[at] = v != null && Values.bool(names[f], v) ? 1.0 : 0.0;
                    if (nullable[f]) {
                        out[at + 1] = v == null ? 1.0 : 0.0;
                    }
                }
                default -> {
                    Arrays.fill(out, at, at + widths[f], 0.0);
                    int column;
                    if (v == null) {
                        if (nullable[f]) {
                            column = unseenColumn[f] + 1;
                        } else {
                            column = unseenColumn[f];
                            unseen[f].increment();
                        }
                    } else {
                        Integer c = vocabulary[f].get(Values.category(names[f], v));
                        if (c != null) {
                            column = c;
                        } else {
                            column = unseenColumn[f];
                            unseen[f].increment();
                        }
                    }
                    out[at + column] = 1.0;
                }
            }
        }
    }

    /**
     * Encodes one row as a Tribuo example with weight 1: every column is present, zeros included, so
     * training and prediction see the same features (for XGBoost an absent feature means missing, not
     * 0). For prediction pass the output factory's unknown output, e.g. {@link
     * LabelTarget#unknown()}.
     *
     * @throws MlcycleException {@link Reason#SCHEMA_MISMATCH} as {@link #encode(Map)}
     */
    public <T extends Output<T>> Example<T> example(Map<String, ?> row, T output) {
        Objects.requireNonNull(output, "output");
        double[] encoded = encode(row);
        double[] values = new double[width];
        for (int k = 0; k < width; k++) {
            values[k] = encoded[sortedOrder[k]];
        }
        return new ArrayExample<>(output, sortedColumns, values);
    }

    /**
     * How often this encoder put a value of {@code feature} into {@code __unseen__}: a category outside
     * the vocabulary, or a missing value of a feature that is not nullable.
     *
     * @throws MlcycleException {@link Reason#INVALID_ARGUMENT} if {@code feature} is not a categorical
     *     feature of the state
     */
    public long unseenCount(String feature) {
        for (int f = 0; f < names.length; f++) {
            if (names[f].equals(feature) && kinds[f] == CATEGORY) {
                return unseen[f].sum();
            }
        }
        throw new MlcycleException(
                Reason.INVALID_ARGUMENT,
                "\"" + feature + "\" is not a categorical feature of the encoder; expected one of "
                        + unseenCounts().keySet());
    }

    /** {@link #unseenCount} of every categorical feature, in spec order. */
    public Map<String, Long> unseenCounts() {
        Map<String, Long> out = new LinkedHashMap<>();
        for (int f = 0; f < names.length; f++) {
            if (kinds[f] == CATEGORY) {
                out.put(names[f], unseen[f].sum());
            }
        }
        return out;
    }

    /**
     * {@code (x - center) / scale}, kept finite: a result beyond the double range (only possible for
     * values near it) is clamped to ±{@link Double#MAX_VALUE}.
     */
    private static double scaled(double x, double center, double scale) {
        double v = (x - center) / scale;
        if (Double.isInfinite(v)) {
            return v > 0 ? Double.MAX_VALUE : -Double.MAX_VALUE;
        }
        return v;
    }
}
