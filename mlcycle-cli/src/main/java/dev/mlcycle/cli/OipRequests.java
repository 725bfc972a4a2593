package dev.mlcycle.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Open Inference Protocol v2 over JSON for {@code mlcycle predict}, pure (no I/O): rows (JSON objects, one per
 * prediction) become a columnar infer request (one input per field, shape {@code [N]}, datatypes from the model's
 * metadata where it lists the field, else from the values), and an infer response becomes one {@link Answer} per row.
 * Values are passed through as given: checking them against the model is the service's job, and its error names the
 * input and row.
 */
final class OipRequests {
    /** The optional input that carries each row's event id, so that late labels join the prediction. */
    static final String EVENT_ID = "event_id";

    private OipRequests() {}

    /** What the model's metadata ({@code GET /v2/models/M}) tells the CLI: its inputs' datatypes and class names. */
    record Metadata(Map<String, String> inputs, List<String> classes) {
        static final Metadata NONE = new Metadata(Map.of(), List.of());

        static Metadata of(JsonNode metadata) {
            Map<String, String> inputs = new LinkedHashMap<>();
            for (JsonNode input : metadata.path("inputs")) {
                if (input.hasNonNull("name") && input.hasNonNull("datatype")) {
                    inputs.put(input.get("name").asText(), input.get("datatype").asText());
                }
            }
            return new Metadata(inputs, classesOf(metadata));
        }

        /** The class names: {@code parameters.classes}, else {@code classes}, else the probabilities output's. */
        private static List<String> classesOf(JsonNode metadata) {
            List<JsonNode> places = new ArrayList<>();
            places.add(metadata.path("parameters").path("classes"));
            places.add(metadata.path("classes"));
            for (JsonNode output : metadata.path("outputs")) {
                if ("probabilities".equals(output.path("name").asText())) {
                    places.add(output.path("parameters").path("classes"));
                }
            }
            for (JsonNode place : places) {
                if (place.isArray() && !place.isEmpty()) {
                    List<String> classes = new ArrayList<>();
                    place.forEach(c -> classes.add(c.asText()));
                    return classes;
                }
            }
            return List.of();
        }
    }

    /**
     * The infer request of some rows: one input per field, the metadata's inputs first in its order (a field no row
     * has is sent as nulls, except {@value #EVENT_ID}), then fields the metadata does not list, in the order first
     * seen.
     *
     * @param id the request id, echoed by the service
     * @param firstRow the number of {@code rows.get(0)} among all rows, for messages
     * @throws MlcycleException {@link Reason#INVALID_ARGUMENT} for a field whose values disagree in type when the
     *     metadata does not give its datatype
     */
    static ObjectNode request(String id, List<ObjectNode> rows, Metadata metadata, long firstRow) {
        Set<String> fields = new LinkedHashSet<>();
        Set<String> present = new LinkedHashSet<>();
        for (ObjectNode row : rows) {
            row.fieldNames().forEachRemaining(present::add);
        }
        for (String name : metadata.inputs().keySet()) {
            if (!name.equals(EVENT_ID) || present.contains(EVENT_ID)) {
                fields.add(name);
            }
        }
        fields.addAll(present);

        ObjectNode request = JsonNodeFactory.instance.objectNode();
        request.put("id", id);
        ArrayNode inputs = request.putArray("inputs");
        for (String field : fields) {
            ObjectNode input = inputs.addObject();
            input.put("name", field);
            input.putArray("shape").add(rows.size());
            input.put("datatype", datatype(field, rows, metadata, firstRow));
            ArrayNode data = input.putArray("data");
            for (ObjectNode row : rows) {
                JsonNode v = row.get(field);
                data.add(v == null ? JsonNodeFactory.instance.nullNode() : v);
            }
        }
        return request;
    }

    private static String datatype(String field, List<ObjectNode> rows, Metadata metadata, long firstRow) {
        String listed = metadata.inputs().get(field);
        if (listed != null) {
            return listed;
        }
        if (field.equals(EVENT_ID)) {
            return "BYTES";
        }
        String type = null;
        long typeRow = 0;
        for (int r = 0; r < rows.size(); r++) {
            JsonNode v = rows.get(r).get(field);
            if (v == null || v.isNull()) {
                continue;
            }
            String t = v.isBoolean() ? "BOOL" : v.isIntegralNumber() ? "INT64" : v.isNumber() ? "FP64" : "BYTES";
            if (type == null) {
                type = t;
                typeRow = firstRow + r;
            } else if (!type.equals(t)) {
                if (isNumeric(type) && isNumeric(t)) {
                    type = "FP64";
                } else {
                    throw new MlcycleException(
                            Reason.INVALID_ARGUMENT,
                            "row " + (firstRow + r) + ", field \"" + field + "\": expected " + kind(type)
                                    + " like in row " + typeRow + ", got " + v);
                }
            }
        }
        return type == null ? "BYTES" : type;
    }

    private static boolean isNumeric(String datatype) {
        return datatype.equals("INT64") || datatype.equals("FP64");
    }

    private static String kind(String datatype) {
        return switch (datatype) {
            case "BOOL" -> "a boolean";
            case "BYTES" -> "a string";
            default -> "a number";
        };
    }

    /**
     * One row's answer.
     *
     * @param label the predicted class, or null for regression
     * @param probabilities probability per class in the model's class order, or null
     * @param value the predicted number for regression, or null
     */
    record Answer(String label, double[] probabilities, Double value) {}

    /**
     * The service's answer to one request.
     *
     * @param version the version that answered ({@code model_version})
     * @param variant {@code champion} or {@code challenger} (the response's {@code parameters.variant}), or null
     */
    record Response(String model, String version, String variant, List<Answer> answers) {}

    /**
     * Reads an infer response for {@code rows} rows: {@code label} and {@code probabilities} (shape {@code [N, C]},
     * flat or nested data) or {@code value}.
     *
     * @throws MlcycleException {@link Reason#INTERNAL} when the answer does not fit the rows sent
     */
    static Response response(JsonNode body, int rows, String source) {
        Map<String, JsonNode> outputs = new LinkedHashMap<>();
        for (JsonNode o : body.path("outputs")) {
            outputs.put(o.path("name").asText(), o);
        }
        List<String> labels = outputs.containsKey("label") ? texts(flat(outputs.get("label"))) : null;
        List<JsonNode> probs = outputs.containsKey("probabilities") ? flat(outputs.get("probabilities")) : null;
        List<JsonNode> values = outputs.containsKey("value") ? flat(outputs.get("value")) : null;
        if (labels == null && values == null) {
            throw new MlcycleException(
                    Reason.INTERNAL,
                    source + " answered without a \"label\" or \"value\" output: " + Text.cut(body.toString(), 200));
        }
        requireRows(labels == null ? values.size() : labels.size(), rows, labels == null ? "value" : "label", source);
        int classes = 0;
        if (probs != null) {
            JsonNode shape = outputs.get("probabilities").path("shape");
            classes = shape.size() == 2 ? shape.get(1).asInt() : rows == 0 ? 0 : probs.size() / rows;
            requireRows(classes == 0 ? 0 : probs.size() / classes, rows, "probabilities", source);
        }
        List<Answer> answers = new ArrayList<>(rows);
        for (int r = 0; r < rows; r++) {
            double[] p = null;
            if (probs != null) {
                p = new double[classes];
                for (int c = 0; c < classes; c++) {
                    p[c] = probs.get(r * classes + c).asDouble();
                }
            }
            answers.add(new Answer(
                    labels == null ? null : labels.get(r),
                    p,
                    values == null ? null : values.get(r).asDouble()));
        }
        JsonNode variant = body.path("parameters").path("variant");
        return new Response(
                body.path("model_name").asText(null),
                body.path("model_version").asText(null),
                variant.isTextual() ? variant.asText() : null,
                answers);
    }

    private static void requireRows(int got, int rows, String output, String source) {
        if (got != rows) {
            throw new MlcycleException(
                    Reason.INTERNAL, source + " answered " + got + " rows of \"" + output + "\" for " + rows + " sent");
        }
    }

    /** An output's data, nested arrays flattened in row-major order. */
    private static List<JsonNode> flat(JsonNode output) {
        List<JsonNode> out = new ArrayList<>();
        flatten(output.path("data"), out);
        return out;
    }

    private static void flatten(JsonNode node, List<JsonNode> out) {
        if (node.isArray()) {
            node.forEach(n -> flatten(n, out));
        } else if (!node.isMissingNode()) {
            out.add(node);
        }
    }

    private static List<String> texts(List<JsonNode> nodes) {
        return nodes.stream().map(n -> n.isNull() ? null : n.asText()).toList();
    }
}
