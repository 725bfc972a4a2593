package dev.mlcycle.features;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.contracts.spec.DatasetSpec;
import dev.mlcycle.contracts.spec.FeatureSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The fitted feature encoding of one dataset: everything {@link FeatureEncoder} needs to turn a row
 * into the same numbers at training, online and batch time. Immutable; saved in a model bundle as
 * {@link #toJson()} and read back with {@link #fromJson(String)}, after which it encodes every row
 * bit-identically.
 *
 * @param dataset the name of the dataset spec it was fitted for
 * @param options the options it was fitted with
 * @param trainRows how many train rows it was fitted on (at least one)
 * @param features one state per spec feature, in spec order
 * @param warnings what a person should know about the fit, e.g. a feature missing in every train row
 */
public record EncoderState(
        String dataset, EncoderOptions options, long trainRows, List<FeatureState> features, List<String> warnings) {
    /** The {@code format} field of {@link #toJson()}. */
    public static final String FORMAT = "mlcycle.features.encoder";
    /** The {@code format_version} this build writes and reads. */
    public static final int FORMAT_VERSION = 1;

    /**
     * Checks the state.
     *
     * @throws IllegalArgumentException if there are no features, a feature name or column name repeats,
     *     or trainRows is below 1
     */
    public EncoderState {
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(options, "options");
        features = List.copyOf(features);
        warnings = List.copyOf(warnings == null ? List.of() : warnings);
        if (trainRows < 1) {
            throw new IllegalArgumentException(
                    "encoder state of \"" + dataset + "\": trainRows must be >= 1, got " + trainRows);
        }
        if (features.isEmpty()) {
            throw new IllegalArgumentException("encoder state of \"" + dataset + "\": no features");
        }
        Set<String> names = new HashSet<>();
        Set<String> columns = new HashSet<>();
        for (FeatureState f : features) {
            if (!names.add(f.name())) {
                throw new IllegalArgumentException(
                        "encoder state of \"" + dataset + "\": feature \"" + f.name() + "\" is listed twice");
            }
            for (String c : f.columns()) {
                if (!columns.add(c)) {
                    throw new IllegalArgumentException(
                            "encoder state of \"" + dataset + "\": column \"" + c + "\" occurs twice");
                }
            }
        }
    }

    /** The Tribuo feature names of all columns, in column order: spec order, a feature's columns together. */
    public List<String> featureNames() {
        List<String> out = new ArrayList<>(width());
        for (FeatureState f : features) {
            out.addAll(f.columns());
        }
        return List.copyOf(out);
    }

    /** The number of columns, the length of an encoded row. */
    public int width() {
        int w = 0;
        for (FeatureState f : features) {
            w += f.width();
        }
        return w;
    }

    /** The state of one spec feature, if the encoder has it. */
    public Optional<FeatureState> feature(String name) {
        for (FeatureState f : features) {
            if (f.name().equals(name)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /**
     * What the state assumes of a spec, as one line: the dataset name and each feature's name and type
     * in order, e.g. {@code credit(income:numeric,age:integer,region:categorical)}.
     */
    public String fingerprint() {
        StringBuilder b = new StringBuilder(dataset).append('(');
        for (int i = 0; i < features.size(); i++) {
            FeatureState f = features.get(i);
            if (i > 0) {
                b.append(',');
            }
            b.append(f.name()).append(':').append(f.type().yamlName());
        }
        return b.append(')').toString();
    }

    /** The fingerprint {@link #fingerprint()} a spec has: what {@link #requireCompatible} compares. */
    public static String fingerprintOf(DatasetSpec spec) {
        StringBuilder b = new StringBuilder(spec.name()).append('(');
        for (int i = 0; i < spec.features().size(); i++) {
            FeatureSpec f = spec.features().get(i);
            if (i > 0) {
                b.append(',');
            }
            b.append(f.name()).append(':').append(f.type().yamlName());
        }
        return b.append(')').toString();
    }

    /**
     * Checks that this state can encode rows of {@code spec}: the same dataset name and the same
     * features with the same types in the same order. Other spec changes (ranges, declared categories,
     * nullability, descriptions) do not matter to the encoding: values the state does not know go to
     * {@code __unseen__}, missing values are imputed.
     *
     * @throws MlcycleException {@link Reason#SCHEMA_MISMATCH} listing every difference
     */
    public void requireCompatible(DatasetSpec spec) {
        Objects.requireNonNull(spec, "spec");
        List<String> problems = new ArrayList<>();
        if (!dataset.equals(spec.name())) {
            problems.add("the dataset is \"" + spec.name() + "\", expected \"" + dataset + "\"");
        }
        Map<String, FeatureSpec> specFeatures = spec.featuresByName();
        for (FeatureState f : features) {
            FeatureSpec s = specFeatures.get(f.name());
            if (s == null) {
                problems.add("feature \"" + f.name() + "\" (" + f.type().yamlName() + ") is not in the spec");
            } else if (s.type() != f.type()) {
                problems.add("feature \"" + f.name() + "\" is " + s.type().yamlName() + " in the spec, expected "
                        + f.type().yamlName());
            }
        }
        Map<String, FeatureState> mine = new LinkedHashMap<>();
        features.forEach(f -> mine.put(f.name(), f));
        for (FeatureSpec s : spec.features()) {
            if (!mine.containsKey(s.name())) {
                problems.add("feature \"" + s.name() + "\" (" + s.type().yamlName()
                        + ") is in the spec but the encoder was not fitted with it");
            }
        }
        if (problems.isEmpty()
                && !spec.featureNames()
                        .equals(features.stream().map(FeatureState::name).toList())) {
            problems.add("the features are in another order: " + spec.featureNames() + ", expected "
                    + features.stream().map(FeatureState::name).toList());
        }
        if (!problems.isEmpty()) {
            throw new MlcycleException(
                    Reason.SCHEMA_MISMATCH,
                    "the feature encoder fitted for " + fingerprint() + " cannot encode rows of spec "
                            + fingerprintOf(spec) + ": " + String.join("; ", problems));
        }
    }

    /**
     * The state as JSON (snake_case, pretty-printed): {@code format}, {@code format_version}, {@code
     * dataset}, {@code fingerprint}, {@code options}, {@code train_rows}, {@code features} (per feature:
     * name, type, nullable, then median/center/scale or categories, and the train counts), {@code
     * columns} and {@code warnings}. Doubles are written so that they read back to the same bits.
     */
    public String toJson() {
        return StateJson.write(this);
    }

    /**
     * Reads what {@link #toJson()} wrote.
     *
     * @throws MlcycleException {@link Reason#INVALID_RECORD} if the JSON is malformed, of another format
     *     or a newer format version, or inconsistent (its fingerprint or columns do not follow from its
     *     features)
     */
    public static EncoderState fromJson(String json) {
        return StateJson.read(json);
    }
}
