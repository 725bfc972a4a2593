package dev.mlcycle.serving.oip;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlcycle.contracts.spec.DatasetCatalog;
import dev.mlcycle.contracts.spec.DatasetSpec;
import dev.mlcycle.contracts.spec.FeatureSpec;
import dev.mlcycle.serving.model.Frame;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Requests for the codec's tests, built from a dataset spec: rows drawn inside the spec's ranges, and the JSON and
 * binary forms of the same rows, laid out as tritonclient lays them out.
 */
final class OipFixtures {
    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private OipFixtures() {}

    static DatasetSpec credit() {
        return new DatasetCatalog(Path.of("target", "no-local-datasets")).load("credit");
    }

    static DatasetSpec housing() {
        return new DatasetCatalog(Path.of("target", "no-local-datasets")).load("housing");
    }

    static ModelSignature creditSignature() {
        DatasetSpec spec = credit();
        return new ModelSignature(spec, true, spec.label().values());
    }

    static ModelSignature housingSignature() {
        return new ModelSignature(housing(), false, List.of());
    }

    /** Rows of typed values (Double, Long, String, Boolean, null) inside the spec's ranges; nullable ones sometimes null. */
    static List<Map<String, Object>> rows(DatasetSpec spec, int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int r = 0; r < n; r++) {
            Map<String, Object> row = new LinkedHashMap<>();
            for (FeatureSpec f : spec.features()) {
                if (f.nullable() && random.nextInt(5) == 0) {
                    row.put(f.name(), null);
                    continue;
                }
                double lo = f.min() == null ? -1000 : f.min();
                double hi = f.max() == null ? lo + 100_000 : f.max();
                row.put(
                        f.name(),
                        switch (f.type()) {
                            case NUMERIC -> lo + random.nextDouble() * (hi - lo);
                            case INTEGER -> (long) lo + random.nextLong((long) (hi - lo) + 1);
                            case CATEGORICAL -> f.values()
                                    .get(random.nextInt(f.values().size()));
                            case BOOLEAN -> random.nextBoolean();
                        });
            }
            rows.add(row);
        }
        return rows;
    }

    static String[] eventIds(int n) {
        String[] ids = new String[n];
        for (int i = 0; i < n; i++) {
            ids[i] = "e-" + i;
        }
        return ids;
    }

    static String datatype(FeatureSpec f) {
        return switch (f.type()) {
            case NUMERIC -> "FP64";
            case INTEGER -> "INT64";
            case CATEGORICAL -> "BYTES";
            case BOOLEAN -> "BOOL";
        };
    }

    /** A JSON request: one input per feature (and event_id when ids are given), data flat or nested [N, 1]. */
    static ObjectNode jsonRequest(DatasetSpec spec, List<Map<String, Object>> rows, String[] ids, boolean nested) {
        ObjectNode root = NODES.objectNode();
        root.put("id", "req-1");
        ArrayNode inputs = root.putArray("inputs");
        for (FeatureSpec f : spec.features()) {
            ObjectNode in = inputs.addObject();
            in.put("name", f.name());
            ArrayNode shape = in.putArray("shape").add(rows.size());
            if (nested) {
                shape.add(1);
            }
            in.put("datatype", datatype(f));
            ArrayNode data = in.putArray("data");
            for (Map<String, Object> row : rows) {
                ArrayNode into = nested ? data.addArray() : data;
                Object v = row.get(f.name());
                if (v == null) {
                    into.addNull();
                } else if (v instanceof Double d) {
                    into.add(d);
                } else if (v instanceof Long l) {
                    into.add(l);
                } else if (v instanceof String s) {
                    into.add(s);
                } else {
                    into.add((Boolean) v);
                }
            }
        }
        if (ids != null) {
            ObjectNode in = inputs.addObject();
            in.put("name", spec.id());
            in.putArray("shape").add(ids.length);
            in.put("datatype", "BYTES");
            ArrayNode data = in.putArray("data");
            for (String id : ids) {
                data.add(id);
            }
        }
        return root;
    }

    static byte[] bytes(ObjectNode root) {
        try {
            return MAPPER.writeValueAsBytes(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A body in the binary extension and its JSON header's length. */
    record Binary(byte[] body, int headerLength) {}

    /**
     * The same rows in the binary tensor extension, as tritonclient's defaults send them: every input binary,
     * {@code parameters.binary_data_output} true. A missing value is NaN for FP64, and listed in {@code
     * parameters.missing_rows} for other datatypes (then the element's bytes are a placeholder).
     */
    static Binary binaryRequest(DatasetSpec spec, List<Map<String, Object>> rows, String[] ids) {
        ObjectNode root = NODES.objectNode();
        root.put("id", "req-1");
        ArrayNode inputs = root.putArray("inputs");
        ByteArrayOutputStream tensors = new ByteArrayOutputStream();
        for (FeatureSpec f : spec.features()) {
            ObjectNode in = inputs.addObject();
            in.put("name", f.name());
            in.putArray("shape").add(rows.size());
            in.put("datatype", datatype(f));
            ObjectNode params = NODES.objectNode();
            List<Object> values = new ArrayList<>();
            ArrayNode missing = NODES.arrayNode();
            for (int r = 0; r < rows.size(); r++) {
                Object v = rows.get(r).get(f.name());
                if (v == null && f.type() != dev.mlcycle.contracts.spec.FeatureType.NUMERIC) {
                    missing.add(r);
                }
                values.add(v);
            }
            byte[] tensor = tensor(datatype(f), values);
            params.put("binary_data_size", tensor.length);
            if (!missing.isEmpty()) {
                params.set(RequestDecoder.MISSING_ROWS, missing);
            }
            in.set("parameters", params);
            tensors.writeBytes(tensor);
        }
        if (ids != null) {
            byte[] tensor = tensor("BYTES", List.of((Object[]) ids));
            ObjectNode in = inputs.addObject();
            in.put("name", spec.id());
            in.putArray("shape").add(ids.length);
            in.put("datatype", "BYTES");
            in.putObject("parameters").put("binary_data_size", tensor.length);
            tensors.writeBytes(tensor);
        }
        root.putObject("parameters").put("binary_data_output", true);
        byte[] header = bytes(root);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(header);
        body.writeBytes(tensors.toByteArray());
        return new Binary(body.toByteArray(), header.length);
    }

    /** Little-endian tensor bytes; a null is NaN (FP64) or a placeholder (0, false, empty string). */
    static byte[] tensor(String datatype, List<Object> values) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object v : values) {
            switch (datatype) {
                case "FP64" -> out.writeBytes(le(8).putDouble(v == null ? Double.NaN : ((Number) v).doubleValue())
                        .array());
                case "FP32" -> out.writeBytes(le(4).putFloat(v == null ? Float.NaN : ((Number) v).floatValue())
                        .array());
                case "INT64" -> out.writeBytes(
                        le(8).putLong(v == null ? 0 : ((Number) v).longValue()).array());
                case "INT32" -> out.writeBytes(
                        le(4).putInt(v == null ? 0 : ((Number) v).intValue()).array());
                case "BOOL" -> out.write(Boolean.TRUE.equals(v) ? 1 : 0);
                case "BYTES" -> {
                    byte[] s = v == null ? new byte[0] : ((String) v).getBytes(StandardCharsets.UTF_8);
                    out.writeBytes(le(4).putInt(s.length).array());
                    out.writeBytes(s);
                }
                default -> throw new IllegalArgumentException(datatype);
            }
        }
        return out.toByteArray();
    }

    static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** A frame as comparable rows: feature values by name, plus the event id under "#event_id". */
    static List<Map<String, Object>> table(Frame frame) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int r = 0; r < frame.rows(); r++) {
            Map<String, Object> row = new LinkedHashMap<>(frame.row(r));
            if (frame.hasEventIds()) {
                row.put("#event_id", frame.eventId(r));
            }
            rows.add(row);
        }
        return rows;
    }
}
