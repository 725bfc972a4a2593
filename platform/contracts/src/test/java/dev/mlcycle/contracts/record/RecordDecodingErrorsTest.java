package dev.mlcycle.contracts.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.json.Codecs;
import dev.mlcycle.contracts.json.Json;
import dev.mlcycle.contracts.json.JsonCodec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a reader of a topic sees when a record breaks its contract: an {@link MlcycleException} of
 * reason {@code INVALID_RECORD} that names the source, the field, what was expected and what came.
 * And what it does not see: an error for a field it does not know yet.
 */
class RecordDecodingErrorsTest {
    private static final String SOURCE = "mlcycle.lake.commits partition 0 offset 12";

    @Test
    void namesAMissingRequiredNumber() {
        ObjectNode json = tree(Codecs.LAKE_COMMIT, GoldenExamples.lakeCommit());
        json.remove("snapshot_id");

        assertThat(failure(Codecs.LAKE_COMMIT, json)).hasMessage(SOURCE + ", missing field \"snapshot_id\"");
    }

    @Test
    void namesAMissingRequiredString() {
        ObjectNode json = tree(Codecs.LAKE_COMMIT, GoldenExamples.lakeCommit());
        json.remove("dataset");

        assertThat(failure(Codecs.LAKE_COMMIT, json)).hasMessage(SOURCE + ", missing field \"dataset\"");
    }

    @Test
    void namesAMissingRequiredList() {
        ObjectNode json = tree(Codecs.LAKE_COMMIT, GoldenExamples.lakeCommit());
        json.remove("files");

        assertThat(failure(Codecs.LAKE_COMMIT, json)).hasMessage(SOURCE + ", missing field \"files\"");
    }

    @Test
    void namesAMissingFieldInsideAList() {
        ObjectNode json = tree(Codecs.MODEL_RECORD, GoldenExamples.modelRecord());
        ((ObjectNode) json.withArrayProperty("versions").get(1)).remove("run_id");

        assertThat(failure(Codecs.MODEL_RECORD, json)).hasMessageEndingWith("missing field \"versions[1].run_id\"");
    }

    @Test
    void namesAMissingPrimitiveInsideAList() {
        ObjectNode json = tree(Codecs.LAKE_COMMIT, GoldenExamples.lakeCommit());
        ((ObjectNode) json.withArrayProperty("offsets").get(0)).remove("until_offset");

        assertThat(failure(Codecs.LAKE_COMMIT, json)).hasMessageEndingWith("missing field \"offsets[0].until_offset\"");
    }

    @Test
    void refusesNullForARequiredNumber() {
        ObjectNode json = tree(Codecs.LAKE_COMMIT, GoldenExamples.lakeCommit());
        json.putNull("rows");

        assertThat(failure(Codecs.LAKE_COMMIT, json))
                .hasMessage(SOURCE + ", field \"rows\": expected a number, got null");
    }

    @Test
    void namesFieldExpectationAndValueOfAStringWhereANumberBelongs() {
        ObjectNode json = tree(Codecs.LAKE_COMMIT, GoldenExamples.lakeCommit());
        json.put("rows", "many");

        assertThat(failure(Codecs.LAKE_COMMIT, json))
                .hasMessage(SOURCE + ", field \"rows\": expected a number, got \"many\"");
    }

    @Test
    void namesFieldExpectationAndValueOfABooleanWhereANumberBelongs() {
        ObjectNode json = tree(Codecs.LAKE_COMMIT, GoldenExamples.lakeCommit());
        json.put("bytes", true);

        assertThat(failure(Codecs.LAKE_COMMIT, json))
                .hasMessage(SOURCE + ", field \"bytes\": expected a number, got the boolean true");
    }

    @Test
    void namesFieldExpectationAndValueOfAnObjectWhereAListBelongs() {
        ObjectNode json = tree(Codecs.LAKE_COMMIT, GoldenExamples.lakeCommit());
        json.putObject("files");

        assertThat(failure(Codecs.LAKE_COMMIT, json))
                .hasMessage(SOURCE + ", field \"files\": expected an array, got an object");
    }

    @Test
    void listsTheAllowedValuesOfAnUnknownEnumName() {
        ObjectNode json = tree(Codecs.LAKE_COMMIT, GoldenExamples.lakeCommit());
        json.put("operation", "MERGE");

        assertThat(failure(Codecs.LAKE_COMMIT, json))
                .hasMessage(SOURCE + ", field \"operation\": expected one of [APPEND, REPLACE, DELETE], got \"MERGE\"");
    }

    @Test
    void explainsTheInstantFormatWhenATimestampIsNotOne() {
        ObjectNode json = tree(Codecs.LAKE_COMMIT, GoldenExamples.lakeCommit());
        json.put("committed_at", "yesterday");

        assertThat(failure(Codecs.LAKE_COMMIT, json))
                .hasMessage(SOURCE + ", field \"committed_at\": expected an ISO-8601 instant like 2026-01-01T00:00:00Z,"
                        + " got \"yesterday\"");
    }

    @Test
    void namesTheNestedPathOfAValueOutOfRange() {
        ObjectNode json = tree(Codecs.LAKE_COMMIT, GoldenExamples.lakeCommit());
        ((ObjectNode) json.withArrayProperty("files").get(1)).put("rows", -3);

        assertThat(failure(Codecs.LAKE_COMMIT, json))
                .hasMessage(SOURCE + ", field \"files[1].rows\": expected >= 0, got -3");
    }

    @Test
    void namesTheFieldOfANegativeCount() {
        ObjectNode json = tree(Codecs.LAKE_COMMIT, GoldenExamples.lakeCommit());
        json.put("rows", -3);

        assertThat(failure(Codecs.LAKE_COMMIT, json)).hasMessage(SOURCE + ", field \"rows\": expected >= 0, got -3");
    }

    @Test
    void namesTheSourceInEveryMessage() {
        ObjectNode json = tree(Codecs.ALERT, GoldenExamples.alert());
        json.put("severity", "SEVERE");

        MlcycleException e = catchThrowableOfType(
                MlcycleException.class, () -> Codecs.ALERT.decode(bytes(json), "mlcycle.alerts partition 0 offset 99"));

        assertThat(e.getMessage()).startsWith("mlcycle.alerts partition 0 offset 99, field \"severity\"");
        assertThat(e.reason()).isEqualTo(MlcycleException.Reason.INVALID_RECORD);
    }

    @Test
    void rejectsAliasPointingAtMissingVersion() {
        ObjectNode json = tree(Codecs.MODEL_RECORD, GoldenExamples.modelRecord());
        json.withObjectProperty("aliases").put("champion", 7);

        assertThat(failure(Codecs.MODEL_RECORD, json))
                .hasMessageEndingWith("field \"aliases.champion\": expected one of the versions [1, 2], got 7");
    }

    @Test
    void rejectsFileHashThatIsNotASha256() {
        ObjectNode json = tree(Codecs.MODEL_RECORD, GoldenExamples.modelRecord());
        ((ObjectNode) json.withArrayProperty("versions").get(0))
                .withObjectProperty("files")
                .put("model.tribuo", "abc123");

        assertThat(failure(Codecs.MODEL_RECORD, json))
                .hasMessageEndingWith("field \"versions[0].files.model.tribuo\": expected a sha256 as 64 lower-case hex"
                        + " digits, got \"abc123\"");
    }

    @Test
    void rejectsUpperCaseSha256() {
        ObjectNode json = tree(Codecs.MODEL_RECORD, GoldenExamples.modelRecord());
        ObjectNode files = ((ObjectNode) json.withArrayProperty("versions").get(1)).withObjectProperty("files");
        files.put("encoding.json", files.get("encoding.json").asText().toUpperCase());

        assertThat(failure(Codecs.MODEL_RECORD, json)).hasMessageContaining("\"versions[1].files.encoding.json\"");
    }

    @Test
    void rejectsVersionsOutOfOrder() {
        ObjectNode json = tree(Codecs.MODEL_RECORD, GoldenExamples.modelRecord());
        ArrayNode versions = json.withArrayProperty("versions");
        JsonNode first = versions.remove(0);
        versions.add(first);
        json.withObjectProperty("aliases").removeAll();

        assertThat(failure(Codecs.MODEL_RECORD, json))
                .hasMessageEndingWith(
                        "field \"versions[1].version\": expected unique, ascending version numbers, got 1 after 2");
    }

    @Test
    void ignoresUnknownFields() {
        ObjectNode json = tree(Codecs.MODEL_RECORD, GoldenExamples.modelRecord());
        json.put("owner_team", "risk");
        json.putObject("lineage").put("parent", "credit-default-v0");
        ((ObjectNode) json.withArrayProperty("versions").get(0)).put("signature", "sha256:abc");

        assertThat(Codecs.MODEL_RECORD.decode(bytes(json), SOURCE)).isEqualTo(GoldenExamples.modelRecord());
    }

    @Test
    void readsOptionalListsAndMapsLeftOutAsEmpty() {
        String json =
                """
                {"run_id": "run-20260302-0008", "model": "credit-default", "dataset": "credit",
                 "trigger": {"kind": "MANUAL", "requested_at": "2026-03-02T09:15:00Z"},
                 "status": "QUEUED", "seed": 7}
                """;

        assertThat(Codecs.TRAINING_RUN.decode(json, SOURCE)).isEqualTo(GoldenExamples.trainingRunMinimal());
    }

    @Test
    void readsOptionalFieldsSentAsNull() {
        ObjectNode json = tree(Codecs.ALERT, GoldenExamples.alertMinimal());
        json.putNull("model_version");
        json.putNull("report_id");
        json.putNull("features");

        assertThat(Codecs.ALERT.decode(bytes(json), SOURCE)).isEqualTo(GoldenExamples.alertMinimal());
    }

    @Test
    void keepsNullFeatureValuesOfAPrediction() {
        PredictionRecord decoded = Codecs.PREDICTION_RECORD.decode(
                Codecs.PREDICTION_RECORD.encode(GoldenExamples.predictionRecord()), SOURCE);

        assertThat(decoded.features()).containsEntry("debt_ratio", null);
        assertThat(decoded.features().keySet())
                .containsExactly("income", "age", "region", "has_mortgage", "debt_ratio");
    }

    @Test
    void refusesAnObjectAsAFeatureValue() {
        ObjectNode json = tree(Codecs.PREDICTION_RECORD, GoldenExamples.predictionRecord());
        json.withObjectProperty("features").putObject("address").put("city", "Oslo");

        assertThat(failure(Codecs.PREDICTION_RECORD, json))
                .hasMessageEndingWith(
                        "field \"features.address\": expected a number, string, boolean or null, got an object");
    }

    @Test
    void refusesNullBytes() {
        assertThat(failure(Codecs.LAKE_COMMIT, (byte[]) null))
                .hasMessage(SOURCE + ": expected a LakeCommit as JSON, got no value (null)");
    }

    @Test
    void refusesEmptyBytes() {
        assertThat(failure(Codecs.LAKE_COMMIT, new byte[0])).hasMessage(SOURCE + ", expected JSON, got an empty value");
    }

    @Test
    void refusesBlankBytes() {
        assertThat(failure(Codecs.LAKE_COMMIT, " \n".getBytes(StandardCharsets.UTF_8)))
                .hasMessage(SOURCE + ", expected JSON, got an empty value");
    }

    @Test
    void refusesTheJsonNull() {
        assertThat(failure(Codecs.LAKE_COMMIT, "null".getBytes(StandardCharsets.UTF_8)))
                .hasMessage(SOURCE + ": expected a LakeCommit as JSON, got null");
    }

    @Test
    void refusesTextThatIsNotJson() {
        assertThat(failure(Codecs.LAKE_COMMIT, "dataset=credit".getBytes(StandardCharsets.UTF_8)))
                .hasMessageStartingWith(SOURCE + ", not valid JSON: Unrecognized token 'dataset'");
    }

    @Test
    void refusesTruncatedJson() {
        String json = Codecs.LAKE_COMMIT.encodePretty(GoldenExamples.lakeCommit());

        assertThat(failure(
                        Codecs.LAKE_COMMIT, json.substring(0, json.length() / 2).getBytes(StandardCharsets.UTF_8)))
                .hasMessageStartingWith(SOURCE + ", field \"files[1]\": not valid JSON: Unexpected end-of-input");
    }

    @Test
    void refusesAnArrayWhereARecordBelongs() {
        assertThat(failure(Codecs.LAKE_COMMIT, "[]".getBytes(StandardCharsets.UTF_8)))
                .hasMessage(SOURCE + ", expected an object, got an array");
    }

    @Test
    void refusesASecondValueAfterTheRecord() {
        byte[] one = Codecs.LAKE_COMMIT.encode(GoldenExamples.lakeCommit());
        byte[] two = (new String(one, StandardCharsets.UTF_8) + " {}").getBytes(StandardCharsets.UTF_8);

        assertThat(failure(Codecs.LAKE_COMMIT, two))
                .hasMessage(SOURCE + ", expected one JSON value, got more after it");
    }

    @Test
    void refusesADuplicateField() {
        String json = new String(Codecs.ALERT.encode(GoldenExamples.alert()), StandardCharsets.UTF_8)
                .replaceFirst("\\{", "{\"model\":\"other\",");

        assertThat(failure(Codecs.ALERT, json.getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("Duplicate field 'model'");
    }

    @Test
    void everyCodecReportsItsOwnRecordName() {
        for (JsonCodec<?> codec : List.of(
                Codecs.LAKE_COMMIT,
                Codecs.MODEL_RECORD,
                Codecs.TRAINING_RUN,
                Codecs.PREDICTION_RECORD,
                Codecs.DRIFT_REPORT,
                Codecs.ALERT)) {
            assertThat(failure(codec, (byte[]) null))
                    .hasMessageContaining("expected a " + codec.type().getSimpleName() + " as JSON");
        }
    }

    @Test
    void namesTheFieldOfAMissingRequiredFieldInEveryRecord() {
        Map<JsonCodec<?>, String> requiredFields = Map.of(
                Codecs.LAKE_COMMIT, "committed_at",
                Codecs.MODEL_RECORD, "task",
                Codecs.TRAINING_RUN, "trigger",
                Codecs.PREDICTION_RECORD, "latency_ms",
                Codecs.DRIFT_REPORT, "window_end",
                Codecs.ALERT, "raised_at");
        for (var golden : GoldenExamples.all()) {
            ObjectNode json = (ObjectNode) Json.mapper().valueToTree(golden.example());
            String field = requiredFields.get(golden.codec());
            json.remove(field);

            assertThat(failure(golden.codec(), bytes(json)))
                    .as(golden.file())
                    .hasMessage(SOURCE + ", missing field \"" + field + "\"");
        }
    }

    private static <T> ObjectNode tree(JsonCodec<T> codec, T value) {
        try {
            return (ObjectNode) Json.mapper().readTree(codec.encode(value));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static byte[] bytes(JsonNode json) {
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static MlcycleException failure(JsonCodec<?> codec, JsonNode json) {
        return failure(codec, bytes(json));
    }

    private static MlcycleException failure(JsonCodec<?> codec, byte[] bytes) {
        MlcycleException e = catchThrowableOfType(MlcycleException.class, () -> codec.decode(bytes, SOURCE));
        assertThat(e).as("decoding fails").isNotNull();
        assertThat(e.reason()).isEqualTo(MlcycleException.Reason.INVALID_RECORD);
        return e;
    }
}
