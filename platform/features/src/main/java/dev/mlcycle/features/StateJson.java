package dev.mlcycle.features;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.contracts.json.Json;
import dev.mlcycle.contracts.spec.FeatureType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The JSON form of {@link EncoderState}: plain records, so the file layout is spelled out here and
 * not by the in-memory types. Written and read with the contracts' {@link Json#mapper()} (snake_case).
 */
final class StateJson {
    private static final String WHERE = "encoder state JSON";

    private StateJson() {}

    /** The whole document. */
    record Doc(
            String format,
            Integer formatVersion,
            String dataset,
            String fingerprint,
            OptionsDoc options,
            Long trainRows,
            List<FeatureDoc> features,
            List<String> columns,
            List<String> warnings) {}

    /** {@link EncoderOptions}. */
    record OptionsDoc(String scaling, Integer minCategoryCount, Integer maxCategories) {}

    /** One {@link FeatureState}; the fields a type does not use are left out. */
    record FeatureDoc(
            String name,
            String type,
            Boolean nullable,
            Double median,
            Double center,
            Double scale,
            List<String> categories,
            Long trainMissing,
            Long trainUnseen) {}

    static String write(EncoderState state) {
        List<FeatureDoc> features = new ArrayList<>();
        for (FeatureState f : state.features()) {
            features.add(
                    switch (f.type()) {
                        case NUMERIC, INTEGER -> new FeatureDoc(
                                f.name(),
                                f.type().yamlName(),
                                f.nullable(),
                                f.median(),
                                f.center(),
                                f.scale(),
                                null,
                                f.trainMissing(),
                                null);
                        case CATEGORICAL -> new FeatureDoc(
                                f.name(),
                                f.type().yamlName(),
                                f.nullable(),
                                null,
                                null,
                                null,
                                f.categories(),
                                f.trainMissing(),
                                f.trainUnseen());
                        case BOOLEAN -> new FeatureDoc(
                                f.name(),
                                f.type().yamlName(),
                                f.nullable(),
                                null,
                                null,
                                null,
                                null,
                                f.trainMissing(),
                                null);
                    });
        }
        EncoderOptions o = state.options();
        Doc doc = new Doc(
                EncoderState.FORMAT,
                EncoderState.FORMAT_VERSION,
                state.dataset(),
                state.fingerprint(),
                new OptionsDoc(o.scaling().name().toLowerCase(Locale.ROOT), o.minCategoryCount(), o.maxCategories()),
                state.trainRows(),
                features,
                state.featureNames(),
                state.warnings());
        try {
            return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(doc) + "\n";
        } catch (JsonProcessingException e) {
            throw new MlcycleException(
                    Reason.INTERNAL,
                    "cannot write the encoder state of \"" + state.dataset() + "\" as JSON: " + e.getOriginalMessage(),
                    e);
        }
    }

    static EncoderState read(String json) {
        if (json == null || json.isBlank()) {
            throw invalid("expected a JSON object, got " + (json == null ? "null" : "blank text"));
        }
        Doc doc;
        try {
            doc = Json.mapper().readValue(json, Doc.class);
        } catch (JsonProcessingException e) {
            String at = e.getLocation() == null
                    ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr();
            throw new MlcycleException(Reason.INVALID_RECORD, WHERE + at + ": " + e.getOriginalMessage(), e);
        }
        if (doc == null) {
            throw invalid("expected a JSON object, got null");
        }
        if (!EncoderState.FORMAT.equals(doc.format())) {
            throw invalid("\"format\" must be \"" + EncoderState.FORMAT + "\", got "
                    + (doc.format() == null ? "nothing" : "\"" + doc.format() + "\""));
        }
        Integer version = required(doc.formatVersion(), "format_version");
        if (version != EncoderState.FORMAT_VERSION) {
            throw invalid("format_version " + version + " is not supported: this build reads version "
                    + EncoderState.FORMAT_VERSION
                    + (version > EncoderState.FORMAT_VERSION ? " (the state was written by a newer mlcycle)" : ""));
        }
        String dataset = required(doc.dataset(), "dataset");
        OptionsDoc od = required(doc.options(), "options");
        EncoderOptions options;
        try {
            options = new EncoderOptions(
                    parseEnum(Scaling.class, required(od.scaling(), "options.scaling"), "options.scaling"),
                    required(od.minCategoryCount(), "options.min_category_count"),
                    required(od.maxCategories(), "options.max_categories"));
        } catch (MlcycleException e) {
            throw invalid(e.getMessage());
        }
        List<FeatureDoc> fds = required(doc.features(), "features");
        List<FeatureState> features = new ArrayList<>(fds.size());
        for (int i = 0; i < fds.size(); i++) {
            features.add(feature(fds.get(i), "features[" + i + "]"));
        }
        EncoderState state;
        try {
            state = new EncoderState(
                    dataset, options, required(doc.trainRows(), "train_rows"), features, doc.warnings());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw invalid(e.getMessage());
        }
        if (doc.fingerprint() != null && !doc.fingerprint().equals(state.fingerprint())) {
            throw invalid("\"fingerprint\" is \"" + doc.fingerprint() + "\" but the features say \""
                    + state.fingerprint() + "\"");
        }
        if (doc.columns() != null && !doc.columns().equals(state.featureNames())) {
            throw invalid("\"columns\" " + doc.columns() + " do not follow from the features, which give "
                    + state.featureNames());
        }
        return state;
    }

    private static FeatureState feature(FeatureDoc fd, String path) {
        if (fd == null) {
            throw invalid(path + ": expected an object, got null");
        }
        String name = required(fd.name(), path + ".name");
        FeatureType type = parseEnum(FeatureType.class, required(fd.type(), path + ".type"), path + ".type");
        boolean nullable = required(fd.nullable(), path + ".nullable");
        long missing = required(fd.trainMissing(), path + ".train_missing");
        try {
            return switch (type) {
                case NUMERIC, INTEGER -> FeatureState.numeric(
                        name,
                        type,
                        nullable,
                        required(fd.median(), path + ".median"),
                        required(fd.center(), path + ".center"),
                        required(fd.scale(), path + ".scale"),
                        missing);
                case CATEGORICAL -> FeatureState.categorical(
                        name,
                        nullable,
                        required(fd.categories(), path + ".categories"),
                        missing,
                        required(fd.trainUnseen(), path + ".train_unseen"));
                case BOOLEAN -> FeatureState.bool(name, nullable, missing);
            };
        } catch (IllegalArgumentException | NullPointerException e) {
            throw invalid(path + ": " + e.getMessage());
        }
    }

    private static <E extends Enum<E>> E parseEnum(Class<E> type, String text, String path) {
        for (E e : type.getEnumConstants()) {
            if (e.name().toLowerCase(Locale.ROOT).equals(text)) {
                return e;
            }
        }
        List<String> names = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            names.add(e.name().toLowerCase(Locale.ROOT));
        }
        throw invalid(path + ": expected one of " + names + ", got \"" + text + "\"");
    }

    private static <T> T required(T value, String path) {
        if (value == null) {
            throw invalid("\"" + path + "\" is missing");
        }
        return value;
    }

    private static MlcycleException invalid(String detail) {
        return new MlcycleException(Reason.INVALID_RECORD, WHERE + ": " + detail);
    }
}
