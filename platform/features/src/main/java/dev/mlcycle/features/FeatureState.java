package dev.mlcycle.features;

import dev.mlcycle.contracts.spec.FeatureType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What the encoder learned about one feature from the train split, and so which columns it writes.
 * Immutable. Build one with {@link #numeric}, {@link #categorical} or {@link #bool}; {@link
 * FeatureEncoder#fit} does.
 *
 * <p>Columns, in this order:
 *
 * <ul>
 *   <li>numeric and integer: {@code <name>} = {@code (x - center) / scale}, a missing {@code x}
 *       replaced by {@link #median()} first; then {@code <name>.missing} (1 if missing, else 0) when
 *       {@link #nullable()}.
 *   <li>boolean: {@code <name>} (1 for true, 0 for false or missing); then {@code <name>.missing} when
 *       nullable.
 *   <li>categorical: {@code <name>=<value>} for each of {@link #categories()}, then {@code
 *       <name>=__unseen__}, then {@code <name>=__missing__} when nullable; exactly one of them is 1.
 * </ul>
 *
 * @param name the feature name, as in the dataset spec
 * @param type the feature's type in the spec the state was fitted for
 * @param nullable whether the spec allowed missing values, so whether the state has a missing column
 * @param median numeric and integer: the exact median of the non-missing train values (0 when every
 *     train value was missing), imputed for a missing value; 0 for other types
 * @param center numeric and integer: subtracted from the imputed value (the train mean for {@link
 *     Scaling#STANDARD}, 0 for {@link Scaling#NONE}); 0 for other types
 * @param scale numeric and integer: what the centred value is divided by (the train standard deviation,
 *     or 1); finite and positive; 1 for other types
 * @param categories categorical: the vocabulary, one column each: the spec's declared values in spec
 *     order, then the learned ones by frequency; empty for other types
 * @param trainMissing how many train rows had no value
 * @param trainUnseen categorical: how many train values fell outside the vocabulary (so went to {@code
 *     __unseen__}); 0 for other types
 */
public record FeatureState(
        String name,
        FeatureType type,
        boolean nullable,
        double median,
        double center,
        double scale,
        List<String> categories,
        long trainMissing,
        long trainUnseen) {

    /**
     * Checks the state; the factories are the usual way in.
     *
     * @throws IllegalArgumentException naming the feature if a value does not fit its type (a non-finite
     *     median or center, a scale that is not positive and finite, a duplicate or reserved category,
     *     categories on a non-categorical feature, a negative count)
     */
    public FeatureState {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("feature state: the feature name is empty");
        }
        categories = List.copyOf(categories == null ? List.of() : categories);
        if (trainMissing < 0 || trainUnseen < 0) {
            throw new IllegalArgumentException("feature \"" + name + "\": train counts must be >= 0, got missing "
                    + trainMissing + " and unseen " + trainUnseen);
        }
        if (type == FeatureType.NUMERIC || type == FeatureType.INTEGER) {
            if (!Double.isFinite(median) || !Double.isFinite(center)) {
                throw new IllegalArgumentException(
                        "feature \"" + name + "\": median and center must be finite, got " + median + " and " + center);
            }
            if (!(scale > 0) || !Double.isFinite(scale)) {
                throw new IllegalArgumentException(
                        "feature \"" + name + "\": scale must be a finite number > 0, got " + scale);
            }
        } else if (median != 0 || center != 0 || scale != 1) {
            throw new IllegalArgumentException("feature \"" + name + "\" is " + type.yamlName()
                    + ": median, center and scale must be 0, 0 and 1, got " + median + ", " + center + " and "
                    + scale);
        }
        if (type == FeatureType.CATEGORICAL) {
            Set<String> seen = new HashSet<>();
            for (String c : categories) {
                if (c == null || c.isEmpty()) {
                    throw new IllegalArgumentException(
                            "feature \"" + name + "\": categories must be non-empty strings, got " + categories);
                }
                if (c.equals(FeatureEncoder.UNSEEN) || c.equals(FeatureEncoder.MISSING)) {
                    throw new IllegalArgumentException("feature \"" + name + "\": \"" + c
                            + "\" is reserved for the encoder's own column and cannot be a category");
                }
                if (!seen.add(c)) {
                    throw new IllegalArgumentException(
                            "feature \"" + name + "\": category \"" + c + "\" is listed twice in " + categories);
                }
            }
        } else {
            if (!categories.isEmpty()) {
                throw new IllegalArgumentException("feature \"" + name + "\" is " + type.yamlName()
                        + ": only categorical features have categories, got " + categories);
            }
            if (trainUnseen != 0) {
                throw new IllegalArgumentException("feature \"" + name + "\" is " + type.yamlName()
                        + ": only categorical features count unseen values, got " + trainUnseen);
            }
        }
    }

    /** The state of a numeric or integer feature. */
    public static FeatureState numeric(
            String name,
            FeatureType type,
            boolean nullable,
            double median,
            double center,
            double scale,
            long trainMissing) {
        if (type != FeatureType.NUMERIC && type != FeatureType.INTEGER) {
            throw new IllegalArgumentException(
                    "feature \"" + name + "\": expected a numeric or integer type, got " + type.yamlName());
        }
        return new FeatureState(name, type, nullable, median, center, scale, List.of(), trainMissing, 0);
    }

    /** The state of a categorical feature with its vocabulary. */
    public static FeatureState categorical(
            String name, boolean nullable, List<String> categories, long trainMissing, long trainUnseen) {
        return new FeatureState(
                name, FeatureType.CATEGORICAL, nullable, 0, 0, 1, categories, trainMissing, trainUnseen);
    }

    /** The state of a boolean feature. */
    public static FeatureState bool(String name, boolean nullable, long trainMissing) {
        return new FeatureState(name, FeatureType.BOOLEAN, nullable, 0, 0, 1, List.of(), trainMissing, 0);
    }

    /** Whether the feature is numeric or integer (imputed and scaled). */
    public boolean isNumeric() {
        return type == FeatureType.NUMERIC || type == FeatureType.INTEGER;
    }

    /** How many columns this feature writes. */
    public int width() {
        return switch (type) {
            case NUMERIC, INTEGER, BOOLEAN -> nullable ? 2 : 1;
            case CATEGORICAL -> categories.size() + (nullable ? 2 : 1);
        };
    }

    /** The Tribuo feature names of this feature's columns, in column order (see the class comment). */
    public List<String> columns() {
        List<String> out = new ArrayList<>(width());
        if (type == FeatureType.CATEGORICAL) {
            for (String c : categories) {
                out.add(name + FeatureEncoder.CATEGORY_SEPARATOR + c);
            }
            out.add(name + FeatureEncoder.CATEGORY_SEPARATOR + FeatureEncoder.UNSEEN);
            if (nullable) {
                out.add(name + FeatureEncoder.CATEGORY_SEPARATOR + FeatureEncoder.MISSING);
            }
        } else {
            out.add(name);
            if (nullable) {
                out.add(name + FeatureEncoder.MISSING_SUFFIX);
            }
        }
        return out;
    }
}
