package dev.mlcycle.datagen.fault;

import dev.mlcycle.contracts.spec.DatasetSpec;
import dev.mlcycle.contracts.spec.FeatureSpec;
import dev.mlcycle.contracts.spec.FeatureType;
import dev.mlcycle.contracts.validation.FeatureEventCodec;
import dev.mlcycle.datagen.model.FeatureTraits;
import dev.mlcycle.datagen.model.Rng;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns the field map of a well-formed event into a malformed record of a given kind, one defect per
 * record so the codec's rejection is exactly {@link FaultKind#expectedReason()}. Everything is drawn
 * from the given stream; the input map is not changed.
 */
public final class Malformer {
    private static final List<String> BAD_TIME_TEXTS = List.of(
            "2026-13-01T00:00:00Z",
            "2026-02-30T10:00:00Z",
            "2026-01-01T25:00:00Z",
            "2026-01-01 00:00:00",
            "01/02/2026 10:00",
            "yesterday",
            "");
    private static final List<String> TRAILING = List.of("}", ",", "]", "{}", " x");

    private final DatasetSpec spec;
    private final List<FeatureTraits> traits;
    private final List<FeatureSpec> requiredFeatures = new ArrayList<>();
    private final List<FeatureSpec> rejectingCategoricals = new ArrayList<>();
    private final List<FeatureSpec> bounded = new ArrayList<>();

    /**
     * A malformed record.
     *
     * @param value the record's bytes (UTF-8 text)
     * @param field the field at fault, or null when the record as a whole is broken
     */
    public record Malformed(byte[] value, String field) {}

    public Malformer(DatasetSpec spec, List<FeatureTraits> traits) {
        this.spec = spec;
        this.traits = traits;
        for (FeatureSpec f : spec.features()) {
            if (!f.nullable()) {
                requiredFeatures.add(f);
            }
            if (f.isCategorical() && !f.unseenAllowed()) {
                rejectingCategoricals.add(f);
            }
            if (f.isNumeric() && (f.min() != null || f.max() != null)) {
                bounded.add(f);
            }
        }
    }

    /** Whether the spec has something this kind can break (e.g. a categorical feature that rejects unseen values). */
    public boolean supports(FaultKind kind) {
        return switch (kind) {
            case UNKNOWN_CATEGORY -> !rejectingCategoricals.isEmpty();
            case OUT_OF_RANGE -> !bounded.isEmpty();
            default -> kind.malformed();
        };
    }

    /** A malformed record of {@code kind} made from {@code fields} (as {@link FeatureEventCodec#fields}). */
    public Malformed make(FaultKind kind, Map<String, Object> fields, Rng rng) {
        LinkedHashMap<String, Object> f = new LinkedHashMap<>(fields);
        return switch (kind) {
            case BROKEN_JSON -> brokenJson(f, rng);
            case WRONG_TYPE -> wrongType(f, rng);
            case MISSING_FIELD -> missingField(f, rng);
            case UNKNOWN_CATEGORY -> unknownCategory(f, rng);
            case OUT_OF_RANGE -> outOfRange(f, rng);
            case BAD_TIMESTAMP -> badTimestamp(f, rng);
            case NULLS, OUTLIERS -> throw new IllegalArgumentException(kind + " is not a malformed kind");
        };
    }

    private Malformed brokenJson(LinkedHashMap<String, Object> f, Rng rng) {
        String json = new String(FeatureEventCodec.encodeFields(f), StandardCharsets.UTF_8);
        String broken =
                switch (rng.nextInt(4)) {
                    case 0 -> json.substring(0, 1 + rng.nextInt(json.length() - 1)); // truncated
                    case 1 -> { // a field's colon dropped
                        List<Integer> colons = occurrences(json, "\":");
                        int at = colons.get(rng.nextInt(colons.size())) + 1;
                        yield json.substring(0, at) + json.substring(at + 1);
                    }
                    case 2 -> json + TRAILING.get(rng.nextInt(TRAILING.size())); // trailing garbage
                    default -> { // a field name in single quotes
                        List<Integer> colons = occurrences(json, "\":");
                        int end = colons.get(rng.nextInt(colons.size()));
                        int start = json.lastIndexOf('"', end - 1);
                        yield json.substring(0, start) + "'" + json.substring(start + 1, end) + "'"
                                + json.substring(end + 1);
                    }
                };
        return new Malformed(broken.getBytes(StandardCharsets.UTF_8), null);
    }

    private Malformed wrongType(LinkedHashMap<String, Object> f, Rng rng) {
        List<String> names = new ArrayList<>(List.of(spec.id(), spec.key(), spec.timestamp()));
        names.addAll(spec.featureNames());
        String name = names.get(rng.nextInt(names.size()));
        Object current = f.get(name);
        Object wrong;
        if (name.equals(spec.id()) || name.equals(spec.key())) {
            wrong = switch (rng.nextInt(3)) {
                case 0 -> rng.between(1, 99_999_999);
                case 1 -> Boolean.TRUE;
                default -> Map.of("value", String.valueOf(current));
            };
        } else if (name.equals(spec.timestamp())) {
            // Not a number: integers are read as epoch milliseconds.
            wrong = switch (rng.nextInt(3)) {
                case 0 -> Boolean.FALSE;
                case 1 -> List.of(String.valueOf(current));
                default -> Map.of("seconds", 1_767_225_600L);
            };
        } else {
            FeatureSpec fs = spec.feature(name).orElseThrow();
            wrong = switch (fs.type()) {
                case NUMERIC -> rng.nextInt(3) == 0
                        ? List.of(numberOr(current, 1.5))
                        : String.valueOf(numberOr(current, 12.0));
                case INTEGER -> rng.nextInt(2) == 0
                        ? String.valueOf(numberOr(current, 3L))
                        : ((Number) numberOr(current, 3L)).longValue() + 0.5;
                case CATEGORICAL -> switch (rng.nextInt(3)) {
                    case 0 -> (long) rng.nextInt(10);
                    case 1 -> Boolean.TRUE;
                    default -> List.of(String.valueOf(current));
                };
                case BOOLEAN -> rng.nextInt(2) == 0 ? String.valueOf(current) : (long) rng.nextInt(2);
            };
        }
        f.put(name, wrong);
        return new Malformed(FeatureEventCodec.encodeFields(f), name);
    }

    private static Object numberOr(Object v, Object dflt) {
        return v == null ? dflt : v;
    }

    private Malformed missingField(LinkedHashMap<String, Object> f, Rng rng) {
        List<String> names = new ArrayList<>(List.of(spec.id(), spec.key(), spec.timestamp()));
        requiredFeatures.forEach(x -> names.add(x.name()));
        String name = names.get(rng.nextInt(names.size()));
        f.remove(name);
        return new Malformed(FeatureEventCodec.encodeFields(f), name);
    }

    private Malformed unknownCategory(LinkedHashMap<String, Object> f, Rng rng) {
        FeatureSpec fs = rejectingCategoricals.get(rng.nextInt(rejectingCategoricals.size()));
        String known = fs.values().get(rng.nextInt(fs.values().size()));
        String bad =
                switch (rng.nextInt(5)) {
                    case 0 -> known.toUpperCase(Locale.ROOT);
                    case 1 -> known + " ";
                    case 2 -> known + "_" + rng.between(2, 99);
                    case 3 -> "unknown";
                    default -> "";
                };
        if (fs.values().contains(bad)) {
            bad = "not_" + known; // a spec that lists "unknown" or an upper-case value
        }
        f.put(fs.name(), bad);
        return new Malformed(FeatureEventCodec.encodeFields(f), fs.name());
    }

    private Malformed outOfRange(LinkedHashMap<String, Object> f, Rng rng) {
        FeatureSpec fs = bounded.get(rng.nextInt(bounded.size()));
        boolean below = fs.min() != null && (fs.max() == null || rng.nextInt(2) == 0);
        FeatureTraits t = traitsOf(fs.name());
        int decimals = t.decimals();
        double scale = fs.min() != null && fs.max() != null ? fs.max() - fs.min() : t.sd();
        double step = Math.max(1.0, scale) * rng.uniform(0.01, 0.5);
        Object value;
        if (fs.type() == FeatureType.INTEGER) {
            long delta = 1 + (long) Math.floor(step);
            value = below ? (long) Math.ceil(fs.min()) - delta : (long) Math.floor(fs.max()) + delta;
        } else {
            double delta = FeatureTraits.roundTo(Math.max(step, 1.0), Math.min(decimals, 2));
            value = below ? fs.min() - delta : fs.max() + delta;
        }
        f.put(fs.name(), value);
        return new Malformed(FeatureEventCodec.encodeFields(f), fs.name());
    }

    private Malformed badTimestamp(LinkedHashMap<String, Object> f, Rng rng) {
        Instant earliest = spec.validation().earliest();
        Instant before = earliest.minus(Duration.ofSeconds(rng.between(1, 30L * 365 * 86_400)));
        Object value =
                switch (rng.nextInt(3)) {
                    case 0 -> BAD_TIME_TEXTS.get(rng.nextInt(BAD_TIME_TEXTS.size()));
                    case 1 -> before.toString();
                    default -> before.toEpochMilli();
                };
        f.put(spec.timestamp(), value);
        return new Malformed(FeatureEventCodec.encodeFields(f), spec.timestamp());
    }

    private FeatureTraits traitsOf(String name) {
        for (FeatureTraits t : traits) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("no traits for " + name);
    }

    private static List<Integer> occurrences(String s, String needle) {
        List<Integer> out = new ArrayList<>();
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) {
            out.add(i);
        }
        return out;
    }
}
