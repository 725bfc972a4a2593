package dev.mlcycle.contracts.validation;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes flat JSON objects (one level of scalar fields), the wire form of events and labels.
 * Reading goes in two steps, so that a record is judged the same way whatever its defects: first the
 * bytes as a whole (size, UTF-8, JSON syntax, nesting, duplicate fields), then each field against the
 * spec, in spec order.
 */
final class FlatJson {
    /** A parsed field: its JSON token and its value (String, Long, BigInteger, Double, Boolean or null). */
    record Raw(JsonToken token, Object value) {
        static final Raw OBJECT = new Raw(JsonToken.START_OBJECT, null);
        static final Raw ARRAY = new Raw(JsonToken.START_ARRAY, null);
        static final Raw NULL = new Raw(JsonToken.VALUE_NULL, null);

        boolean isNull() {
            return token == JsonToken.VALUE_NULL;
        }

        /** The value as shown after "got" in a message. */
        String shown() {
            return switch (token) {
                case VALUE_STRING -> quoted((String) value);
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "the number " + value;
                case VALUE_TRUE, VALUE_FALSE -> "the boolean " + value;
                case VALUE_NULL -> "null";
                case START_OBJECT -> "an object";
                case START_ARRAY -> "a list";
                default -> token.name();
            };
        }
    }

    /** Receives fields as the parser meets them, by slot; an unknown name has slot -1. */
    interface FieldSink {
        /** @return the slot for this name, or -1 if the spec does not know it */
        int slot(String name);

        void put(int slot, Raw value);
    }

    private final JsonFactory factory;
    private final int maxBytes;

    FlatJson(int maxBytes, int maxDepth) {
        this.maxBytes = maxBytes;
        this.factory = JsonFactory.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                // Jackson's copy of FastDoubleParser: correctly rounded like Double.parseDouble, several times faster
                .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(maxDepth)
                        .maxStringLength(Math.max(1024, maxBytes))
                        .maxNumberLength(64)
                        .build())
                .build();
    }

    /**
     * Parses {@code bytes} as one flat JSON object into {@code sink}.
     *
     * @return null if the bytes are a well-formed object, else the rejection
     */
    Rejection read(byte[] bytes, FieldSink sink, List<String> unknownFields) {
        if (bytes == null || bytes.length == 0) {
            return Rejection.whole(
                    RejectReason.EMPTY,
                    "expected a JSON object, got " + (bytes == null ? "no value (a tombstone)" : "zero bytes"));
        }
        if (bytes.length > maxBytes) {
            return Rejection.whole(
                    RejectReason.TOO_LARGE, "expected at most " + maxBytes + " bytes, got " + bytes.length);
        }
        if (!Utf8.isValid(bytes)) {
            return Rejection.whole(RejectReason.NOT_UTF8, "expected UTF-8 text, got bytes that are not valid UTF-8");
        }
        try (JsonParser p = factory.createParser(bytes)) {
            JsonToken first = p.nextToken();
            if (first != JsonToken.START_OBJECT) {
                if (first == JsonToken.START_ARRAY) {
                    p.skipChildren();
                }
                return trailingOr(
                        p,
                        Rejection.whole(
                                RejectReason.NOT_AN_OBJECT, "expected a JSON object, got " + shownToken(p, first)));
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                Raw raw =
                        switch (v) {
                            case START_OBJECT -> {
                                p.skipChildren();
                                yield Raw.OBJECT;
                            }
                            case START_ARRAY -> {
                                p.skipChildren();
                                yield Raw.ARRAY;
                            }
                            case VALUE_STRING -> new Raw(v, p.getText());
                            case VALUE_NUMBER_INT -> new Raw(
                                    v,
                                    p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                                            ? p.getBigIntegerValue()
                                            : (Object) p.getLongValue());
                            case VALUE_NUMBER_FLOAT -> new Raw(v, p.getDoubleValue());
                            case VALUE_TRUE -> new Raw(v, Boolean.TRUE);
                            case VALUE_FALSE -> new Raw(v, Boolean.FALSE);
                            default -> Raw.NULL;
                        };
                int slot = sink.slot(name);
                if (slot < 0) {
                    unknownFields.add(name);
                } else {
                    sink.put(slot, raw);
                }
            }
            if (t != JsonToken.END_OBJECT) {
                return Rejection.whole(
                        RejectReason.NOT_JSON,
                        "expected a complete JSON object, got " + (t == null ? "the end of the input" : t));
            }
            return trailingOr(p, null);
        } catch (StreamConstraintsException e) {
            String msg = e.getOriginalMessage();
            if (msg != null && msg.contains("nesting depth")) {
                return Rejection.whole(
                        RejectReason.TOO_DEEP,
                        "expected JSON nested at most "
                                + factory.streamReadConstraints().getMaxNestingDepth() + " levels deep, got deeper");
            }
            return Rejection.whole(RejectReason.NOT_JSON, "expected JSON within limits: " + msg);
        } catch (StreamReadException e) {
            String msg = e.getOriginalMessage();
            if (msg != null && msg.startsWith("Duplicate field")) {
                return Rejection.whole(RejectReason.DUPLICATE_FIELD, "expected each field once: " + msg);
            }
            String at =
                    e.getLocation() == null ? "" : " at byte " + e.getLocation().getByteOffset();
            return Rejection.whole(
                    RejectReason.NOT_JSON, "expected JSON, got a syntax error" + at + ": " + firstLine(msg));
        } catch (IOException e) {
            return Rejection.whole(RejectReason.NOT_JSON, "expected JSON: " + firstLine(e.getMessage()));
        }
    }

    private static Rejection trailingOr(JsonParser p, Rejection r) throws IOException {
        JsonToken after;
        try {
            after = p.nextToken();
        } catch (StreamReadException e) {
            return Rejection.whole(
                    RejectReason.NOT_JSON,
                    "expected nothing after the JSON value, got more: " + firstLine(e.getOriginalMessage()));
        }
        if (after != null) {
            return Rejection.whole(RejectReason.NOT_JSON, "expected nothing after the JSON value, got " + after);
        }
        return r;
    }

    private static String shownToken(JsonParser p, JsonToken t) throws IOException {
        if (t == null) {
            return "nothing";
        }
        return switch (t) {
            case START_ARRAY -> "a list";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "the number " + p.getText();
            case VALUE_TRUE, VALUE_FALSE -> "the boolean " + p.getText();
            case VALUE_NULL -> "null";
            default -> t.name();
        };
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    static String quoted(String s) {
        String shown = s.length() > 80 ? s.substring(0, 77) + "..." : s;
        return '"' + shown + '"';
    }

    /**
     * Writes fields as one flat JSON object, in the map's order. Values: String, Number, Boolean,
     * Instant (as ISO-8601), null; anything else (lists, maps, used by fault generators) is written as
     * nested JSON.
     */
    static byte[] write(JsonFactory factory, Map<String, ?> fields) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = factory.createGenerator(out)) {
            g.writeStartObject();
            for (Map.Entry<String, ?> e : fields.entrySet()) {
                g.writeFieldName(e.getKey());
                writeValue(g, e.getValue());
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void writeValue(JsonGenerator g, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof String s) {
            g.writeString(s);
        } else if (v instanceof Double d) {
            g.writeNumber(d);
        } else if (v instanceof Float f) {
            g.writeNumber(f);
        } else if (v instanceof Long l) {
            g.writeNumber(l);
        } else if (v instanceof Integer i) {
            g.writeNumber(i);
        } else if (v instanceof BigInteger b) {
            g.writeNumber(b);
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof Instant i) {
            g.writeString(i.toString());
        } else if (v instanceof Map<?, ?> m) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                g.writeFieldName(String.valueOf(e.getKey()));
                writeValue(g, e.getValue());
            }
            g.writeEndObject();
        } else if (v instanceof Iterable<?> it) {
            g.writeStartArray();
            for (Object o : it) {
                writeValue(g, o);
            }
            g.writeEndArray();
        } else {
            g.writeString(v.toString());
        }
    }
}
