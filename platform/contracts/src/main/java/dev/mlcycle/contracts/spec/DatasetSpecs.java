package dev.mlcycle.contracts.spec;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.contracts.Topics;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loads and checks dataset specs written in YAML:
 *
 * <pre>
 * name: credit
 * key: customer_id
 * id: event_id
 * timestamp: event_time
 * label: { name: default, type: categorical, values: [no, yes], arrives: delayed }
 * features:
 *   - { name: income, type: numeric, min: 0, nullable: true }
 *   - { name: region, type: categorical, values: [north, south, east, west], unseen: reject }
 * sort: [region, event_time]
 * partition: day
 * validation: { earliest: 2000-01-01T00:00:00Z, max_future: 1d, unknown_fields: reject }
 * </pre>
 *
 * <p>Every problem in a spec is reported at once, each as {@code file: path: expected ..., got ...},
 * in one {@link MlcycleException} with reason {@link Reason#INVALID_SPEC}.
 */
public final class DatasetSpecs {
    /** Field names become Parquet columns and SQL identifiers. */
    public static final Pattern FIELD_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,63}");

    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");
    private static final Set<String> TOP_KEYS = Set.of(
            "name", "description", "key", "id", "timestamp", "label", "features", "sort", "partition", "validation");
    private static final Set<String> FEATURE_KEYS =
            Set.of("name", "type", "min", "max", "values", "unseen", "nullable", "description");
    private static final Set<String> LABEL_KEYS = Set.of("name", "type", "values", "min", "max", "arrives");
    private static final Set<String> VALIDATION_KEYS =
            Set.of("earliest", "max_future", "unknown_fields", "max_record_bytes", "max_depth");

    // YAML 1.1 reads bare yes/no/on/off as booleans; in a spec they are category names ("values: [no, yes]").
    private static final YAMLMapper YAML = YAMLMapper.builder(YAMLFactory.builder()
                    .enable(YAMLParser.Feature.PARSE_BOOLEAN_LIKE_WORDS_AS_STRINGS)
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private DatasetSpecs() {}

    /** Loads a spec from a file; the file name appears in every error. */
    public static DatasetSpec load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new MlcycleException(Reason.NOT_FOUND, file + ": no such dataset spec file");
        } catch (IOException e) {
            throw new MlcycleException(Reason.INVALID_SPEC, file + ": cannot read: " + e.getMessage(), e);
        }
        return parse(text, file.toString());
    }

    /** Loads a spec from a class-path resource, e.g. {@code datasets/credit.yaml}. */
    public static DatasetSpec loadResource(ClassLoader loader, String resource) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new MlcycleException(Reason.NOT_FOUND, resource + ": no such dataset spec on the class path");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), resource);
        } catch (IOException e) {
            throw new MlcycleException(Reason.INVALID_SPEC, resource + ": cannot read: " + e.getMessage(), e);
        }
    }

    /**
     * Parses and checks a spec.
     *
     * @param yaml the YAML text
     * @param source where it came from (a file name), named in every error
     */
    public static DatasetSpec parse(String yaml, String source) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JacksonException e) {
            String where =
                    e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
            throw new MlcycleException(
                    Reason.INVALID_SPEC, source + ": not valid YAML" + where + ": " + e.getOriginalMessage(), e);
        }
        Problems problems = new Problems(source);
        DatasetSpec spec = new Reader(problems).spec(root);
        problems.throwIfAny();
        return spec;
    }

    /** Collects problems so one run reports all of them. */
    private static final class Problems {
        private final String source;
        private final List<String> messages = new ArrayList<>();

        Problems(String source) {
            this.source = source;
        }

        void add(String path, String expected, JsonNode got) {
            messages.add(path + ": expected " + expected + ", got " + describe(got));
        }

        void add(String path, String message) {
            messages.add(path + ": " + message);
        }

        void throwIfAny() {
            if (messages.isEmpty()) {
                return;
            }
            StringBuilder sb = new StringBuilder(source)
                    .append(": invalid dataset spec (")
                    .append(messages.size())
                    .append(messages.size() == 1 ? " problem)" : " problems)");
            for (String m : messages) {
                sb.append("\n  ").append(source).append(": ").append(m);
            }
            throw new MlcycleException(Reason.INVALID_SPEC, sb.toString());
        }

        boolean isEmpty() {
            return messages.isEmpty();
        }
    }

    static String describe(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        return switch (node.getNodeType()) {
            case NULL -> "null";
            case STRING -> '"' + node.asText() + '"';
            case NUMBER -> "the number " + node.asText();
            case BOOLEAN -> node.asText();
            case ARRAY -> "a list";
            case OBJECT -> "a mapping";
            default -> node.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }

    /** Walks the YAML tree, reporting problems and building the spec from what is sound. */
    private static final class Reader {
        private final Problems p;

        Reader(Problems p) {
            this.p = p;
        }

        DatasetSpec spec(JsonNode root) {
            if (root == null || !root.isObject()) {
                p.add("(top)", "a mapping with name, key, id, timestamp, label, features", root);
                p.throwIfAny();
            }
            unknownKeys(root, "", TOP_KEYS);
            String name = requiredString(root, "name");
            if (name != null && !Topics.DATASET_NAME.matcher(name).matches()) {
                p.add("name", "a dataset name matching " + Topics.DATASET_NAME.pattern(), root.get("name"));
            }
            String description = optionalString(root, "description", "");
            String key = fieldName(root, "key");
            String id = fieldName(root, "id");
            String timestamp = fieldName(root, "timestamp");
            LabelSpec label = label(root.get("label"));
            List<FeatureSpec> features = features(root.get("features"));

            Set<String> names = new HashSet<>();
            for (String[] role : new String[][] {{"key", key}, {"id", id}, {"timestamp", timestamp}}) {
                if (role[1] != null && !names.add(role[1])) {
                    p.add(
                            role[0],
                            "expected a field name distinct from key, id and timestamp, got \"" + role[1] + "\" twice");
                }
            }
            if (label != null && names.contains(label.name())) {
                p.add("label.name", "the label \"" + label.name() + "\" must not reuse the key, id or timestamp field");
            }
            for (int i = 0; i < features.size(); i++) {
                String f = features.get(i).name();
                if (names.contains(f) || (label != null && label.name().equals(f))) {
                    p.add("features[" + i + "].name", "\"" + f + "\" is already the key, id, timestamp or label field");
                }
            }

            List<String> sort = sort(root.get("sort"), features, key, id, timestamp);
            Partitioning partition = enumValue(root, "partition", Partitioning.class, Partitioning.DAY);
            ValidationRules validation = validation(root.get("validation"));
            if (!p.isEmpty()) {
                return null;
            }
            return new DatasetSpec(name, description, key, id, timestamp, label, features, sort, partition, validation);
        }

        private List<FeatureSpec> features(JsonNode node) {
            List<FeatureSpec> out = new ArrayList<>();
            if (node == null || node.isNull()) {
                p.add("features", "a list of at least one feature, got nothing");
                return out;
            }
            if (!node.isArray() || node.isEmpty()) {
                p.add("features", "a list of at least one feature", node);
                return out;
            }
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < node.size(); i++) {
                String path = "features[" + i + "]";
                JsonNode f = node.get(i);
                if (!f.isObject()) {
                    p.add(path, "a mapping with name and type", f);
                    continue;
                }
                unknownKeys(f, path + ".", FEATURE_KEYS);
                String name = fieldName(f, path, "name");
                if (name != null && !seen.add(name)) {
                    p.add(path + ".name", "expected a name not used by another feature, got \"" + name + "\" again");
                }
                FeatureType type = requiredEnum(f, path, "type", FeatureType.class);
                Double min = optionalNumber(f, path, "min");
                Double max = optionalNumber(f, path, "max");
                boolean nullable = optionalBoolean(f, path, "nullable", false);
                String description = optionalString(f, "description", "");
                List<String> values = List.of();
                boolean unseenAllowed = false;
                if (type == FeatureType.CATEGORICAL) {
                    values = categories(f.get("values"), path + ".values");
                    unseenAllowed = unseen(f, path);
                    mustBeAbsent(f, path, "min", "a categorical feature has values, not min");
                    mustBeAbsent(f, path, "max", "a categorical feature has values, not max");
                } else if (type != null) {
                    mustBeAbsent(f, path, "values", "only categorical features have values");
                    mustBeAbsent(f, path, "unseen", "only categorical features have an unseen policy");
                    if (type == FeatureType.BOOLEAN) {
                        mustBeAbsent(f, path, "min", "a boolean feature has no min");
                        mustBeAbsent(f, path, "max", "a boolean feature has no max");
                    }
                    if (min != null && max != null && min > max) {
                        p.add(
                                path + ".max",
                                "expected a max >= min (" + SpecText.num(min) + "), got " + SpecText.num(max));
                    }
                }
                if (name != null && type != null) {
                    out.add(new FeatureSpec(name, type, min, max, values, unseenAllowed, nullable, description));
                }
            }
            return out;
        }

        private boolean unseen(JsonNode f, String path) {
            JsonNode u = f.get("unseen");
            if (u == null || u.isNull()) {
                return false;
            }
            if (u.isTextual() && (u.asText().equals("allow") || u.asText().equals("reject"))) {
                return u.asText().equals("allow");
            }
            p.add(path + ".unseen", "allow or reject", u);
            return false;
        }

        private LabelSpec label(JsonNode node) {
            if (node == null || node.isNull()) {
                p.add("label", "a mapping with name, type and arrives, got nothing");
                return null;
            }
            if (!node.isObject()) {
                p.add("label", "a mapping with name, type and arrives", node);
                return null;
            }
            unknownKeys(node, "label.", LABEL_KEYS);
            String name = fieldName(node, "label", "name");
            FeatureType type = requiredEnum(node, "label", "type", FeatureType.class);
            if (type == FeatureType.INTEGER || type == FeatureType.BOOLEAN) {
                p.add("label.type", "categorical (classification) or numeric (regression)", node.get("type"));
                type = null;
            }
            List<String> values = List.of();
            Double min = optionalNumber(node, "label", "min");
            Double max = optionalNumber(node, "label", "max");
            if (type == FeatureType.CATEGORICAL) {
                values = categories(node.get("values"), "label.values");
                if (values.size() < 2 && !values.isEmpty()) {
                    p.add("label.values", "at least two classes", node.get("values"));
                }
            } else if (type == FeatureType.NUMERIC) {
                mustBeAbsent(node, "label", "values", "a numeric label has no values");
                if (min != null && max != null && min > max) {
                    p.add("label.max", "expected a max >= min (" + SpecText.num(min) + "), got " + SpecText.num(max));
                }
            }
            LabelSpec.Arrival arrives = requiredEnum(node, "label", "arrives", LabelSpec.Arrival.class);
            if (name == null || type == null || arrives == null) {
                return null;
            }
            return new LabelSpec(name, type, values, min, max, arrives);
        }

        private List<String> sort(JsonNode node, List<FeatureSpec> features, String key, String id, String timestamp) {
            if (node == null || node.isNull()) {
                return timestamp == null ? List.of() : List.of(timestamp);
            }
            if (!node.isArray() || node.isEmpty()) {
                p.add("sort", "a list of field names", node);
                return List.of();
            }
            Set<String> known = new LinkedHashSet<>();
            features.forEach(f -> known.add(f.name()));
            for (String s : new String[] {key, id, timestamp}) {
                if (s != null) {
                    known.add(s);
                }
            }
            List<String> out = new ArrayList<>();
            for (int i = 0; i < node.size(); i++) {
                JsonNode s = node.get(i);
                if (!s.isTextual() || !known.contains(s.asText())) {
                    p.add("sort[" + i + "]", "one of the dataset's fields " + known, s);
                } else if (out.contains(s.asText())) {
                    p.add("sort[" + i + "]", "a field not already in the sort key", s);
                } else {
                    out.add(s.asText());
                }
            }
            return out;
        }

        private ValidationRules validation(JsonNode node) {
            ValidationRules d = ValidationRules.DEFAULTS;
            if (node == null || node.isNull()) {
                return d;
            }
            if (!node.isObject()) {
                p.add("validation", "a mapping", node);
                return d;
            }
            unknownKeys(node, "validation.", VALIDATION_KEYS);
            Instant earliest = d.earliest();
            JsonNode e = node.get("earliest");
            if (e != null && !e.isNull()) {
                try {
                    earliest = Instant.parse(e.asText());
                } catch (DateTimeParseException ex) {
                    p.add("validation.earliest", "an ISO-8601 instant like 2000-01-01T00:00:00Z", e);
                }
            }
            Duration maxFuture = d.maxFuture();
            JsonNode mf = node.get("max_future");
            if (mf != null && !mf.isNull()) {
                Duration parsed = parseDuration(mf.asText());
                if (parsed == null || parsed.isNegative()) {
                    p.add("validation.max_future", "a duration like 1d, 12h, 30m or PT1H", mf);
                } else {
                    maxFuture = parsed;
                }
            }
            boolean reject = d.rejectUnknownFields();
            JsonNode uf = node.get("unknown_fields");
            if (uf != null && !uf.isNull()) {
                if (uf.isTextual()
                        && (uf.asText().equals("reject") || uf.asText().equals("ignore"))) {
                    reject = uf.asText().equals("reject");
                } else {
                    p.add("validation.unknown_fields", "reject or ignore", uf);
                }
            }
            int maxBytes = positiveInt(node, "validation", "max_record_bytes", d.maxRecordBytes(), 256);
            int maxDepth = positiveInt(node, "validation", "max_depth", d.maxDepth(), 2);
            return new ValidationRules(earliest, maxFuture, reject, maxBytes, maxDepth);
        }

        private List<String> categories(JsonNode node, String path) {
            if (node == null || node.isNull()) {
                p.add(path, "a list of known categories, got nothing");
                return List.of();
            }
            if (!node.isArray() || node.isEmpty()) {
                p.add(path, "a non-empty list of strings", node);
                return List.of();
            }
            List<String> out = new ArrayList<>();
            for (int i = 0; i < node.size(); i++) {
                JsonNode v = node.get(i);
                if (!v.isTextual() || v.asText().isEmpty()) {
                    p.add(path + "[" + i + "]", "a non-empty string (quote numbers and booleans)", v);
                } else if (out.contains(v.asText())) {
                    p.add(path + "[" + i + "]", "a value not already listed", v);
                } else {
                    out.add(v.asText());
                }
            }
            return out;
        }

        private void unknownKeys(JsonNode node, String prefix, Set<String> allowed) {
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (!allowed.contains(k)) {
                    p.add(prefix + k, "unknown key; expected one of " + new java.util.TreeSet<>(allowed));
                }
            }
        }

        private void mustBeAbsent(JsonNode node, String path, String key, String why) {
            if (node.has(key) && !node.get(key).isNull()) {
                p.add(path + "." + key, why);
            }
        }

        private String requiredString(JsonNode node, String key) {
            JsonNode v = node.get(key);
            if (v == null || v.isNull()) {
                p.add(key, "a string, got nothing");
                return null;
            }
            if (!v.isTextual() || v.asText().isBlank()) {
                p.add(key, "a non-empty string", v);
                return null;
            }
            return v.asText();
        }

        private String fieldName(JsonNode node, String key) {
            return fieldName(node, null, key);
        }

        private String fieldName(JsonNode node, String parent, String key) {
            String path = parent == null ? key : parent + "." + key;
            JsonNode v = node.get(key);
            if (v == null || v.isNull()) {
                p.add(path, "a field name, got nothing");
                return null;
            }
            if (!v.isTextual() || !FIELD_NAME.matcher(v.asText()).matches()) {
                p.add(path, "a field name matching " + FIELD_NAME.pattern(), v);
                return null;
            }
            return v.asText();
        }

        private static String optionalString(JsonNode node, String key, String dflt) {
            JsonNode v = node.get(key);
            return v == null || v.isNull() ? dflt : v.asText();
        }

        private Double optionalNumber(JsonNode node, String parent, String key) {
            JsonNode v = node.get(key);
            if (v == null || v.isNull()) {
                return null;
            }
            if (!v.isNumber() || !Double.isFinite(v.asDouble())) {
                p.add(parent + "." + key, "a finite number", v);
                return null;
            }
            return v.asDouble();
        }

        private boolean optionalBoolean(JsonNode node, String parent, String key, boolean dflt) {
            JsonNode v = node.get(key);
            if (v == null || v.isNull()) {
                return dflt;
            }
            if (!v.isBoolean()) {
                p.add(parent + "." + key, "true or false", v);
                return dflt;
            }
            return v.asBoolean();
        }

        private int positiveInt(JsonNode node, String parent, String key, int dflt, int least) {
            JsonNode v = node.get(key);
            if (v == null || v.isNull()) {
                return dflt;
            }
            if (!v.canConvertToInt()
                    || v.getNodeType() != JsonNodeType.NUMBER
                    || v.asInt() < least
                    || !v.isIntegralNumber()) {
                p.add(parent + "." + key, "an integer >= " + least, v);
                return dflt;
            }
            return v.asInt();
        }

        private <E extends Enum<E>> E requiredEnum(JsonNode node, String parent, String key, Class<E> type) {
            JsonNode v = node.get(key);
            if (v == null || v.isNull()) {
                p.add(parent + "." + key, "one of " + names(type) + ", got nothing");
                return null;
            }
            return parseEnum(v, parent + "." + key, type);
        }

        private <E extends Enum<E>> E enumValue(JsonNode node, String key, Class<E> type, E dflt) {
            JsonNode v = node.get(key);
            return v == null || v.isNull() ? dflt : parseEnum(v, key, type);
        }

        private <E extends Enum<E>> E parseEnum(JsonNode v, String path, Class<E> type) {
            if (v.isTextual()) {
                for (E e : type.getEnumConstants()) {
                    if (e.name().equalsIgnoreCase(v.asText())) {
                        return e;
                    }
                }
            }
            p.add(path, "one of " + names(type), v);
            return null;
        }

        private static <E extends Enum<E>> String names(Class<E> type) {
            List<String> n = new ArrayList<>();
            for (E e : type.getEnumConstants()) {
                n.add(e.name().toLowerCase(Locale.ROOT));
            }
            return String.join(", ", n);
        }
    }

    /** Parses {@code 1d}, {@code 12h}, {@code 30m}, {@code 45s}, {@code 500ms} or ISO-8601 {@code PT1H}; null if neither. */
    public static Duration parseDuration(String text) {
        if (text == null) {
            return null;
        }
        String t = text.trim();
        Matcher m = SHORT_DURATION.matcher(t);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        try {
            return Duration.parse(t.toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
