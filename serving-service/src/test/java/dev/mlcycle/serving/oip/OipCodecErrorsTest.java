package dev.mlcycle.serving.oip;

import static dev.mlcycle.serving.oip.OipCodecTest.housingRequest;
import static dev.mlcycle.serving.oip.OipCodecTest.input;
import static dev.mlcycle.serving.oip.OipFixtures.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** Every kind of bad request, each with the message that names the input, the row and what was expected. */
class OipCodecErrorsTest {
    private final OipCodec codec = new OipCodec(OipLimits.DEFAULTS);
    private final ModelSignature housing = OipFixtures.housingSignature();

    private static void rejected(ThrowingCallable call, Reason reason, String... fragments) {
        Throwable t = catchThrowable(call);
        assertThat(t).isInstanceOf(MlcycleException.class);
        assertThat(((MlcycleException) t).reason()).as(t.getMessage()).isEqualTo(reason);
        assertThat(t.getMessage()).contains(fragments);
    }

    private void rejectedJson(ObjectNode req, String... fragments) {
        rejected(() -> codec.decodeJson(bytes(req), housing), Reason.INVALID_ARGUMENT, fragments);
    }

    private void rejectedJson(String body, String... fragments) {
        rejected(
                () -> codec.decodeJson(body.getBytes(StandardCharsets.UTF_8), housing),
                Reason.INVALID_ARGUMENT,
                fragments);
    }

    @Test
    void rejectsUnknownInput() {
        ObjectNode req = housingRequest();
        ((ArrayNode) req.get("inputs"))
                .addObject()
                .put("name", "pool")
                .put("datatype", "BOOL")
                .putArray("data")
                .add(true);
        ((ObjectNode) req.get("inputs").get(7)).putArray("shape").add(1);
        rejectedJson(req, "unknown input \"pool\"", "expected one of the features of dataset housing", "area_m2");
    }

    @Test
    void rejectsMissingFeature() {
        ObjectNode req = housingRequest();
        ((ArrayNode) req.get("inputs")).remove(1);
        rejectedJson(req, "missing input \"rooms\"", "an integer in [1, 30]");
    }

    @Test
    void rejectsWrongDatatypeForTheFeature() {
        ObjectNode req = housingRequest();
        input(req, "neighborhood").put("datatype", "INT64").putArray("data").add(1);
        rejectedJson(req, "input \"neighborhood\"", "expected datatype BYTES for a categorical feature, got INT64");
        ObjectNode req2 = housingRequest();
        input(req2, "rooms").put("datatype", "BYTES").putArray("data").add("3");
        rejectedJson(req2, "input \"rooms\"", "expected datatype one of [INT64", "got BYTES");
        ObjectNode req3 = housingRequest();
        input(req3, "has_garden").put("datatype", "FP16");
        rejectedJson(req3, "input \"has_garden\"", "expected a datatype among [BOOL", "got \"FP16\"");
    }

    @Test
    void rejectsDataOfTheWrongJsonTypeForTheDatatype() {
        ObjectNode req = housingRequest();
        input(req, "area_m2").putArray("data").add("eighty");
        rejectedJson(req, "input \"area_m2\", row 0: expected a number (FP64), got \"eighty\"");
        ObjectNode req2 = housingRequest();
        input(req2, "rooms").putArray("data").add(3.5);
        rejectedJson(req2, "input \"rooms\", row 0: expected INT64", "got the number 3.5");
        ObjectNode req3 = housingRequest();
        input(req3, "rooms").put("datatype", "INT8").putArray("data").add(300);
        rejectedJson(req3, "input \"rooms\", row 0: expected INT8 (an integer in [-128, 127]), got the number 300");
        ObjectNode req4 = housingRequest();
        input(req4, "has_garden").putArray("data").add(1);
        rejectedJson(req4, "input \"has_garden\", row 0: expected true or false (BOOL), got the number 1");
    }

    @Test
    void rejectsNonIntegralFloatForAnIntegerFeature() {
        ObjectNode req = housingRequest();
        input(req, "rooms").put("datatype", "FP64").putArray("data").add(2.5);
        rejectedJson(req, "input \"rooms\", row 0: expected an integer in [1, 30], got the number 2.5");
    }

    @Test
    void rejectsShapeThatDisagreesWithData() {
        ObjectNode req = housingRequest();
        input(req, "area_m2").putArray("data").add(80.0).add(90.0);
        rejectedJson(req, "input \"area_m2\": shape [1] says 1 rows, data holds 2 values");
        ObjectNode req2 = housingRequest();
        input(req2, "area_m2").putArray("shape").add(1).add(2);
        rejectedJson(req2, "input \"area_m2\": expected shape [N] or [N, 1] (one column per input), got [1,2]");
        ObjectNode req3 = housingRequest();
        input(req3, "area_m2").putArray("data").addArray().add(80.0);
        rejectedJson(req3, "input \"area_m2\", row 0: shape [1] has one dimension, expected flat data, got a list");
        ObjectNode req4 = housingRequest();
        input(req4, "area_m2").putArray("shape").add(-1);
        rejectedJson(req4, "input \"area_m2\": expected shape [N] or [N, 1] with N a non-negative integer, got [-1]");
        ObjectNode req5 = housingRequest();
        input(req5, "area_m2").putArray("shape").add(0);
        input(req5, "area_m2").putArray("data");
        rejectedJson(req5, "input \"area_m2\": expected at least one row");
    }

    @Test
    void rejectsInputsWithDifferentRowCounts() {
        ObjectNode req = housingRequest();
        input(req, "rooms").putArray("shape").add(2);
        input(req, "rooms").putArray("data").add(2).add(3);
        rejectedJson(req, "input \"rooms\" has 2 rows (shape [2]), input \"area_m2\" has 1");
    }

    @Test
    void rejectsUnknownCategoryWhereTheSpecSaysReject() {
        ObjectNode req = housingRequest();
        input(req, "neighborhood").putArray("data").add("harbour");
        rejectedJson(
                req,
                "input \"neighborhood\", row 0: expected one of [center, inner, suburb, outskirts], got"
                        + " \"harbour\"");
    }

    @Test
    void rejectsNanAndNullWhereTheFeatureIsNotNullable() {
        rejectedJson(
                "{\"inputs\": [{\"name\": \"area_m2\", \"shape\": [1], \"datatype\": \"FP64\", \"data\": [NaN]}]}",
                "input \"area_m2\", row 0: expected a number in [5, 2000], got NaN (NaN means missing, and this"
                        + " feature is not nullable)");
        ObjectNode req = housingRequest();
        input(req, "rooms").putArray("data").addNull();
        rejectedJson(req, "input \"rooms\", row 0: expected an integer in [1, 30], got null");
        ObjectNode req2 = housingRequest();
        input(req2, "has_garden")
                .putObject("parameters")
                .putArray("missing_rows")
                .add(0);
        rejectedJson(req2, "input \"has_garden\", row 0: expected true or false, got null");
    }

    @Test
    void rejectsValuesOutsideTheSpecRange() {
        ObjectNode req = housingRequest();
        input(req, "area_m2").putArray("data").add(2.0);
        rejectedJson(req, "input \"area_m2\", row 0: expected a number in [5, 2000], got the number 2.0");
        ObjectNode req2 = housingRequest();
        input(req2, "rooms").putArray("data").add(31);
        rejectedJson(req2, "input \"rooms\", row 0: expected an integer in [1, 30], got the number 31");
        rejectedJson(
                "{\"inputs\": [{\"name\": \"area_m2\", \"shape\": [1], \"datatype\": \"FP64\", \"data\": [Infinity]}]}",
                "input \"area_m2\", row 0: expected a number in [5, 2000], got the number Infinity");
    }

    @Test
    void rejectsDuplicateInputsOutputsAndKeys() {
        ObjectNode req = housingRequest();
        ((ArrayNode) req.get("inputs")).add(req.get("inputs").get(0).deepCopy());
        rejectedJson(req, "input \"area_m2\" appears twice");
        ObjectNode req2 = housingRequest();
        req2.putArray("outputs").addObject().put("name", "value");
        ((ArrayNode) req2.get("outputs")).addObject().put("name", "value");
        rejectedJson(req2, "output \"value\" is requested twice");
        rejectedJson("{\"inputs\": [], \"inputs\": []}", "Duplicate field 'inputs'");
    }

    @Test
    void rejectsUnknownOutputsAndTheClassificationExtension() {
        ObjectNode req = housingRequest();
        req.putArray("outputs").addObject().put("name", "label");
        rejectedJson(req, "unknown output \"label\": expected one of [value]");
        ObjectNode req2 = housingRequest();
        req2.putArray("outputs")
                .addObject()
                .put("name", "value")
                .putObject("parameters")
                .put("classification", 2);
        rejectedJson(
                req2,
                "output \"value\": parameters.classification (the classification extension) is not" + " supported");
        ObjectNode req3 = housingRequest();
        req3.putArray("outputs")
                .addObject()
                .put("name", "value")
                .putObject("parameters")
                .put("binary_data", "yes");
        rejectedJson(req3, "output \"value\": parameters.binary_data: expected true or false, got \"yes\"");
    }

    @Test
    void rejectsBadRequestParametersAndId() {
        ObjectNode req = housingRequest();
        req.putObject("parameters").put("timeout", -5);
        rejectedJson(
                req, "parameters.timeout: expected a non-negative whole number of microseconds, got the number -5");
        ObjectNode req2 = housingRequest();
        req2.put("id", 17);
        rejectedJson(req2, "id: expected a string, got the number 17");
        ObjectNode req3 = housingRequest();
        req3.putObject("parameters").put("binary_data_output", "true");
        rejectedJson(req3, "parameters.binary_data_output: expected true or false, got \"true\"");
    }

    @Test
    void rejectsBadEventIds() {
        ObjectNode req = housingRequest();
        ObjectNode id = ((ArrayNode) req.get("inputs"))
                .addObject()
                .put("name", "event_id")
                .put("datatype", "INT64");
        id.putArray("shape").add(1);
        id.putArray("data").add(5);
        rejectedJson(req, "input \"event_id\": expected datatype BYTES for the event id, got INT64");
        id.put("datatype", "BYTES").putArray("data").add("   ");
        rejectedJson(req, "input \"event_id\", row 0: expected a non-blank string of at most 256 characters");
    }

    @Test
    void rejectsBadEventTimesNamingRowAndInput() {
        ObjectNode req = housingRequest();
        ObjectNode t = ((ArrayNode) req.get("inputs"))
                .addObject()
                .put("name", "event_time")
                .put("datatype", "FP64");
        t.putArray("shape").add(1);
        t.putArray("data").add(1.5);
        rejectedJson(
                req,
                "input \"event_time\": expected datatype BYTES (ISO-8601 instants) or INT64 (epoch milliseconds) for"
                        + " the event time, got FP64");
        t.put("datatype", "BYTES").putArray("data").add("yesterday");
        rejectedJson(
                req,
                "input \"event_time\", row 0: expected an ISO-8601 instant like 2026-03-02T09:58:40Z, got"
                        + " \"yesterday\"");
        t.putArray("data").add("2026-03-02 09:58:40");
        rejectedJson(req, "input \"event_time\", row 0: expected an ISO-8601 instant");
        t.put("datatype", "INT64").putArray("data").add(5);
        rejectedJson(
                req,
                "input \"event_time\", row 0: expected an event time at or after 2000-01-01T00:00:00Z, got"
                        + " 1970-01-01T00:00:00.005Z");
        t.putArray("data")
                .add(java.time.Instant.now().plus(java.time.Duration.ofDays(30)).toEpochMilli());
        rejectedJson(req, "input \"event_time\", row 0: expected an event time at most PT24H in the future");
    }

    @Test
    void rejectsMalformedJsonDeepNestingAndOversizedTokens() {
        rejectedJson("{\"inputs\": [", "the request body: expected JSON, got a syntax error");
        rejectedJson("[1, 2]", "the request body: expected a JSON object, got a list");
        rejectedJson("", "expected a JSON object, got nothing");
        rejectedJson("{\"inputs\": []} {}", "expected nothing after the JSON object");
        rejectedJson(
                "{\"x\": " + "[".repeat(40) + "]".repeat(40) + "}",
                "expected JSON nested at most 16 levels deep, got deeper");
        rejectedJson("{\"id\": \"" + "a".repeat(70_000) + "\"}", "expected JSON within limits", "String value length");
        rejectedJson("{\"id\": " + "9".repeat(200) + "}", "expected JSON within limits", "Number value length");
        rejectedJson("{\"inputs\": []}", "inputs: expected one input per feature of dataset housing, got none");
        rejectedJson("{\"inputs\": {}}", "inputs: expected a list of input tensors");
        rejectedJson("{\"inputs\": [7]}", "inputs[0]: expected an object with name, shape, datatype and data");
    }

    @Test
    void rejectsBodiesAndRequestsOverTheLimitsWith413() {
        OipCodec small = new OipCodec(new OipLimits(1000, 16, 2, 100));
        byte[] big = new byte[1001];
        rejected(
                () -> small.decodeJson(big, housing),
                Reason.PAYLOAD_TOO_LARGE,
                "the request body has 1001 bytes, expected at most 1000");
        rejected(() -> small.decodeBinary(big, 10, housing), Reason.PAYLOAD_TOO_LARGE, "at most 1000");
        ObjectNode req = housingRequest();
        input(req, "area_m2").putArray("shape").add(3);
        rejected(
                () -> small.decodeJson(bytes(req), housing),
                Reason.PAYLOAD_TOO_LARGE,
                "input \"area_m2\": shape [3] has 3 rows, expected at most 2 per request");
    }

    /** A few rows with a flood of values: refused while scanning, before any tree of the flood is built. */
    @Test
    void refusesAFloodOfValuesBeforeBuildingIt() {
        OipCodec small = new OipCodec(new OipLimits(1 << 20, 16, 2, 100));
        String flood = "{\"inputs\": [{\"name\": \"area_m2\", \"shape\": [1], \"datatype\": \"FP64\", \"data\": ["
                + "1,".repeat(100_000) + "1]}]}";
        rejected(
                () -> small.decodeJson(flood.getBytes(StandardCharsets.UTF_8), housing),
                Reason.PAYLOAD_TOO_LARGE,
                "the request body: holds more than 10036 values, expected at most 2 rows per request");
    }

    @Test
    void rejectsBadInferenceHeaderContentLength() {
        OipFixtures.Binary b =
                OipFixtures.binaryRequest(OipFixtures.housing(), OipFixtures.rows(OipFixtures.housing(), 2, 1), null);
        rejected(
                () -> codec.decode(b.body(), "abc", housing),
                Reason.INVALID_ARGUMENT,
                "Inference-Header-Content-Length: expected the JSON header's length in bytes",
                "got \"abc\"");
        rejected(
                () -> codec.decode(b.body(), "99999999999", housing),
                Reason.INVALID_ARGUMENT,
                "Inference-Header-Content-Length",
                "got \"99999999999\"");
        rejected(
                () -> codec.decode(b.body(), Integer.toString(b.body().length + 1), housing),
                Reason.INVALID_ARGUMENT,
                "Inference-Header-Content-Length is " + (b.body().length + 1));
        rejected(
                () -> codec.decode(b.body(), "0", housing),
                Reason.INVALID_ARGUMENT,
                "Inference-Header-Content-Length is 0");
        rejected(
                () -> codec.decodeBinary(b.body(), b.headerLength() - 1, housing),
                Reason.INVALID_ARGUMENT,
                "the request's JSON header: expected JSON");
        rejected(
                () -> codec.decodeBinary(b.body(), b.headerLength() + 1, housing),
                Reason.INVALID_ARGUMENT,
                "the request's JSON header: expected");
    }

    @Test
    void rejectsTruncatedAndOverlongBinaryBodies() {
        OipFixtures.Binary b =
                OipFixtures.binaryRequest(OipFixtures.housing(), OipFixtures.rows(OipFixtures.housing(), 2, 1), null);
        byte[] truncated = Arrays.copyOf(b.body(), b.body().length - 1);
        rejected(
                () -> codec.decodeBinary(truncated, b.headerLength(), housing),
                Reason.INVALID_ARGUMENT,
                "input \"has_garden\": parameters.binary_data_size is 2 bytes, but only 1 bytes of binary data are"
                        + " left");
        byte[] longer = Arrays.copyOf(b.body(), b.body().length + 3);
        rejected(
                () -> codec.decodeBinary(longer, b.headerLength(), housing),
                Reason.INVALID_ARGUMENT,
                "bytes after the JSON header, expected");
        rejected(
                () -> codec.decodeJson(Arrays.copyOf(b.body(), b.headerLength()), housing),
                Reason.INVALID_ARGUMENT,
                "parameters.binary_data_size is set, but the request has no binary part");
    }

    @Test
    void rejectsMalformedBinaryTensors() {
        String head = "{\"inputs\": [{\"name\": \"neighborhood\", \"shape\": [1], \"datatype\": \"BYTES\","
                + " \"parameters\": {\"binary_data_size\": %d}}, {\"name\": \"has_garden\", \"shape\": [1],"
                + " \"datatype\": \"BOOL\", \"parameters\": {\"binary_data_size\": %d}}]}";
        rejected(
                () -> binary(String.format(head, 8, 1), new byte[] {9, 0, 0, 0, 'a', 'b', 'c', 'd', 1}),
                Reason.INVALID_ARGUMENT,
                "input \"neighborhood\", row 0: a BYTES element of 9 bytes runs past the end");
        rejected(
                () -> binary(String.format(head, 3, 1), new byte[] {0, 0, 0, 1}),
                Reason.INVALID_ARGUMENT,
                "input \"neighborhood\", row 0: expected a 4-byte BYTES length, only 3 bytes");
        rejected(
                () -> binary(String.format(head, 8, 1), new byte[] {3, 0, 0, 0, 'a', 'b', 'c', 'd', 1}),
                Reason.INVALID_ARGUMENT,
                "input \"neighborhood\": 1 BYTES elements take 7 bytes, but" + " parameters.binary_data_size says 8");
        rejected(
                () -> binary(String.format(head, 6, 1), new byte[] {2, 0, 0, 0, (byte) 0xC3, 0x28, 1}),
                Reason.INVALID_ARGUMENT,
                "input \"neighborhood\", row 0: expected UTF-8 text");
        rejected(
                () -> binary(String.format(head, 9, 1), new byte[] {5, 0, 0, 0, 'i', 'n', 'n', 'e', 'r', 7}),
                Reason.INVALID_ARGUMENT,
                "input \"has_garden\", row 0: expected a BOOL byte 0 or 1, got 7");
        String fp = "{\"inputs\": [{\"name\": \"area_m2\", \"shape\": [2], \"datatype\": \"FP64\","
                + " \"parameters\": {\"binary_data_size\": 12}}]}";
        rejected(
                () -> binary(fp, new byte[12]),
                Reason.INVALID_ARGUMENT,
                "input \"area_m2\": parameters.binary_data_size is 12 bytes, expected 2 elements x 8 bytes of FP64 = 16");
        String both = "{\"inputs\": [{\"name\": \"area_m2\", \"shape\": [1], \"datatype\": \"FP64\", \"data\": [1.0],"
                + " \"parameters\": {\"binary_data_size\": 8}}]}";
        rejected(
                () -> binary(both, new byte[8]),
                Reason.INVALID_ARGUMENT,
                "input \"area_m2\": has both data and parameters.binary_data_size");
    }

    private InferRequest binary(String header, byte[] tensors) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        byte[] body = Arrays.copyOf(h, h.length + tensors.length);
        System.arraycopy(tensors, 0, body, h.length, tensors.length);
        return codec.decodeBinary(body, h.length, housing);
    }
}
