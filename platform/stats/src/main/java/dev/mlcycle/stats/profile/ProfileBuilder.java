package dev.mlcycle.stats.profile;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.contracts.spec.DatasetSpec;
import dev.mlcycle.contracts.spec.FeatureSpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Builds the feature part of a {@link ReferenceProfile} from a dataset spec and training rows.
 *
 * <p>Rows are feature maps as in {@code FeatureEvent#features()}: a {@link Number} for numeric and
 * integer features, a {@link String} for categorical ones, a {@link Boolean} for boolean ones, and
 * null (or no entry) for a missing value. Keys that are not features of the spec are ignored. Numeric
 * and integer features become {@link NumericProfile}s; categorical features {@link
 * CategoricalProfile}s over the spec's values; boolean features categorical profiles over {@code
 * "false", "true"}.
 *
 * <p>A row whose value has the wrong type, or a NaN or infinite number, is refused whole (nothing of
 * it is counted) with {@link Reason#SCHEMA_MISMATCH}: {@code row 3, feature "income": expected a
 * number, got "abc"} (rows counted from 0 in the order added). Not thread-safe; numeric values are
 * kept in memory until {@link #features()}.
 */
public final class ProfileBuilder {
    private static final List<String> BOOLEAN_CATEGORIES = List.of("false", "true");

    private final DatasetSpec spec;
    private final ProfileOptions options;
    private final List<FeatureSpec> features;
    private final Column[] columns;
    private long rows;

    /**
     * @param spec the dataset spec: which features, of which types, in which order
     * @param options how numeric features are profiled
     */
    public ProfileBuilder(DatasetSpec spec, ProfileOptions options) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.options = Objects.requireNonNull(options, "options");
        this.features = spec.features();
        this.columns = new Column[features.size()];
        for (int f = 0; f < columns.length; f++) {
            columns[f] = features.get(f).isNumeric() ? new NumericColumn() : new CategoricalColumn();
        }
    }

    /** Adds one row, or refuses it whole. */
    public ProfileBuilder add(Map<String, ?> row) {
        Objects.requireNonNull(row, "row");
        Object[] values = new Object[features.size()];
        for (int f = 0; f < values.length; f++) {
            values[f] = checked(features.get(f), row.get(features.get(f).name()));
        }
        for (int f = 0; f < values.length; f++) {
            columns[f].add(values[f]);
        }
        rows++;
        return this;
    }

    /** Adds rows in order; stops at the first bad row, keeping the rows before it. */
    public ProfileBuilder addAll(Iterable<? extends Map<String, ?>> rowsToAdd) {
        for (Map<String, ?> row : rowsToAdd) {
            add(row);
        }
        return this;
    }

    /** The number of rows added. */
    public long rows() {
        return rows;
    }

    /** The profile of every feature by name, in spec order, over the rows added so far. */
    public Map<String, FeatureProfile> features() {
        Map<String, FeatureProfile> out = new LinkedHashMap<>();
        for (int f = 0; f < columns.length; f++) {
            FeatureSpec fs = features.get(f);
            out.put(fs.name(), columns[f].profile(fs));
        }
        return out;
    }

    /** The whole reference profile: these features and the model's prediction profile. */
    public ReferenceProfile build(Instant createdAt, PredictionProfile predictions) {
        return ReferenceProfile.of(spec.name(), rows, createdAt, features(), predictions);
    }

    /** The value as the column keeps it (a Double, or a category String), or null; else refused. */
    private Object checked(FeatureSpec f, Object v) {
        if (v == null) {
            return null;
        }
        switch (f.type()) {
            case NUMERIC, INTEGER -> {
                if (v instanceof Number number) {
                    double d = number.doubleValue();
                    if (!Double.isFinite(d)) {
                        throw mismatch(f, "expected a finite number, got " + d);
                    }
                    return d;
                }
                throw mismatch(f, "expected a number, got " + shown(v));
            }
            case CATEGORICAL -> {
                if (v instanceof String s) {
                    return s;
                }
                throw mismatch(f, "expected a string, got " + shown(v));
            }
            case BOOLEAN -> {
                if (v instanceof Boolean b) {
                    return b.toString();
                }
                throw mismatch(f, "expected true or false, got " + shown(v));
            }
            default -> throw new IllegalStateException("unknown feature type " + f.type());
        }
    }

    private MlcycleException mismatch(FeatureSpec f, String what) {
        return new MlcycleException(Reason.SCHEMA_MISMATCH, "row " + rows + ", feature \"" + f.name() + "\": " + what);
    }

    private static String shown(Object v) {
        return v instanceof String s ? "\"" + s + "\"" : v + " (" + v.getClass().getSimpleName() + ")";
    }

    private interface Column {
        void add(Object value);

        FeatureProfile profile(FeatureSpec spec);
    }

    private final class NumericColumn implements Column {
        private double[] values = new double[16];
        private int size;
        private long missing;

        @Override
        public void add(Object value) {
            if (value == null) {
                missing++;
                return;
            }
            if (size == values.length) {
                values = Arrays.copyOf(values, values.length * 2);
            }
            values[size++] = (Double) value;
        }

        @Override
        public FeatureProfile profile(FeatureSpec spec) {
            return NumericProfile.of(Arrays.copyOf(values, size), missing, options);
        }
    }

    private static final class CategoricalColumn implements Column {
        private final Map<String, Long> counts = new HashMap<>();
        private long missing;

        @Override
        public void add(Object value) {
            if (value == null) {
                missing++;
            } else {
                counts.merge((String) value, 1L, Long::sum);
            }
        }

        @Override
        public FeatureProfile profile(FeatureSpec spec) {
            List<String> known = spec.isCategorical() ? spec.values() : BOOLEAN_CATEGORIES;
            return CategoricalProfile.of(counts, missing, known);
        }
    }
}
