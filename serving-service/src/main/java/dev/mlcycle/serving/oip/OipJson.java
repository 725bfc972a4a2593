package dev.mlcycle.serving.oip;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import java.io.IOException;

/**
 * Parses a request's JSON under hard limits (Jackson's {@link StreamReadConstraints}: nesting depth, string, number
 * and document length), so a JSON bomb or a deeply nested body fails while it is read, with a 400 that says which
 * limit. Duplicate keys and trailing content are errors. {@code NaN} and {@code Infinity} are read as numbers, since
 * Python's {@code json.dumps} (tritonclient, MLServer's clients) writes them so.
 */
final class OipJson {
    /** Python writes a double in at most 24 characters; 100 leaves room for any honest number. */
    static final int MAX_NUMBER_LENGTH = 100;

    private final ObjectMapper mapper;
    private final OipLimits limits;
    private final int maxDepth;

    OipJson(OipLimits limits) {
        this.limits = limits;
        this.maxDepth = limits.maxJsonDepth();
        JsonFactory factory = JsonFactory.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
                .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(limits.maxJsonDepth())
                        .maxStringLength(limits.maxStringLength())
                        .maxNumberLength(MAX_NUMBER_LENGTH)
                        .maxNameLength(limits.maxStringLength())
                        .maxDocumentLength(limits.maxBodyBytes())
                        .build())
                .build();
        this.mapper = JsonMapper.builder(factory).build();
    }

    ObjectMapper mapper() {
        return mapper;
    }

    /**
     * The JSON object in {@code bytes[0, length)}; {@code what} names it in errors ("the request body"). Read in one
     * pass through a parser that counts scalar values as the tree is built: a body that breaks a limit or is not JSON
     * fails where it breaks, and one holding more than {@code maxValues} scalar values (a flood of data for a few
     * rows) fails at the value past the bound, so a hostile body never costs more memory than the largest valid
     * request. (An earlier version scanned the bytes once before building the tree: a second full parse of every
     * request.)
     */
    JsonNode parseObject(byte[] bytes, int length, String what, long maxValues) {
        JsonNode root;
        try (CountingParser p = new CountingParser(mapper.getFactory().createParser(bytes, 0, length), maxValues)) {
            root = mapper.readTree(p);
            if (root != null && p.nextToken() != null) {
                throw new MlcycleException(
                        Reason.INVALID_ARGUMENT, what + ": expected nothing after the JSON object, got more");
            }
        } catch (IOException e) {
            if (flooded(e)) {
                throw new MlcycleException(
                        Reason.PAYLOAD_TOO_LARGE,
                        what + ": holds more than " + maxValues + " values, expected at most "
                                + limits.maxRowsPerRequest() + " rows per request (split the request)");
            }
            throw refused(e, what);
        }
        if (root == null || !root.isObject()) {
            throw new MlcycleException(
                    Reason.INVALID_ARGUMENT,
                    what + ": expected a JSON object, got " + (root == null ? "nothing" : Nodes.shown(root)));
        }
        return root;
    }

    private static boolean flooded(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof Flooded) {
                return true;
            }
        }
        return false;
    }

    /** Thrown by {@link CountingParser} past its bound; stackless, it only unwinds the tree building. */
    private static final class Flooded extends IOException {
        Flooded() {
            super("too many values", null);
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }

    /**
     * Counts the scalar values the tree reads and fails past {@code max}. Every token the tree deserializer reads
     * comes through {@link #nextToken} or {@link #nextValue} ({@code nextFieldName} and the typed {@code next*Value}
     * methods of {@link JsonParser} call {@code nextToken}).
     */
    private static final class CountingParser extends JsonParserDelegate {
        private final long max;
        private long values;

        CountingParser(JsonParser p, long max) {
            super(p);
            this.max = max;
        }

        @Override
        public JsonToken nextToken() throws IOException {
            return count(delegate.nextToken());
        }

        @Override
        public JsonToken nextValue() throws IOException {
            return count(delegate.nextValue());
        }

        private JsonToken count(JsonToken t) throws Flooded {
            if (t != null && t.isScalarValue() && ++values > max) {
                throw new Flooded();
            }
            return t;
        }
    }

    private MlcycleException refused(IOException failure, String what) {
        if (failure instanceof StreamConstraintsException e) {
            String msg = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
            if (msg.contains("nesting depth")) {
                return new MlcycleException(
                        Reason.INVALID_ARGUMENT,
                        what + ": expected JSON nested at most " + maxDepth + " levels deep, got deeper");
            }
            return new MlcycleException(Reason.INVALID_ARGUMENT, what + ": expected JSON within limits: " + msg);
        }
        if (failure instanceof JsonProcessingException e) {
            return new MlcycleException(
                    Reason.INVALID_ARGUMENT,
                    what + ": expected JSON, got a syntax error" + where(e) + ": " + firstLine(e.getOriginalMessage()));
        }
        return new MlcycleException(
                Reason.INVALID_ARGUMENT, what + ": expected JSON, cannot read it: " + firstLine(failure.getMessage()));
    }

    private static String where(JsonProcessingException e) {
        return e.getLocation() == null ? "" : " at byte " + e.getLocation().getByteOffset();
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
