package dev.mlcycle.serving.oip;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.serving.model.Outputs;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The Open Inference Protocol v2 (REST) as bytes: decodes infer requests, JSON or with the binary tensor data
 * extension, into checked {@link InferRequest}s, and encodes responses and metadata. Pure and thread-safe; the HTTP
 * resource passes it the body and the {@code Inference-Header-Content-Length} header and sends back what it returns.
 * Every malformed request throws {@link MlcycleException} with {@link Reason#INVALID_ARGUMENT} (400) or {@link
 * Reason#PAYLOAD_TOO_LARGE} (413), never another exception.
 */
public final class OipCodec {
    /** The HTTP header giving the JSON header's length when binary tensors follow it. */
    public static final String HEADER_LENGTH = "Inference-Header-Content-Length";
    /** What {@code GET /v2} lists: binary tensors, and request parameters (timeout, binary_data_output). */
    public static final List<String> EXTENSIONS = List.of("binary_tensor_data", "parameters");

    private final OipLimits limits;
    private final OipJson json;
    private final RequestDecoder decoder;
    private final ResponseEncoder encoder;

    public OipCodec(OipLimits limits) {
        this(limits, Clock.systemUTC());
    }

    /** @param clock the clock event times are checked against (at most the spec's {@code max-future} ahead) */
    public OipCodec(OipLimits limits, Clock clock) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.json = new OipJson(limits);
        this.decoder = new RequestDecoder(limits, Objects.requireNonNull(clock, "clock"));
        this.encoder = new ResponseEncoder(json.mapper().getFactory());
    }

    public OipLimits limits() {
        return limits;
    }

    /** Decodes a pure JSON infer request. */
    public InferRequest decodeJson(byte[] body, ModelSignature sig) {
        checkSize(body);
        JsonNode root = json.parseObject(body, body.length, "the request body", maxValues(sig));
        return decoder.decode(root, body, -1, sig);
    }

    /**
     * Decodes a request in the binary tensor data extension: the first {@code jsonHeaderLength} bytes are the JSON,
     * the inputs' tensors follow in order.
     */
    public InferRequest decodeBinary(byte[] body, int jsonHeaderLength, ModelSignature sig) {
        checkSize(body);
        if (jsonHeaderLength <= 0 || jsonHeaderLength > body.length) {
            throw new MlcycleException(
                    Reason.INVALID_ARGUMENT,
                    HEADER_LENGTH + " is " + jsonHeaderLength + ", expected the JSON header's length in bytes,"
                            + " between 1 and the body's length " + body.length);
        }
        JsonNode root = json.parseObject(body, jsonHeaderLength, "the request's JSON header", maxValues(sig));
        return decoder.decode(root, body, jsonHeaderLength, sig);
    }

    /**
     * Decodes either form, as the resource receives it: {@code headerLength} is the {@code
     * Inference-Header-Content-Length} header's value, or null when the request has none (pure JSON).
     */
    public InferRequest decode(byte[] body, String headerLength, ModelSignature sig) {
        Objects.requireNonNull(body, "body");
        if (headerLength == null) {
            return decodeJson(body, sig);
        }
        checkSize(body);
        return decodeBinary(body, headerLength(headerLength, body.length), sig);
    }

    /** The header's value as a length, or {@link Reason#INVALID_ARGUMENT} saying what is wrong with it. */
    static int headerLength(String value, int bodyLength) {
        String v = value.trim();
        if (v.isEmpty() || v.length() > 10 || !v.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new MlcycleException(
                    Reason.INVALID_ARGUMENT,
                    HEADER_LENGTH + ": expected the JSON header's length in bytes (a whole number between 1 and "
                            + bodyLength + "), got \"" + Nodes.clip(value) + "\"");
        }
        long n = Long.parseLong(v);
        if (n == 0 || n > bodyLength) {
            throw new MlcycleException(
                    Reason.INVALID_ARGUMENT,
                    HEADER_LENGTH + " is " + n + ", expected the JSON header's length in bytes, between 1 and the"
                            + " body's length " + bodyLength);
        }
        return (int) n;
    }

    /**
     * The infer response for {@code out}, answered by {@code model} version {@code version} as {@code variant}: the
     * outputs the request selected, each as JSON data or binary tensor data as it asked.
     */
    public Encoded encode(InferRequest req, String model, int version, String variant, Outputs out) {
        return encoder.infer(req, model, version, variant, out);
    }

    /**
     * The model metadata ({@code GET /v2/models/{m}[/versions/{v}]}).
     *
     * @param versions the versions served (addressable by {@code /versions/{v}})
     * @param aliases alias to version, e.g. champion to 3
     * @param version the version this metadata describes (the champion's for {@code /v2/models/{m}})
     */
    public byte[] metadata(
            ModelSignature sig, String model, List<Integer> versions, Map<String, Integer> aliases, int version) {
        return encoder.modelMetadata(sig, model, version, versions, aliases);
    }

    /** The server metadata ({@code GET /v2}). */
    public byte[] serverMetadata(String name, String version) {
        return encoder.serverMetadata(name, version, EXTENSIONS);
    }

    /**
     * The most scalar values a valid request can hold: at the row limit, every input (the features, the event id and
     * the event time) with its data and a {@code missing_rows} entry per row, plus room for ids, shapes and parameters.
     */
    private long maxValues(ModelSignature sig) {
        return 2L * limits.maxRowsPerRequest() * (sig.spec().features().size() + 2) + 10_000;
    }

    private void checkSize(byte[] body) {
        Objects.requireNonNull(body, "body");
        if (body.length > limits.maxBodyBytes()) {
            throw new MlcycleException(
                    Reason.PAYLOAD_TOO_LARGE,
                    "the request body has " + body.length + " bytes, expected at most " + limits.maxBodyBytes());
        }
    }
}
