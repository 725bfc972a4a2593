package dev.mlcycle.contracts.json;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Encodes and decodes one record type as JSON. A bad input fails with an {@link MlcycleException} of
 * reason {@link Reason#INVALID_RECORD} whose message names where the bytes came from (a topic and
 * offset, a file), the field, what was expected and what came: {@code mlcycle.lake.commits
 * partition 0 offset 12, field "rows": expected a number, got "many"}.
 *
 * @param <T> the record type
 */
public final class JsonCodec<T> {
    private final Class<T> type;
    private final ObjectReader reader;
    private final ObjectWriter writer;
    private final ObjectWriter prettyWriter;

    private JsonCodec(Class<T> type) {
        this.type = type;
        this.reader = Json.mapper().readerFor(type);
        this.writer = Json.mapper().writerFor(type);
        this.prettyWriter = writer.withDefaultPrettyPrinter();
    }

    public static <T> JsonCodec<T> of(Class<T> type) {
        return new JsonCodec<>(Objects.requireNonNull(type, "type"));
    }

    public Class<T> type() {
        return type;
    }

    /** Compact UTF-8 JSON, as written to topics. */
    public byte[] encode(T value) {
        try {
            return writer.writeValueAsBytes(Objects.requireNonNull(value, "value"));
        } catch (JsonProcessingException e) {
            throw new MlcycleException(
                    Reason.INTERNAL, "cannot encode " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }

    /** Indented JSON, for files people read and for golden examples. */
    public String encodePretty(T value) {
        try {
            return prettyWriter.writeValueAsString(Objects.requireNonNull(value, "value"));
        } catch (JsonProcessingException e) {
            throw new MlcycleException(
                    Reason.INTERNAL, "cannot encode " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Decodes one record.
     *
     * @param bytes the JSON, UTF-8
     * @param source where the bytes came from, for the error message: a topic with partition and
     *     offset, or a file path
     */
    public T decode(byte[] bytes, String source) {
        if (bytes == null) {
            throw new MlcycleException(
                    Reason.INVALID_RECORD,
                    source + ": expected a " + type.getSimpleName() + " as JSON, got no value (null)");
        }
        // Our own parser, closed after the error is described: Jackson's readValue(byte[]) closes it
        // first, and a closed parser no longer tells which token was wrong ("got true").
        try (JsonParser parser = reader.createParser(bytes)) {
            T value;
            try {
                value = reader.readValue(parser);
            } catch (JacksonException e) {
                throw new MlcycleException(Reason.INVALID_RECORD, source + ", " + describe(e, bytes), e);
            }
            if (value == null) {
                throw new MlcycleException(
                        Reason.INVALID_RECORD, source + ": expected a " + type.getSimpleName() + " as JSON, got null");
            }
            return value;
        } catch (JacksonException e) {
            throw new MlcycleException(Reason.INVALID_RECORD, source + ", " + describe(e, bytes), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public T decode(String json, String source) {
        return decode(json == null ? null : json.getBytes(StandardCharsets.UTF_8), source);
    }

    /** Turns a Jackson failure into "field "x": expected ..., got ...". */
    static String describe(JacksonException e, byte[] bytes) {
        if (isBlank(bytes)) {
            return "expected JSON, got an empty value";
        }
        String field = e instanceof JsonMappingException m ? JsonPaths.of(m.getPath()) : "";
        String where = field.isEmpty() ? "" : "field \"" + field + "\": ";
        if (e instanceof ValueInstantiationException v) {
            Throwable cause = v.getCause() != null ? v.getCause() : v;
            return nested(field, cause.getMessage());
        }
        if (e instanceof InvalidFormatException f) {
            return where + "expected " + expectation(f.getTargetType()) + ", got " + shown(f.getValue());
        }
        if (e instanceof MismatchedInputException m) {
            String msg = m.getOriginalMessage();
            if (msg != null
                    && (msg.startsWith("Missing required creator property")
                            || msg.startsWith("Missing creator property"))) {
                int q1 = msg.indexOf('\'');
                int q2 = q1 < 0 ? -1 : msg.indexOf('\'', q1 + 1);
                String missing = q2 > q1 ? msg.substring(q1 + 1, q2) : "?";
                String parent = field.contains(".") ? field.substring(0, field.lastIndexOf('.') + 1) : "";
                if (!field.isEmpty() && !field.endsWith(missing)) {
                    parent = field + ".";
                }
                return "missing field \"" + parent + missing + "\"";
            }
            if (msg != null && msg.startsWith("Trailing token")) {
                return "expected one JSON value, got more after it";
            }
            if (msg != null && msg.startsWith("Cannot map `null` into type") && !field.isEmpty()) {
                // A primitive (number, boolean) that came as null, or did not come at all.
                return isAbsent(m)
                        ? "missing field \"" + field + "\""
                        : where + "expected " + expectation(m.getTargetType()) + ", got null";
            }
            if (m.getTargetType() != null) {
                return where + "expected " + expectation(m.getTargetType()) + ", got " + tokenOf(m);
            }
        }
        return where + "not valid JSON: " + e.getOriginalMessage();
    }

    private static final Pattern FIELD_MESSAGE =
            Pattern.compile("(missing field |field )\"([^\"]*)\"(.*)", Pattern.DOTALL);

    /**
     * A record constructor names its own field ({@code field "rows": expected >= 0, got -3}); inside a
     * list or a nested record, prefix the path to it: {@code field "files[2].rows": ...}.
     */
    private static String nested(String path, String message) {
        if (path.isEmpty()) {
            return String.valueOf(message);
        }
        Matcher m = message == null ? null : FIELD_MESSAGE.matcher(message);
        if (m == null || !m.matches()) {
            return "field \"" + path + "\": " + message;
        }
        String inner = m.group(2);
        String joined = inner.isEmpty() ? path : inner.startsWith("[") ? path + inner : path + "." + inner;
        return m.group(1) + "\"" + joined + "\"" + m.group(3);
    }

    private static boolean isAbsent(MismatchedInputException m) {
        return m.getProcessor() instanceof JsonParser p
                && (p.currentToken() == JsonToken.END_OBJECT || p.currentToken() == JsonToken.FIELD_NAME);
    }

    private static boolean isBlank(byte[] bytes) {
        for (byte b : bytes) {
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    private static String tokenOf(MismatchedInputException m) {
        if (m.getProcessor() instanceof JsonParser p && p.currentToken() != null) {
            try {
                return switch (p.currentToken()) {
                    case VALUE_STRING -> "\"" + p.getText() + "\"";
                    case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "the number " + p.getText();
                    case VALUE_TRUE, VALUE_FALSE -> "the boolean " + p.getText();
                    case VALUE_NULL -> "null";
                    case END_OBJECT, FIELD_NAME -> "nothing";
                    case START_OBJECT -> "an object";
                    case START_ARRAY -> "an array";
                    default -> p.currentToken().asString() == null
                            ? p.currentToken().name()
                            : p.currentToken().asString();
                };
            } catch (IOException ignored) {
                return "something else";
            }
        }
        return "something else";
    }

    private static String expectation(Class<?> target) {
        if (target == null) {
            return "a value";
        }
        if (Number.class.isAssignableFrom(target) || (target.isPrimitive() && target != boolean.class)) {
            return "a number";
        }
        if (target == Boolean.class || target == boolean.class) {
            return "true or false";
        }
        if (target == String.class) {
            return "a string";
        }
        if (target == java.time.Instant.class) {
            return "an ISO-8601 instant like 2026-01-01T00:00:00Z";
        }
        if (target == java.time.Duration.class) {
            return "an ISO-8601 duration like PT30S";
        }
        if (target.isEnum()) {
            return "one of " + java.util.Arrays.toString(target.getEnumConstants());
        }
        if (java.util.Collection.class.isAssignableFrom(target) || target.isArray()) {
            return "an array";
        }
        if (java.util.Map.class.isAssignableFrom(target) || target.isRecord()) {
            return "an object";
        }
        return "a " + target.getSimpleName();
    }

    private static String shown(Object value) {
        return value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
    }
}
