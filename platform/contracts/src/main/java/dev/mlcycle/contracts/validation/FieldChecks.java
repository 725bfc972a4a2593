package dev.mlcycle.contracts.validation;

import com.fasterxml.jackson.core.JsonToken;
import dev.mlcycle.contracts.spec.FeatureSpec;
import dev.mlcycle.contracts.spec.FeatureType;
import dev.mlcycle.contracts.spec.LabelSpec;
import dev.mlcycle.contracts.spec.ValidationRules;
import dev.mlcycle.contracts.validation.FlatJson.Raw;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.function.Supplier;

/**
 * Checks one parsed field against the spec. Each method either stores the typed value in {@code
 * out[0]} and returns null, or returns the rejection.
 */
final class FieldChecks {
    /** Longest id or key accepted; ids end up in lake columns, Kafka keys and URLs. */
    static final int MAX_ID_LENGTH = 256;

    private FieldChecks() {}

    static Rejection identifier(String field, Raw raw, Object[] out) {
        if (raw == null) {
            return Rejection.of(RejectReason.MISSING_FIELD, field, "a non-empty string", "nothing");
        }
        if (raw.isNull()) {
            return Rejection.of(RejectReason.NULL_VALUE, field, "a non-empty string", "null");
        }
        if (raw.token() != JsonToken.VALUE_STRING) {
            return Rejection.of(RejectReason.WRONG_TYPE, field, "a non-empty string", raw.shown());
        }
        String s = (String) raw.value();
        if (s.isBlank() || s.length() > MAX_ID_LENGTH) {
            return Rejection.of(
                    RejectReason.INVALID_VALUE,
                    field,
                    "a non-blank string of at most " + MAX_ID_LENGTH + " characters",
                    raw.shown());
        }
        out[0] = s;
        return null;
    }

    static Rejection timestamp(String field, Raw raw, ValidationRules rules, Clock clock, Object[] out) {
        String expected = "an ISO-8601 instant like 2026-01-01T00:00:00Z or epoch milliseconds";
        if (raw == null) {
            return Rejection.of(RejectReason.MISSING_FIELD, field, expected, "nothing");
        }
        if (raw.isNull()) {
            return Rejection.of(RejectReason.NULL_VALUE, field, expected, "null");
        }
        Instant t;
        if (raw.token() == JsonToken.VALUE_STRING) {
            try {
                t = Instant.parse((String) raw.value());
            } catch (DateTimeParseException e) {
                return Rejection.of(RejectReason.BAD_TIMESTAMP, field, expected, raw.shown());
            }
        } else if (raw.token() == JsonToken.VALUE_NUMBER_INT && raw.value() instanceof Long ms) {
            t = Instant.ofEpochMilli(ms);
        } else {
            return Rejection.of(RejectReason.WRONG_TYPE, field, expected, raw.shown());
        }
        if (t.isBefore(rules.earliest())) {
            return Rejection.of(
                    RejectReason.BAD_TIMESTAMP, field, "an event time at or after " + rules.earliest(), t.toString());
        }
        Instant latest = clock.instant().plus(rules.maxFuture());
        if (t.isAfter(latest)) {
            return Rejection.of(
                    RejectReason.BAD_TIMESTAMP,
                    field,
                    "an event time at most " + rules.maxFuture() + " in the future (before " + latest + ")",
                    t.toString());
        }
        out[0] = t;
        return null;
    }

    static Rejection feature(FeatureSpec f, Raw raw, Object[] out) {
        if (raw == null || raw.isNull()) {
            if (f.nullable()) {
                out[0] = null;
                return null;
            }
            return raw == null
                    ? Rejection.of(RejectReason.MISSING_FIELD, f.name(), f.expectation(), "nothing")
                    : Rejection.of(RejectReason.NULL_VALUE, f.name(), f.expectation(), "null");
        }
        return switch (f.type()) {
            case NUMERIC -> number(f.name(), raw, f.min(), f.max(), f::expectation, out);
            case INTEGER -> integer(f, raw, out);
            case CATEGORICAL -> {
                if (raw.token() != JsonToken.VALUE_STRING) {
                    yield Rejection.of(RejectReason.WRONG_TYPE, f.name(), f.expectation(), raw.shown());
                }
                String s = (String) raw.value();
                if (!f.unseenAllowed() && !f.values().contains(s)) {
                    yield Rejection.of(RejectReason.UNKNOWN_CATEGORY, f.name(), "one of " + f.values(), raw.shown());
                }
                out[0] = s;
                yield null;
            }
            case BOOLEAN -> {
                if (raw.token() != JsonToken.VALUE_TRUE && raw.token() != JsonToken.VALUE_FALSE) {
                    yield Rejection.of(RejectReason.WRONG_TYPE, f.name(), f.expectation(), raw.shown());
                }
                out[0] = raw.value();
                yield null;
            }
        };
    }

    static Rejection label(LabelSpec l, Raw raw, Object[] out) {
        if (raw == null || raw.isNull()) {
            return raw == null
                    ? Rejection.of(RejectReason.MISSING_FIELD, l.name(), l.expectation(), "nothing")
                    : Rejection.of(RejectReason.NULL_VALUE, l.name(), l.expectation(), "null");
        }
        if (l.type() == FeatureType.CATEGORICAL) {
            if (raw.token() != JsonToken.VALUE_STRING) {
                return Rejection.of(RejectReason.WRONG_TYPE, l.name(), l.expectation(), raw.shown());
            }
            if (!l.values().contains((String) raw.value())) {
                return Rejection.of(RejectReason.UNKNOWN_CATEGORY, l.name(), l.expectation(), raw.shown());
            }
            out[0] = raw.value();
            return null;
        }
        return number(l.name(), raw, l.min(), l.max(), l::expectation, out);
    }

    /** @param expected the expectation in words, built only for a rejection (the valid path never needs it) */
    private static Rejection number(
            String field, Raw raw, Double min, Double max, Supplier<String> expected, Object[] out) {
        double d;
        if (raw.token() == JsonToken.VALUE_NUMBER_INT) {
            d = raw.value() instanceof BigInteger b ? b.doubleValue() : ((Long) raw.value()).doubleValue();
        } else if (raw.token() == JsonToken.VALUE_NUMBER_FLOAT) {
            d = (Double) raw.value();
        } else {
            return Rejection.of(RejectReason.WRONG_TYPE, field, expected.get(), raw.shown());
        }
        if (!Double.isFinite(d) || (min != null && d < min) || (max != null && d > max)) {
            return Rejection.of(RejectReason.OUT_OF_RANGE, field, expected.get(), raw.shown());
        }
        out[0] = d;
        return null;
    }

    private static Rejection integer(FeatureSpec f, Raw raw, Object[] out) {
        long n;
        if (raw.token() == JsonToken.VALUE_NUMBER_INT && raw.value() instanceof Long l) {
            n = l;
        } else if (raw.token() == JsonToken.VALUE_NUMBER_INT) {
            return Rejection.of(RejectReason.OUT_OF_RANGE, f.name(), f.expectation(), raw.shown());
        } else if (raw.token() == JsonToken.VALUE_NUMBER_FLOAT) {
            double d = (Double) raw.value();
            // 3.0 is an integer written by a producer that only has doubles (JavaScript); 3.5 is not.
            if (!Double.isFinite(d) || d != Math.rint(d) || Math.abs(d) > 9.007199254740992E15) {
                return Rejection.of(RejectReason.WRONG_TYPE, f.name(), f.expectation(), raw.shown());
            }
            n = (long) d;
        } else {
            return Rejection.of(RejectReason.WRONG_TYPE, f.name(), f.expectation(), raw.shown());
        }
        if ((f.min() != null && n < f.min()) || (f.max() != null && n > f.max())) {
            return Rejection.of(RejectReason.OUT_OF_RANGE, f.name(), f.expectation(), raw.shown());
        }
        out[0] = n;
        return null;
    }
}
