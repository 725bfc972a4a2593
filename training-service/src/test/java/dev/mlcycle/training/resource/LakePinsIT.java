package dev.mlcycle.training.resource;

import static dev.mlcycle.training.RunsApi.finished;
import static dev.mlcycle.training.RunsApi.start;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mlcycle.datagen.model.CreditExamples;
import dev.mlcycle.features.EncoderState;
import dev.mlcycle.features.FeatureEncoder;
import dev.mlcycle.lake.CompactionOptions;
import dev.mlcycle.lake.Compactor;
import dev.mlcycle.lake.Lake;
import dev.mlcycle.lake.LakePins;
import dev.mlcycle.lake.LakePins.Pin;
import dev.mlcycle.lake.LakeTable;
import dev.mlcycle.lake.Maintenance;
import dev.mlcycle.lake.SnapshotInfo;
import dev.mlcycle.lake.TableKind;
import dev.mlcycle.lake.io.LocalFileIO;
import dev.mlcycle.registry.bundle.BundleFiles;
import dev.mlcycle.testkit.LocalKafkaTestResource;
import dev.mlcycle.training.LakeFixture;
import dev.mlcycle.training.config.TrainingConfig;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.tribuo.Model;
import org.tribuo.classification.Label;

/**
 * A registered version keeps its data: its events and labels snapshots are pinned in the lake, survive compaction,
 * expiry and orphan cleanup run far past the defaults, and a run given those two snapshot ids retrains the same
 * model (same metrics, same predictions). A profile of its own gives it a fresh data directory and lake.
 */
@QuarkusTest
@QuarkusTestResource(LocalKafkaTestResource.class)
@TestProfile(LakePinsIT.Pinned.class)
class LakePinsIT {
    private static final String MODEL = "credit-pinned";

    /** One more model, on the credit dataset, in a data directory of its own. */
    public static final class Pinned implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "training.models.credit-pinned.dataset", "credit",
                    "training.models.credit-pinned.validation.min-rows", "500",
                    "training.models.credit-pinned.evaluation.bootstrap-resamples", "50");
        }
    }

    @Inject
    TrainingConfig config;

    @Test
    void aRegisteredVersionKeepsItsDataThroughExpiryAndCleanupAndRetrainsIdentically() throws Exception {
        Path lakeRoot = config.dataDir().resolve("lake");
        LakeFixture.land(lakeRoot, 20_000, 77, UnaryOperator.identity());
        String firstRun = start("{\"model\": \"" + MODEL + "\", \"seed\": 42}");
        JsonPath first = finished(firstRun);
        assertThat(first.getString("status")).isEqualTo("SUCCEEDED");
        int v1 = first.getInt("registered_version");
        long events = first.getLong("snapshot_id");
        long labels = first.getLong("labels_snapshot_id");
        String pin = LakePins.forVersion(MODEL, v1);
        try (Lake lake = Lake.open(lakeRoot)) {
            assertThat(new LakePins(lake).pins("credit"))
                    .as("the version's pins, and no pin left by its run")
                    .filteredOn(p -> p.name().equals(pin) || p.name().equals(LakePins.forRun(firstRun)))
                    .containsExactly(
                            new Pin(pin, "credit", TableKind.EVENTS, events),
                            new Pin(pin, "credit", TableKind.LABELS, labels));
        }

        // Much more data lands; then compaction, expiry of every snapshot but the newest, and orphan cleanup
        // with every file on disk made two days old.
        LakeFixture.land(lakeRoot, 5_000, 78, UnaryOperator.identity());
        LakeFixture.land(lakeRoot, 5_000, 79, UnaryOperator.identity());
        try (Lake lake = Lake.open(lakeRoot)) {
            for (TableKind kind : TableKind.ingested()) {
                LakeTable table = lake.find("credit", kind).orElseThrow();
                new Compactor(table, CompactionOptions.defaults()).compact();
                new Maintenance(table).expireSnapshots(Duration.ZERO, 1);
                age(LocalFileIO.path(table.iceberg().location()));
                new Maintenance(table).removeOrphanFiles(Duration.ofHours(1), false);
                assertThat(table.snapshots())
                        .extracting(SnapshotInfo::snapshotId)
                        .as("%s keeps the pinned snapshot", table.name())
                        .contains(kind == TableKind.EVENTS ? events : labels);
            }
        }

        JsonPath again = finished(start("{\"model\": \"" + MODEL + "\", \"seed\": 42, \"snapshot_id\": " + events
                + ", \"labels_snapshot_id\": " + labels + "}"));

        assertThat(again.getString("status")).as(again.getString("error")).isEqualTo("SUCCEEDED");
        assertThat(again.getLong("snapshot_id")).isEqualTo(events);
        assertThat(again.getLong("labels_snapshot_id")).isEqualTo(labels);
        assertThat(again.getMap("metrics")).isEqualTo(first.getMap("metrics"));
        int v2 = again.getInt("registered_version");
        Predictor a = predictor(v1);
        Predictor b = predictor(v2);
        for (int i = 0; i < 300; i++) {
            Map<String, Object> row = CreditExamples.features(i * 53);
            assertThat(b.yes(row)).as("row %d", i).isEqualTo(a.yes(row));
        }
        JsonPath model =
                given().get("/models/" + MODEL).then().statusCode(200).extract().jsonPath();
        assertThat(model.getLong("versions.find { it.version == " + v1 + " }.labels_snapshot_id"))
                .isEqualTo(labels);
    }

    private static void age(Path tableDir) throws IOException {
        FileTime old = FileTime.from(Instant.now().minus(Duration.ofDays(2)));
        try (Stream<Path> files = Files.walk(tableDir)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                Files.setLastModifiedTime(f, old);
            }
        }
    }

    private record Predictor(FeatureEncoder encoder, Model<Label> model) {
        double yes(Map<String, Object> row) {
            return model.predict(encoder.example(row, new org.tribuo.classification.LabelFactory().getUnknownOutput()))
                    .getOutputScores()
                    .get("yes")
                    .getScore();
        }
    }

    @SuppressWarnings("unchecked")
    private Predictor predictor(int version) throws Exception {
        String bundle = given().get("/models/" + MODEL)
                .then()
                .extract()
                .jsonPath()
                .getString("versions.find { it.version == " + version + " }.bundle");
        Path dir = config.dataDir().resolve("registry").resolve(bundle);
        return new Predictor(
                FeatureEncoder.of(EncoderState.fromJson(Files.readString(dir.resolve(BundleFiles.ENCODER)))),
                (Model<Label>) Model.deserializeFromFile(dir.resolve(BundleFiles.MODEL)));
    }
}
