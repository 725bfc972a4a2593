package dev.mlcycle.contracts.record;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks shared by the records' compact constructors. Each failure is an {@link
 * IllegalArgumentException} whose message names the JSON field and says what was expected and what
 * came ({@code field "rows": expected >= 0, got -3}); {@link dev.mlcycle.contracts.json.JsonCodec}
 * puts the source and the path of a nested record in front of it.
 */
final class Fields {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private Fields() {}

    static <T> T required(T value, String field) {
        if (value == null) {
            throw new IllegalArgumentException("missing field \"" + field + "\"");
        }
        return value;
    }

    /** A required string with at least one non-blank character. */
    static String text(String value, String field) {
        required(value, field);
        if (value.isBlank()) {
            throw new IllegalArgumentException(
                    "field \"" + field + "\": expected a non-empty string, got \"" + value + "\"");
        }
        return value;
    }

    /** An optional string: null, or non-blank. */
    static String optionalText(String value, String field) {
        return value == null ? null : text(value, field);
    }

    static String matching(String value, Pattern pattern, String field) {
        required(value, field);
        if (!pattern.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    "field \"" + field + "\": expected " + pattern.pattern() + ", got \"" + value + "\"");
        }
        return value;
    }

    static String optionalMatching(String value, Pattern pattern, String field) {
        return value == null ? null : matching(value, pattern, field);
    }

    static long atLeast(long value, long min, String field) {
        if (value < min) {
            throw new IllegalArgumentException("field \"" + field + "\": expected >= " + min + ", got " + value);
        }
        return value;
    }

    static Integer optionalAtLeast(Integer value, int min, String field) {
        if (value != null) {
            atLeast(value, min, field);
        }
        return value;
    }

    static Long optionalAtLeast(Long value, long min, String field) {
        if (value != null) {
            atLeast(value, min, field);
        }
        return value;
    }

    /** A finite number: JSON has no NaN or infinity, and a metric that is one is a bug upstream. */
    static double finite(double value, String field) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("field \"" + field + "\": expected a finite number, got " + value);
        }
        return value;
    }

    static Double optionalFinite(Double value, String field) {
        return value == null ? null : finite(value, field);
    }

    static double nonNegative(double value, String field) {
        finite(value, field);
        if (value < 0) {
            throw new IllegalArgumentException("field \"" + field + "\": expected >= 0, got " + value);
        }
        return value;
    }

    static Double optionalNonNegative(Double value, String field) {
        return value == null ? null : nonNegative(value, field);
    }

    static Double optionalProbability(Double value, String field) {
        if (value != null && !(value >= 0.0 && value <= 1.0)) {
            throw new IllegalArgumentException("field \"" + field + "\": expected a number in [0, 1], got " + value);
        }
        return value;
    }

    static String sha256(String value, String field) {
        required(value, field);
        if (!SHA256.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    "field \"" + field + "\": expected a sha256 as 64 lower-case hex digits, got \"" + value + "\"");
        }
        return value;
    }

    /**
     * A path relative to some root: not empty, not absolute, no {@code ..} segment, forward slashes,
     * so that joining it to the root can never leave the root.
     */
    static String relativePath(String value, String field) {
        text(value, field);
        boolean escapes = value.startsWith("/")
                || value.contains("\\")
                || value.contains(":")
                || List.of(value.split("/", -1)).stream().anyMatch(s -> s.isEmpty() || s.equals("..") || s.equals("."));
        if (escapes) {
            throw new IllegalArgumentException(
                    "field \"" + field + "\": expected a relative path like models/credit/3, got \"" + value + "\"");
        }
        return value;
    }

    /** {@code earlier <= later} when both are present. */
    static void ordered(Instant earlier, String earlierField, Instant later, String laterField) {
        if (earlier != null && later != null && later.isBefore(earlier)) {
            throw new IllegalArgumentException("field \"" + laterField + "\": expected at or after " + earlierField
                    + " (" + earlier + "), got " + later);
        }
    }

    /** A required list, copied; a null element is refused with its index. */
    static <T> List<T> list(List<T> values, String field) {
        required(values, field);
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) == null) {
                throw new IllegalArgumentException("missing field \"" + field + "[" + i + "]\"");
            }
        }
        return List.copyOf(values);
    }

    /** An optional list: absent means empty. */
    static <T> List<T> optionalList(List<T> values, String field) {
        return values == null ? List.of() : list(values, field);
    }

    /** A required list of non-blank strings. */
    static List<String> texts(List<String> values, String field) {
        List<String> copy = list(values, field);
        for (int i = 0; i < copy.size(); i++) {
            text(copy.get(i), field + "[" + i + "]");
        }
        return copy;
    }

    /**
     * A required map, copied in its order (so JSON written from it is stable), unmodifiable; keys must
     * be non-blank and values present.
     */
    static <V> Map<String, V> map(Map<String, V> values, String field) {
        required(values, field);
        Map<String, V> copy = new LinkedHashMap<>();
        for (Map.Entry<String, V> e : values.entrySet()) {
            String key = e.getKey();
            if (key == null || key.isBlank()) {
                throw new IllegalArgumentException(
                        "field \"" + field + "\": expected non-empty keys, got " + (key == null ? "null" : "\"\""));
            }
            if (e.getValue() == null) {
                throw new IllegalArgumentException("missing field \"" + field + "." + key + "\"");
            }
            copy.put(key, e.getValue());
        }
        return Collections.unmodifiableMap(copy);
    }

    /** An optional map: absent means empty. */
    static <V> Map<String, V> optionalMap(Map<String, V> values, String field) {
        return map(values == null ? Map.of() : values, field);
    }

    /** A map of finite numbers (metrics, evidence), absent meaning empty. */
    static Map<String, Double> optionalNumbers(Map<String, Double> values, String field) {
        Map<String, Double> copy = optionalMap(values, field);
        copy.forEach((k, v) -> finite(v, field + "." + k));
        return copy;
    }
}
