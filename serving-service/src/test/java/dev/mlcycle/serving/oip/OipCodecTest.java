package dev.mlcycle.serving.oip;

import static dev.mlcycle.serving.oip.OipFixtures.MAPPER;
import static dev.mlcycle.serving.oip.OipFixtures.bytes;
import static dev.mlcycle.serving.oip.OipFixtures.le;
import static dev.mlcycle.serving.oip.OipFixtures.table;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlcycle.contracts.spec.DatasetSpec;
import dev.mlcycle.serving.model.Outputs;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OipCodecTest {
    private final OipCodec codec = new OipCodec(OipLimits.DEFAULTS);
    private final ModelSignature credit = OipFixtures.creditSignature();
    private final DatasetSpec spec = credit.spec();

    @Test
    void jsonAndBinaryRequestsDecodeToTheSameFrame() {
        List<Map<String, Object>> rows = OipFixtures.rows(spec, 200, 7);
        String[] ids = OipFixtures.eventIds(rows.size());
        InferRequest json = codec.decodeJson(bytes(OipFixtures.jsonRequest(spec, rows, ids, false)), credit);
        OipFixtures.Binary b = OipFixtures.binaryRequest(spec, rows, ids);
        InferRequest binary = codec.decodeBinary(b.body(), b.headerLength(), credit);

        assertThat(rows.stream().filter(r -> r.get("income") == null)).isNotEmpty();
        List<Map<String, Object>> expected = new ArrayList<>();
        for (int r = 0; r < rows.size(); r++) {
            Map<String, Object> row = new LinkedHashMap<>(rows.get(r));
            row.put("#event_id", ids[r]);
            expected.add(row);
        }
        assertThat(table(json.frame())).isEqualTo(expected);
        assertThat(table(binary.frame())).isEqualTo(expected);
        assertThat(json.id()).isEqualTo("req-1").isEqualTo(binary.id());
        assertThat(json.frame().names()).isEqualTo(spec.featureNames());
        assertThat(json.binaryOutputs()).isFalse();
        assertThat(binary.binaryOutputs()).isTrue();
        assertThat(binary.binaryOutputNames()).containsExactly("label", "probabilities");
    }

    @Test
    void nestedDataOfShapeNByOneDecodesLikeFlatData() {
        List<Map<String, Object>> rows = OipFixtures.rows(spec, 20, 3);
        InferRequest flat = codec.decodeJson(bytes(OipFixtures.jsonRequest(spec, rows, null, false)), credit);
        InferRequest nested = codec.decodeJson(bytes(OipFixtures.jsonRequest(spec, rows, null, true)), credit);
        assertThat(table(nested.frame())).isEqualTo(table(flat.frame())).isEqualTo(rows);
        assertThat(nested.frame().hasEventIds()).isFalse();
    }

    /**
     * The exact bytes tritonclient's HTTP client sends with its defaults: {@code InferInput.set_data_from_numpy}
     * (binary_data=True) for every input, no requested outputs, so {@code _get_inference_request} adds {@code
     * "binary_data_output": true}; the header is Python's {@code json.dumps} (", " and ": " separators) and {@code
     * Inference-Header-Content-Length} is its length.
     */
    @Test
    void acceptsABinaryRequestExactlyAsTritonclientBuildsIt() {
        ModelSignature housing = OipFixtures.housingSignature();
        String header = "{\"id\": \"t-1\", \"inputs\": ["
                + "{\"name\": \"area_m2\", \"shape\": [2], \"datatype\": \"FP64\", \"parameters\": {\"binary_data_size\": 16}}, "
                + "{\"name\": \"rooms\", \"shape\": [2], \"datatype\": \"INT64\", \"parameters\": {\"binary_data_size\": 16}}, "
                + "{\"name\": \"building_age\", \"shape\": [2], \"datatype\": \"INT32\", \"parameters\": {\"binary_data_size\": 8}}, "
                + "{\"name\": \"distance_km\", \"shape\": [2], \"datatype\": \"FP32\", \"parameters\": {\"binary_data_size\": 8}}, "
                + "{\"name\": \"neighborhood\", \"shape\": [2], \"datatype\": \"BYTES\", \"parameters\": {\"binary_data_size\": 20}}, "
                + "{\"name\": \"property_type\", \"shape\": [2], \"datatype\": \"BYTES\", \"parameters\": {\"binary_data_size\": 22}}, "
                + "{\"name\": \"has_garden\", \"shape\": [2], \"datatype\": \"BOOL\", \"parameters\": {\"binary_data_size\": 2}}], "
                + "\"parameters\": {\"timeout\": 250000, \"binary_data_output\": true}}";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(header.getBytes(StandardCharsets.UTF_8));
        body.writeBytes(le(16).putDouble(72.5).putDouble(140.0).array()); // np.float64
        body.writeBytes(le(16).putLong(3).putLong(5).array()); // np.int64
        body.writeBytes(le(8).putInt(12).putInt(80).array()); // np.int32
        body.writeBytes(le(8).putFloat(2.5f).putFloat(Float.NaN).array()); // np.float32, NaN = missing
        body.writeBytes(OipFixtures.tensor("BYTES", List.of("center", "suburb"))); // 4+6 + 4+6... serialize_byte_tensor
        body.writeBytes(OipFixtures.tensor("BYTES", List.of("apartment", "house")));
        body.writeBytes(new byte[] {1, 0}); // np.bool_
        byte[] bytes = body.toByteArray();

        InferRequest req = codec.decode(bytes, Integer.toString(header.length()), housing);

        assertThat(table(req.frame()))
                .containsExactly(
                        row(
                                "area_m2",
                                72.5,
                                "rooms",
                                3L,
                                "building_age",
                                12L,
                                "distance_km",
                                2.5,
                                "neighborhood",
                                "center",
                                "property_type",
                                "apartment",
                                "has_garden",
                                true),
                        row(
                                "area_m2",
                                140.0,
                                "rooms",
                                5L,
                                "building_age",
                                80L,
                                "distance_km",
                                null,
                                "neighborhood",
                                "suburb",
                                "property_type",
                                "house",
                                "has_garden",
                                false));
        assertThat(req.id()).isEqualTo("t-1");
        assertThat(req.timeoutMicros()).isEqualTo(250_000L);
        assertThat(req.outputs()).containsExactly("value");
        assertThat(req.binaryOutputNames()).containsExactly("value");

        Encoded out = codec.encode(
                req, "housing-price", 4, "champion", new Outputs(List.of(), null, null, new double[] {310.25, 512.5}));
        assertThat(out.contentType()).isEqualTo("application/octet-stream");
        JsonNode head = json(Arrays.copyOf(out.body(), out.inferenceHeaderContentLength()));
        assertThat(head.get("model_name").asText()).isEqualTo("housing-price");
        assertThat(head.get("model_version").asText()).isEqualTo("4");
        assertThat(head.get("id").asText()).isEqualTo("t-1");
        assertThat(head.at("/parameters/variant").asText()).isEqualTo("champion");
        JsonNode value = head.at("/outputs/0");
        assertThat(value.get("name").asText()).isEqualTo("value");
        assertThat(value.get("datatype").asText()).isEqualTo("FP64");
        assertThat(value.get("shape").toString()).isEqualTo("[2]");
        assertThat(value.at("/parameters/binary_data_size").asInt()).isEqualTo(16);
        assertThat(value.has("data")).isFalse();
        ByteBuffer tail = ByteBuffer.wrap(out.body(), out.inferenceHeaderContentLength(), 16)
                .slice()
                .order(ByteOrder.LITTLE_ENDIAN);
        assertThat(out.body()).hasSize(out.inferenceHeaderContentLength() + 16);
        assertThat(tail.getDouble(0)).isEqualTo(310.25);
        assertThat(tail.getDouble(8)).isEqualTo(512.5);
    }

    @Test
    void acceptsEveryNumericDatatypeForNumericFeaturesAndIntegralFloatsForIntegerFeatures() {
        ModelSignature housing = OipFixtures.housingSignature();
        for (String dt :
                List.of("FP64", "FP32", "INT64", "INT32", "INT16", "INT8", "UINT64", "UINT32", "UINT16", "UINT8")) {
            ObjectNode req = housingRequest();
            input(req, "area_m2").put("datatype", dt).putArray("data").add(100);
            input(req, "rooms")
                    .put("datatype", dt.startsWith("FP") ? dt : "INT64")
                    .putArray("data")
                    .add(4);
            InferRequest decoded = codec.decodeJson(bytes(req), housing);
            assertThat(decoded.frame().value(0, 0)).as(dt).isEqualTo(100.0);
            assertThat(decoded.frame().value(1, 0)).as(dt).isEqualTo(4L);
        }
    }

    @Test
    void fp32JsonValuesAreRoundedAsTheirBinaryFormWouldBe() {
        ModelSignature housing = OipFixtures.housingSignature();
        ObjectNode req = housingRequest();
        input(req, "area_m2").put("datatype", "FP32").putArray("data").add(70.1);
        assertThat(codec.decodeJson(bytes(req), housing).frame().value(0, 0)).isEqualTo((double) 70.1f);
    }

    @Test
    void missingValuesArriveAsJsonNullPythonNanMissingRowsOrAnOmittedNullableInput() {
        ModelSignature housing = OipFixtures.housingSignature();
        String body = "{\"inputs\": ["
                + "{\"name\": \"area_m2\", \"shape\": [3], \"datatype\": \"FP64\", \"data\": [50.0, 60.0, 70.0]},"
                + "{\"name\": \"rooms\", \"shape\": [3], \"datatype\": \"INT64\", \"data\": [1, 2, 3]},"
                + "{\"name\": \"building_age\", \"shape\": [3], \"datatype\": \"INT64\", \"data\": [1, 2, 3]},"
                + "{\"name\": \"distance_km\", \"shape\": [3], \"datatype\": \"FP64\", \"data\": [NaN, null, 4.5],"
                + " \"parameters\": {\"missing_rows\": [2]}},"
                + "{\"name\": \"neighborhood\", \"shape\": [3], \"datatype\": \"BYTES\", \"data\": [\"center\", \"inner\", \"suburb\"]},"
                + "{\"name\": \"property_type\", \"shape\": [3], \"datatype\": \"BYTES\", \"data\": [\"house\", \"house\", \"house\"]},"
                + "{\"name\": \"has_garden\", \"shape\": [3], \"datatype\": \"BOOL\", \"data\": [true, false, true]}]}";
        InferRequest req = codec.decodeJson(body.getBytes(StandardCharsets.UTF_8), housing);
        int distance = req.frame().names().indexOf("distance_km");
        assertThat(req.frame().value(distance, 0)).isNull();
        assertThat(req.frame().value(distance, 1)).isNull();
        assertThat(req.frame().value(distance, 2)).isNull();

        ObjectNode omitted = housingRequest();
        ((com.fasterxml.jackson.databind.node.ArrayNode) omitted.get("inputs")).remove(3);
        InferRequest without = codec.decodeJson(bytes(omitted), housing);
        assertThat(without.frame().value(distance, 0)).isNull();
    }

    @Test
    void unseenCategoryIsAcceptedWhereTheSpecAllowsIt() {
        ModelSignature housing = OipFixtures.housingSignature();
        ObjectNode req = housingRequest();
        input(req, "property_type").putArray("data").add("houseboat");
        assertThat(codec.decodeJson(bytes(req), housing).frame().value(5, 0)).isEqualTo("houseboat");
    }

    @Test
    void requestedOutputsSelectWhatIsAnsweredEachAsJsonOrBinaryAsAsked() {
        List<Map<String, Object>> rows = OipFixtures.rows(spec, 3, 11);
        ObjectNode req = OipFixtures.jsonRequest(spec, rows, null, false);
        req.putArray("outputs").addObject().put("name", "probabilities");
        Outputs out = new Outputs(
                List.of("no", "yes"),
                new String[] {"no", "yes", "no"},
                new double[][] {{0.9, 0.1}, {0.2, 0.8}, {0.6, 0.4}},
                null);

        InferRequest only = codec.decodeJson(bytes(req), credit);
        Encoded e = codec.encode(only, "credit-default", 2, "challenger", out);
        assertThat(e.contentType()).isEqualTo("application/json");
        assertThat(e.inferenceHeaderContentLength()).isNull();
        JsonNode body = json(e.body());
        assertThat(body.get("outputs")).hasSize(1);
        assertThat(body.at("/outputs/0/name").asText()).isEqualTo("probabilities");
        assertThat(body.at("/outputs/0/shape").toString()).isEqualTo("[3,2]");
        assertThat(body.at("/outputs/0/data").toString()).isEqualTo("[0.9,0.1,0.2,0.8,0.6,0.4]");
        assertThat(body.at("/parameters/variant").asText()).isEqualTo("challenger");
        assertThat(body.at("/parameters/model_version").asInt()).isEqualTo(2);
        assertThat(body.get("id").asText()).isEqualTo("req-1");

        req.putArray("outputs")
                .addObject()
                .put("name", "label")
                .putObject("parameters")
                .put("binary_data", true);
        ((com.fasterxml.jackson.databind.node.ArrayNode) req.get("outputs"))
                .addObject()
                .put("name", "probabilities");
        InferRequest mixed = codec.decodeJson(bytes(req), credit);
        assertThat(mixed.outputs()).containsExactly("label", "probabilities");
        assertThat(mixed.binaryOutputNames()).containsExactly("label");
        Encoded m = codec.encode(mixed, "credit-default", 2, "champion", out);
        assertThat(m.contentType()).isEqualTo("application/octet-stream");
        JsonNode head = json(Arrays.copyOf(m.body(), m.inferenceHeaderContentLength()));
        assertThat(head.at("/outputs/0/name").asText()).isEqualTo("label");
        assertThat(head.at("/outputs/0/datatype").asText()).isEqualTo("BYTES");
        assertThat(head.at("/outputs/0/parameters/binary_data_size").asInt()).isEqualTo(3 * 4 + 2 + 3 + 2);
        assertThat(head.at("/outputs/1/data")).hasSize(6);
        byte[] tail = Arrays.copyOfRange(m.body(), m.inferenceHeaderContentLength(), m.body().length);
        assertThat(tail).isEqualTo(OipFixtures.tensor("BYTES", List.of("no", "yes", "no")));
    }

    @Test
    void binaryDataOutputAppliesToOutputsThatDoNotSayOtherwise() {
        List<Map<String, Object>> rows = OipFixtures.rows(spec, 2, 5);
        ObjectNode req = OipFixtures.jsonRequest(spec, rows, null, false);
        req.putObject("parameters").put("binary_data_output", true);
        req.putArray("outputs").addObject().put("name", "label");
        ((com.fasterxml.jackson.databind.node.ArrayNode) req.get("outputs"))
                .addObject()
                .put("name", "probabilities")
                .putObject("parameters")
                .put("binary_data", false);
        InferRequest decoded = codec.decodeJson(bytes(req), credit);
        assertThat(decoded.binaryOutputNames()).containsExactly("label");
        assertThat(decoded.parameters()).containsEntry("binary_data_output", true);
    }

    @Test
    void modelMetadataListsInputsOutputsClassesVersionAndAliases() {
        JsonNode m = json(codec.metadata(credit, "credit-default", List.of(2, 3), Map.of("champion", 3), 3));
        assertThat(m.get("name").asText()).isEqualTo("credit-default");
        assertThat(m.get("versions").toString()).isEqualTo("[\"2\",\"3\"]");
        assertThat(m.get("platform").asText()).isEqualTo("mlcycle-tribuo");
        assertThat(m.get("inputs")).hasSize(spec.features().size() + 2);
        assertThat(m.at("/inputs/0/name").asText()).isEqualTo("income");
        assertThat(m.at("/inputs/0/datatype").asText()).isEqualTo("FP64");
        assertThat(m.at("/inputs/0/shape").toString()).isEqualTo("[-1]");
        assertThat(m.at("/inputs/0/parameters/nullable").asBoolean()).isTrue();
        assertThat(m.at("/inputs/1/datatype").asText()).isEqualTo("INT64");
        assertThat(m.at("/inputs/9/datatype").asText()).isEqualTo("BYTES");
        assertThat(m.at("/inputs/9/parameters/categories").toString()).contains("north");
        assertThat(m.at("/inputs/12/datatype").asText()).isEqualTo("BOOL");
        assertThat(m.at("/inputs/13/name").asText()).isEqualTo("event_id");
        assertThat(m.at("/inputs/14/name").asText()).isEqualTo("event_time");
        assertThat(m.at("/inputs/14/parameters/accepted_datatypes").toString()).isEqualTo("[\"BYTES\",\"INT64\"]");
        assertThat(m.at("/outputs/0/name").asText()).isEqualTo("label");
        assertThat(m.at("/outputs/1/shape").toString()).isEqualTo("[-1,2]");
        assertThat(m.at("/parameters/classes").toString()).isEqualTo("[\"no\",\"yes\"]");
        assertThat(m.at("/parameters/version").asInt()).isEqualTo(3);
        assertThat(m.at("/parameters/aliases/champion").asInt()).isEqualTo(3);
        assertThat(m.at("/parameters/dataset").asText()).isEqualTo("credit");

        JsonNode h = json(codec.metadata(OipFixtures.housingSignature(), "housing-price", List.of(1), Map.of(), 1));
        assertThat(h.get("outputs")).hasSize(1);
        assertThat(h.at("/outputs/0/name").asText()).isEqualTo("value");
    }

    @Test
    void eventTimeArrivesAsIsoInstantsOrEpochMillisecondsAndANullRowHasNone() {
        ObjectNode req = OipFixtures.jsonRequest(
                OipFixtures.housing(), OipFixtures.rows(OipFixtures.housing(), 3, 5), null, false);
        ObjectNode iso = ((com.fasterxml.jackson.databind.node.ArrayNode) req.get("inputs")).addObject();
        iso.put("name", "event_time").put("datatype", "BYTES");
        iso.putArray("shape").add(3);
        iso.putArray("data").add("2026-03-02T09:58:40Z").addNull().add("2026-03-02T10:00:00.250Z");
        InferRequest a = codec.decodeJson(bytes(req), OipFixtures.housingSignature());
        assertThat(a.frame().eventTime(0)).isEqualTo(java.time.Instant.parse("2026-03-02T09:58:40Z"));
        assertThat(a.frame().eventTime(1)).isNull();
        assertThat(a.frame().eventTime(2)).isEqualTo(java.time.Instant.parse("2026-03-02T10:00:00.250Z"));

        iso.put("datatype", "INT64");
        iso.putArray("data").add(1_772_445_520_000L).add(0).add(1_772_445_600_250L);
        iso.putObject("parameters").putArray("missing_rows").add(1);
        InferRequest b = codec.decodeJson(bytes(req), OipFixtures.housingSignature());
        for (int r = 0; r < 3; r++) {
            assertThat(b.frame().eventTime(r)).isEqualTo(a.frame().eventTime(r));
        }
        // the event times stay with their rows when the batcher slices and joins frames
        var joined = dev.mlcycle.serving.model.Frame.concat(
                List.of(b.frame().slice(2, 3), a.frame().slice(0, 2)));
        assertThat(joined.eventTime(0)).isEqualTo(a.frame().eventTime(2));
        assertThat(joined.eventTime(1)).isEqualTo(a.frame().eventTime(0));
        assertThat(joined.eventTime(2)).isNull();

        // in the binary extension: INT64 epoch milliseconds, little-endian
        iso.remove("data");
        iso.remove("parameters");
        iso.putObject("parameters").put("binary_data_size", 24);
        byte[] header = bytes(req);
        ByteBuffer tensor = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        tensor.putLong(1_772_445_520_000L).putLong(1_772_445_520_001L).putLong(1_772_445_600_250L);
        byte[] body = Arrays.copyOf(header, header.length + 24);
        System.arraycopy(tensor.array(), 0, body, header.length, 24);
        InferRequest c = codec.decodeBinary(body, header.length, OipFixtures.housingSignature());
        assertThat(c.frame().eventTime(0)).isEqualTo(a.frame().eventTime(0));
        assertThat(c.frame().eventTime(1)).isEqualTo(java.time.Instant.parse("2026-03-02T09:58:40.001Z"));
    }

    @Test
    void serverMetadataListsTheBinaryTensorExtension() {
        JsonNode s = json(codec.serverMetadata("mlcycle", "0.1.0"));
        assertThat(s.get("name").asText()).isEqualTo("mlcycle");
        assertThat(s.get("version").asText()).isEqualTo("0.1.0");
        assertThat(s.get("extensions").toString()).contains("binary_tensor_data");
    }

    @Test
    void regressionAnswersValueInJson() {
        ModelSignature housing = OipFixtures.housingSignature();
        InferRequest req = codec.decodeJson(bytes(housingRequest()), housing);
        Encoded e = codec.encode(
                req, "housing-price", 1, "champion", new Outputs(List.of(), null, null, new double[] {123.5}));
        JsonNode body = json(e.body());
        assertThat(body.at("/outputs/0/name").asText()).isEqualTo("value");
        assertThat(body.at("/outputs/0/data").toString()).isEqualTo("[123.5]");
        assertThat(body.has("id")).isFalse();
        assertThat(req.outputs()).isEqualTo(Set.of("value"));
    }

    /** One valid housing row as a JSON request. */
    static ObjectNode housingRequest() {
        DatasetSpec housing = OipFixtures.housing();
        Map<String, Object> row = row(
                "area_m2",
                80.0,
                "rooms",
                3L,
                "building_age",
                20L,
                "distance_km",
                3.5,
                "neighborhood",
                "inner",
                "property_type",
                "house",
                "has_garden",
                true);
        ObjectNode req = OipFixtures.jsonRequest(housing, List.of(row), null, false);
        req.remove("id");
        return req;
    }

    static ObjectNode input(ObjectNode req, String name) {
        for (JsonNode in : req.get("inputs")) {
            if (in.get("name").asText().equals(name)) {
                return (ObjectNode) in;
            }
        }
        throw new IllegalArgumentException(name);
    }

    static Map<String, Object> row(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    static JsonNode json(byte[] bytes) {
        try {
            return MAPPER.readTree(bytes);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
