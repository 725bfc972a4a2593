package dev.mlcycle.serving.oip;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
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
     * The JSON object in {@code bytes[0, length)}; {@code what} names it in errors ("the request body"). The bytes are
     * scanned once without building anything first: a body that breaks a limit, is not JSON, or holds more than
     * {@code maxValues} scalar values (a flood of data for a few rows) fails there, before the tree is built, so a
     * hostile body never costs more memory than the largest valid request.
     */
    JsonNode parseObject(byte[] bytes, int length, String what, long maxValues) {
        JsonNode root;
        try (JsonParser scan = mapper.getFactory().createParser(bytes, 0, length)) {
            long values = 0;
            JsonToken t;
            while ((t = scan.nextToken()) != null) {
                if (t.isScalarValue() && ++values > maxValues) {
                    throw new MlcycleException(
                            Reason.PAYLOAD_TOO_LARGE,
                            what + ": holds more than " + maxValues + " values, expected at most "
                                    + limits.maxRowsPerRequest() + " rows per request (split the request)");
                }
            }
        } catch (IOException e) {
            throw refused(e, what);
        }
        try (JsonParser p = mapper.getFactory().createParser(bytes, 0, length)) {
            root = mapper.readTree(p);
            if (root != null && p.nextToken() != null) {
                throw new MlcycleException(
                        Reason.INVALID_ARGUMENT, what + ": expected nothing after the JSON object, got more");
            }
        } catch (IOException e) {
            throw refused(e, what);
        }
        if (root == null || !root.isObject()) {
            throw new MlcycleException(
                    Reason.INVALID_ARGUMENT,
                    what + ": expected a JSON object, got " + (root == null ? "nothing" : Nodes.shown(root)));
        }
        return root;
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
