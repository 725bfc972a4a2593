package dev.mlcycle.contracts.validation;

import com.fasterxml.jackson.core.JsonToken;
import dev.mlcycle.contracts.spec.FeatureSpec;
import dev.mlcycle.contracts.validation.FlatJson.Raw;
import java.math.BigInteger;

/**
 * The checks ingest runs on a field's JSON value ({@link FeatureEventCodec}), for callers that hold a value already
 * typed rather than JSON text: the serving codec, whose tensors arrive as JSON or as raw binary. Same rules, same
 * messages, one implementation ({@code FieldChecks}).
 *
 * <p>A value is what a JSON parser would have given: a {@link Double} (a JSON number with a fraction or exponent), a
 * {@link Long} or {@link BigInteger} (a JSON integer), a {@link String}, a {@link Boolean}, or null (JSON null).
 */
public final class FeatureValues {
    /** Marks a field that was not sent at all (as opposed to sent as null). */
    public static final Object ABSENT = new Object();

    private FeatureValues() {}

    /**
     * Checks one feature value against its spec: type, range, known category, nullability.
     *
     * @param value the value as described above; {@link #ABSENT} when the field was not sent at all
     * @param out receives the typed value (Double, Long, String, Boolean or null) in {@code out[0]} when valid
     * @return null when valid, else the rejection, whose detail reads {@code field "x": expected ..., got ...}
     */
    public static Rejection feature(FeatureSpec spec, Object value, Object[] out) {
        return FieldChecks.feature(spec, raw(value), out);
    }

    /**
     * Checks an id (an event id, a key) as ingest checks the spec's id field: a non-blank string of at most 256
     * characters.
     */
    public static Rejection identifier(String field, Object value, Object[] out) {
        return FieldChecks.identifier(field, raw(value), out);
    }

    private static Raw raw(Object value) {
        if (value == ABSENT) {
            return null;
        }
        if (value == null) {
            return Raw.NULL;
        }
        if (value instanceof Double d) {
            return new Raw(JsonToken.VALUE_NUMBER_FLOAT, d);
        }
        if (value instanceof Long || value instanceof BigInteger) {
            return new Raw(JsonToken.VALUE_NUMBER_INT, value);
        }
        if (value instanceof String s) {
            return new Raw(JsonToken.VALUE_STRING, s);
        }
        if (value instanceof Boolean b) {
            return new Raw(b ? JsonToken.VALUE_TRUE : JsonToken.VALUE_FALSE, b);
        }
        throw new IllegalArgumentException(
                "not a JSON scalar: " + value.getClass().getName());
    }
}
