package dev.mlcycle.serving.oip;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.contracts.spec.DatasetSpec;
import dev.mlcycle.contracts.spec.FeatureSpec;
import dev.mlcycle.contracts.validation.FeatureValues;
import dev.mlcycle.contracts.validation.Rejection;
import dev.mlcycle.serving.model.Frame;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a parsed infer request (and, with the binary extension, the bytes after its JSON header) into an {@link
 * InferRequest}: the request's structure first (inputs, shapes, rows, binary sizes), then each feature's values
 * through the same field checks ingest runs ({@link FeatureValues}), then the requested outputs. The first problem
 * found is thrown as {@link Reason#INVALID_ARGUMENT} naming the input, the row and what was expected.
 */
final class RequestDecoder {
    /** Per-input parameter: the rows (element indices) whose value is missing, for any datatype, JSON or binary. */
    static final String MISSING_ROWS = "missing_rows";

    private final OipLimits limits;
    private final Clock clock;

    /** @param clock the clock an event time may be at most the spec's {@code max-future} ahead of */
    RequestDecoder(OipLimits limits, Clock clock) {
        this.limits = limits;
        this.clock = clock;
    }

    /** One input as the request declared it. */
    private record Input(
            String name,
            Datatype type,
            int rows,
            int dims,
            JsonNode shapeNode,
            JsonNode data,
            Long binarySize,
            BitSet missing,
            int binaryFrom) {
        Input atOffset(int from) {
            return new Input(name, type, rows, dims, shapeNode, data, binarySize, missing, from);
        }

        /** The shape as sent, for messages (written only when one is needed). */
        String shape() {
            return shapeNode.toString();
        }
    }

    /**
     * @param binaryStart where the binary tensors start in {@code body} (the JSON header's length), or -1 when the
     *     request is JSON only
     */
    InferRequest decode(JsonNode root, byte[] body, int binaryStart, ModelSignature sig) {
        DatasetSpec spec = sig.spec();
        String id = requestId(root.get("id"));
        JsonNode params = root.get("parameters");
        if (params != null && !params.isNull() && !params.isObject()) {
            throw bad("parameters: expected an object, got " + Nodes.shown(params));
        }
        Map<String, Object> parameters = new LinkedHashMap<>();
        if (params != null && params.isObject()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> p = (Map<String, Object>) Nodes.toJava(params);
            parameters.putAll(p);
        }
        Long timeout = timeout(params == null ? null : params.get("timeout"));
        Boolean binaryDataOutput = optionalBoolean(
                params == null ? null : params.get("binary_data_output"), "parameters.binary_data_output");

        List<Input> inputs = inputs(root.get("inputs"), spec, binaryStart, body.length);
        // Every tensor's structure first (datatype, elements, binary layout), in request order; then the features.
        Map<String, Input> byName = new LinkedHashMap<>();
        Map<String, Object[]> elements = new LinkedHashMap<>();
        for (Input in : inputs) {
            byName.put(in.name(), in);
            checkDatatype(in, spec);
            elements.put(in.name(), elements(in, body));
        }
        int rows = inputs.get(0).rows();

        List<FeatureSpec> features = spec.features();
        Object[][] columns = new Object[features.size()][];
        for (int f = 0; f < features.size(); f++) {
            FeatureSpec feature = features.get(f);
            Input in = byName.get(feature.name());
            if (in == null) {
                if (!feature.nullable()) {
                    throw bad("missing input \"" + feature.name() + "\": expected one input per feature of dataset "
                            + spec.name() + " (" + feature.name() + ": " + feature.expectation() + ")");
                }
                columns[f] = new Object[rows]; // a nullable feature not sent is missing in every row, as in ingest
            } else {
                columns[f] = featureColumn(feature, in, elements.get(in.name()));
            }
        }
        Input ids = byName.get(spec.id());
        String[] eventIds = ids == null ? null : eventIds(spec.id(), ids, elements.get(ids.name()));
        Input times = byName.get(spec.timestamp());
        Instant[] eventTimes = times == null ? null : eventTimes(spec, times, elements.get(times.name()));

        Set<String> outputs = new LinkedHashSet<>();
        Set<String> binary = new LinkedHashSet<>();
        outputs(root.get("outputs"), sig, Boolean.TRUE.equals(binaryDataOutput), outputs, binary);
        Frame frame = Frame.of(spec.featureNames(), columns, eventIds, eventTimes);
        return new InferRequest(id, frame, outputs, parameters, timeout, !binary.isEmpty(), binary);
    }

    private static String requestId(JsonNode id) {
        if (id == null || id.isNull()) {
            return null;
        }
        if (!id.isTextual()) {
            throw bad("id: expected a string, got " + Nodes.shown(id));
        }
        return id.textValue();
    }

    private static Long timeout(JsonNode t) {
        if (t == null || t.isNull()) {
            return null;
        }
        if (!t.isIntegralNumber() || !t.canConvertToLong() || t.longValue() < 0) {
            throw bad(
                    "parameters.timeout: expected a non-negative whole number of microseconds, got " + Nodes.shown(t));
        }
        return t.longValue();
    }

    private static Boolean optionalBoolean(JsonNode b, String what) {
        if (b == null || b.isNull()) {
            return null;
        }
        if (!b.isBoolean()) {
            throw bad(what + ": expected true or false, got " + Nodes.shown(b));
        }
        return b.booleanValue();
    }

    private List<Input> inputs(JsonNode node, DatasetSpec spec, int binaryStart, int bodyLength) {
        if (node == null || !node.isArray()) {
            throw bad("inputs: expected a list of input tensors, one per feature, got " + Nodes.shown(node));
        }
        if (node.isEmpty()) {
            throw bad("inputs: expected one input per feature of dataset " + spec.name() + ", got none");
        }
        List<Input> inputs = new ArrayList<>(node.size());
        Set<String> names = new LinkedHashSet<>();
        int offset = binaryStart;
        for (int i = 0; i < node.size(); i++) {
            Input in = input(node.get(i), i, spec);
            if (!names.add(in.name())) {
                throw bad("input \"" + in.name() + "\" appears twice: expected each input once");
            }
            if (!inputs.isEmpty() && inputs.get(0).rows() != in.rows()) {
                Input first = inputs.get(0);
                throw bad("input \"" + in.name() + "\" has " + in.rows() + " rows (shape " + in.shape() + "), input \""
                        + first.name() + "\" has " + first.rows() + ": expected every input to have the same rows");
            }
            if (in.binarySize() != null) {
                if (binaryStart < 0) {
                    throw bad("input \"" + in.name() + "\": parameters.binary_data_size is set, but the request has no"
                            + " binary part (expected an Inference-Header-Content-Length header giving the JSON's"
                            + " length)");
                }
                long left = (long) bodyLength - offset;
                if (in.binarySize() > left) {
                    throw bad("input \"" + in.name() + "\": parameters.binary_data_size is " + in.binarySize()
                            + " bytes, but only " + left + " bytes of binary data are left after the JSON header and"
                            + " the inputs before it (a truncated body?)");
                }
                in = in.atOffset(offset);
                offset += (int) (long) in.binarySize();
            }
            inputs.add(in);
        }
        if (binaryStart >= 0 && offset != bodyLength) {
            throw bad("the body has " + (bodyLength - binaryStart) + " bytes after the JSON header, expected "
                    + (offset - binaryStart) + " (the sum of the inputs' parameters.binary_data_size)");
        }
        return inputs;
    }

    private Input input(JsonNode in, int index, DatasetSpec spec) {
        if (in == null || !in.isObject()) {
            throw bad("inputs[" + index + "]: expected an object with name, shape, datatype and data, got "
                    + Nodes.shown(in));
        }
        JsonNode nameNode = in.get("name");
        if (nameNode == null || !nameNode.isTextual()) {
            throw bad("inputs[" + index + "]: expected a name (a string), got " + Nodes.shown(nameNode));
        }
        String name = nameNode.textValue();
        if (spec.feature(name).isEmpty() && !name.equals(spec.id()) && !name.equals(spec.timestamp())) {
            throw bad("unknown input \"" + Nodes.clip(name) + "\": expected one of the features of dataset "
                    + spec.name() + " " + spec.featureNames() + ", \"" + spec.id() + "\" or \"" + spec.timestamp()
                    + "\"");
        }
        JsonNode dt = in.get("datatype");
        if (dt == null || !dt.isTextual()) {
            throw bad("input \"" + name + "\": expected a datatype (a string), got " + Nodes.shown(dt));
        }
        Datatype type = Datatype.parse(dt.textValue())
                .orElseThrow(() -> bad("input \"" + name + "\": expected a datatype among " + Datatype.known()
                        + ", got " + Nodes.shown(dt)));
        JsonNode shape = in.get("shape");
        int rows = rows(name, shape);
        JsonNode params = in.get("parameters");
        if (params != null && !params.isNull() && !params.isObject()) {
            throw bad("input \"" + name + "\": parameters: expected an object, got " + Nodes.shown(params));
        }
        Long binarySize = null;
        BitSet missing = new BitSet();
        if (params != null && params.isObject()) {
            JsonNode size = params.get("binary_data_size");
            if (size != null && !size.isNull()) {
                if (!size.isIntegralNumber() || !size.canConvertToInt() || size.intValue() < 0) {
                    throw bad("input \"" + name + "\": parameters.binary_data_size: expected a byte count (a"
                            + " non-negative integer), got " + Nodes.shown(size));
                }
                binarySize = size.longValue();
            }
            missing = missingRows(name, params.get(MISSING_ROWS), rows);
        }
        JsonNode data = in.get("data");
        if (data != null && data.isNull()) {
            data = null;
        }
        if (data != null && binarySize != null) {
            throw bad("input \"" + name + "\": has both data and parameters.binary_data_size, expected one of them");
        }
        if (data == null && binarySize == null) {
            throw bad("input \"" + name + "\": expected data, or parameters.binary_data_size with the tensor in the"
                    + " binary part");
        }
        return new Input(name, type, rows, shape.size(), shape, data, binarySize, missing, -1);
    }

    private int rows(String name, JsonNode shape) {
        String expected = "expected shape [N] or [N, 1]";
        if (shape == null || !shape.isArray() || shape.isEmpty() || shape.size() > 2) {
            throw bad("input \"" + name + "\": " + expected + ", got " + (shape == null ? "none" : Nodes.clip(shape)));
        }
        for (JsonNode d : shape) {
            if (!d.isIntegralNumber() || !d.canConvertToLong() || d.longValue() < 0) {
                throw bad("input \"" + name + "\": " + expected + " with N a non-negative integer, got "
                        + Nodes.clip(shape));
            }
        }
        if (shape.size() == 2 && shape.get(1).longValue() != 1) {
            throw bad("input \"" + name + "\": " + expected + " (one column per input), got " + shape);
        }
        long n = shape.get(0).longValue();
        if (n == 0) {
            throw bad("input \"" + name + "\": expected at least one row, got shape " + shape);
        }
        if (n > limits.maxRowsPerRequest()) {
            throw new MlcycleException(
                    Reason.PAYLOAD_TOO_LARGE,
                    "input \"" + name + "\": shape " + shape + " has " + n + " rows, expected at most "
                            + limits.maxRowsPerRequest() + " per request (split the request)");
        }
        return (int) n;
    }

    private static BitSet missingRows(String name, JsonNode node, int rows) {
        BitSet missing = new BitSet();
        if (node == null || node.isNull()) {
            return missing;
        }
        String what = "input \"" + name + "\": parameters." + MISSING_ROWS;
        if (!node.isArray()) {
            throw bad(what + ": expected a list of row indices, got " + Nodes.shown(node));
        }
        for (JsonNode r : node) {
            if (!r.isIntegralNumber() || !r.canConvertToInt() || r.intValue() < 0 || r.intValue() >= rows) {
                throw bad(what + ": expected row indices in [0, " + rows + "), got " + Nodes.shown(r));
            }
            missing.set(r.intValue());
        }
        return missing;
    }

    /** The input's values as a JSON parser would give them, one per row, before the feature's checks. */
    private Object[] elements(Input in, byte[] body) {
        if (in.binarySize() != null) {
            return BinaryTensors.read(
                    in.type(),
                    body,
                    in.binaryFrom(),
                    (int) (long) in.binarySize(),
                    in.rows(),
                    in.name(),
                    limits.maxStringLength());
        }
        List<JsonNode> flat = flatten(in);
        Object[] out = new Object[flat.size()];
        for (int r = 0; r < out.length; r++) {
            out[r] = jsonElement(in, flat.get(r), r);
        }
        return out;
    }

    /** The data, flat ({@code [a, b, c]}) or nested as the shape says ({@code [[a], [b], [c]]} for [3, 1]). */
    private static List<JsonNode> flatten(Input in) {
        JsonNode data = in.data();
        String name = in.name();
        if (!data.isArray()) {
            throw bad("input \"" + name + "\": expected data as a list, got " + Nodes.shown(data));
        }
        boolean nested = !data.isEmpty() && data.get(0).isArray();
        boolean twoDims = in.dims() == 2;
        if (data.size() != in.rows()) {
            throw bad("input \"" + name + "\": shape " + in.shape() + " says " + in.rows() + " rows, data holds "
                    + data.size() + (nested ? " lists" : " values"));
        }
        List<JsonNode> flat = new ArrayList<>(in.rows());
        for (int r = 0; r < data.size(); r++) {
            JsonNode v = data.get(r);
            if (nested) {
                if (!twoDims) {
                    throw bad("input \"" + name + "\", row " + r + ": shape " + in.shape() + " has one dimension,"
                            + " expected flat data, got a list");
                }
                if (!v.isArray() || v.size() != 1 || v.get(0).isContainerNode()) {
                    throw bad("input \"" + name + "\", row " + r + ": expected a list of one value for shape "
                            + in.shape() + ", got " + (v.isArray() ? "a list of " + v.size() : Nodes.shown(v)));
                }
                v = v.get(0);
            } else if (v.isContainerNode()) {
                throw bad("input \"" + name + "\", row " + r + ": expected a single value, got " + Nodes.shown(v));
            }
            flat.add(v);
        }
        return flat;
    }

    private static Object jsonElement(Input in, JsonNode n, int row) {
        if (n.isNull()) {
            return null;
        }
        Datatype t = in.type();
        return switch (t) {
            case BOOL -> {
                if (!n.isBoolean()) {
                    throw badRow(in.name(), row, "expected true or false (BOOL), got " + Nodes.shown(n));
                }
                yield n.booleanValue();
            }
            case BYTES -> {
                if (!n.isTextual()) {
                    throw badRow(in.name(), row, "expected a string (BYTES), got " + Nodes.shown(n));
                }
                yield n.textValue();
            }
            case FP32, FP64 -> {
                if (!n.isNumber()) {
                    throw badRow(in.name(), row, "expected a number (" + t + "), got " + Nodes.shown(n));
                }
                double d = n.doubleValue();
                yield t == Datatype.FP32 ? (double) (float) d : d;
            }
            default -> {
                if (!n.isIntegralNumber()) {
                    throw badRow(in.name(), row, "expected " + t.describe() + ", got " + Nodes.shown(n));
                }
                BigInteger b = n.bigIntegerValue();
                if (b.compareTo(t.min()) < 0 || b.compareTo(t.max()) > 0) {
                    throw badRow(in.name(), row, "expected " + t.describe() + ", got " + Nodes.shown(n));
                }
                yield b.bitLength() < Long.SIZE ? (Object) b.longValue() : b;
            }
        };
    }

    private static void checkDatatype(Input in, DatasetSpec spec) {
        if (in.name().equals(spec.id())) {
            if (in.type() != Datatype.BYTES) {
                throw bad("input \"" + in.name() + "\": expected datatype BYTES for the event id, got " + in.type());
            }
            return;
        }
        if (in.name().equals(spec.timestamp())) {
            if (in.type() != Datatype.BYTES && in.type() != Datatype.INT64) {
                throw bad("input \"" + in.name() + "\": expected datatype BYTES (ISO-8601 instants) or INT64 (epoch"
                        + " milliseconds) for the event time, got " + in.type());
            }
            return;
        }
        FeatureSpec f = spec.feature(in.name()).orElseThrow();
        List<Datatype> accepted = Datatype.accepted(f.type());
        if (!accepted.contains(in.type())) {
            throw bad("input \"" + f.name() + "\": expected datatype "
                    + (accepted.size() == 1 ? accepted.get(0) : "one of " + accepted) + " for a "
                    + f.type().yamlName() + " feature, got " + in.type());
        }
    }

    private static Object[] featureColumn(FeatureSpec f, Input in, Object[] values) {
        Object[] out = new Object[1];
        for (int r = 0; r < values.length; r++) {
            Object v = in.missing().get(r) ? null : values[r];
            if (v instanceof Double d && d.isNaN()) {
                if (!f.nullable()) {
                    throw badRow(
                            f.name(),
                            r,
                            "expected " + f.expectation() + ", got NaN (NaN means missing, and"
                                    + " this feature is not nullable)");
                }
                v = null;
            }
            Rejection rejected = FeatureValues.feature(f, v, out);
            if (rejected != null) {
                throw badRow(f.name(), r, detail(rejected, f.name()));
            }
            values[r] = out[0];
        }
        return values;
    }

    private static String[] eventIds(String field, Input in, Object[] values) {
        String[] ids = new String[values.length];
        Object[] out = new Object[1];
        for (int r = 0; r < values.length; r++) {
            if (in.missing().get(r) || values[r] == null) {
                continue; // a row without an event id: its prediction is keyed by the request id
            }
            Rejection rejected = FeatureValues.identifier(field, values[r], out);
            if (rejected != null) {
                throw badRow(field, r, detail(rejected, field));
            }
            ids[r] = (String) out[0];
        }
        return ids;
    }

    /**
     * The event's own time per row: an ISO-8601 instant ({@code 2026-03-02T09:58:40Z}) in BYTES or epoch milliseconds
     * in INT64, within the spec's validation limits as ingest checks the same field (at or after {@code earliest}, at
     * most {@code max-future} ahead of the clock). A null or missing-row entry means the row has none.
     */
    private Instant[] eventTimes(DatasetSpec spec, Input in, Object[] values) {
        String field = spec.timestamp();
        Instant[] times = new Instant[values.length];
        Instant earliest = spec.validation().earliest();
        Instant latest = null;
        for (int r = 0; r < values.length; r++) {
            Object v = values[r];
            if (in.missing().get(r) || v == null) {
                continue; // a row without an event time: monitoring windows it by its prediction time
            }
            Instant t;
            if (v instanceof String s) {
                try {
                    t = Instant.parse(s);
                } catch (DateTimeParseException e) {
                    throw badRow(
                            field,
                            r,
                            "expected an ISO-8601 instant like 2026-03-02T09:58:40Z, got \"" + Nodes.clip(s) + "\"");
                }
            } else if (v instanceof Long ms) {
                t = Instant.ofEpochMilli(ms);
            } else {
                throw badRow(field, r, "expected epoch milliseconds within 64 bits, got " + v);
            }
            if (t.isBefore(earliest)) {
                throw badRow(field, r, "expected an event time at or after " + earliest + ", got " + t);
            }
            if (latest == null) {
                latest = clock.instant().plus(spec.validation().maxFuture());
            }
            if (t.isAfter(latest)) {
                throw badRow(
                        field,
                        r,
                        "expected an event time at most " + spec.validation().maxFuture() + " in the future (before "
                                + latest + "), got " + t);
            }
            times[r] = t;
        }
        return times;
    }

    private static void outputs(
            JsonNode node, ModelSignature sig, boolean binaryByDefault, Set<String> outputs, Set<String> binary) {
        List<String> known = sig.outputNames();
        if (node == null || node.isNull() || (node.isArray() && node.isEmpty())) {
            outputs.addAll(known);
            if (binaryByDefault) {
                binary.addAll(known);
            }
            return;
        }
        if (!node.isArray()) {
            throw bad("outputs: expected a list of requested outputs, got " + Nodes.shown(node));
        }
        for (int i = 0; i < node.size(); i++) {
            JsonNode o = node.get(i);
            JsonNode name = o.isObject() ? o.get("name") : null;
            if (name == null || !name.isTextual()) {
                throw bad("outputs[" + i + "]: expected an object with a name (a string), got " + Nodes.shown(o));
            }
            String n = name.textValue();
            if (!known.contains(n)) {
                throw bad("unknown output \"" + Nodes.clip(n) + "\": expected one of " + known);
            }
            if (!outputs.add(n)) {
                throw bad("output \"" + n + "\" is requested twice: expected each output once");
            }
            JsonNode params = o.get("parameters");
            Boolean asBinary = null;
            if (params != null && !params.isNull()) {
                if (!params.isObject()) {
                    throw bad("output \"" + n + "\": parameters: expected an object, got " + Nodes.shown(params));
                }
                asBinary = optionalBoolean(params.get("binary_data"), "output \"" + n + "\": parameters.binary_data");
                JsonNode classification = params.get("classification");
                if (classification != null && !classification.isNull()) {
                    throw bad("output \"" + n + "\": parameters.classification (the classification extension) is not"
                            + " supported: expected no class count; request \"" + ModelSignature.PROBABILITIES
                            + "\" for every class's probability");
                }
            }
            if (asBinary != null ? asBinary : binaryByDefault) {
                binary.add(n);
            }
        }
    }

    /** A field check's detail ({@code field "x": expected ..., got ...}) without its field prefix. */
    private static String detail(Rejection r, String field) {
        String prefix = "field \"" + field + "\": ";
        return r.detail().startsWith(prefix) ? r.detail().substring(prefix.length()) : r.detail();
    }

    static MlcycleException bad(String message) {
        return new MlcycleException(Reason.INVALID_ARGUMENT, message);
    }

    private static MlcycleException badRow(String input, int row, String message) {
        return bad("input \"" + input + "\", row " + row + ": " + message);
    }
}
