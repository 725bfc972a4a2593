package dev.mlcycle.training.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlcycle.contracts.json.Json;
import dev.mlcycle.contracts.spec.DatasetCatalog;
import dev.mlcycle.contracts.spec.DatasetSpec;
import dev.mlcycle.training.data.FrameBuilder;
import dev.mlcycle.training.data.LabelledFrame;
import dev.mlcycle.training.data.TimeSplit;
import java.nio.file.Path;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TrainedRangeTest {
    private static final long SECOND = 1_000_000L;

    private static JsonNode card(String data) {
        try {
            return Json.mapper().readTree("{\"model\": \"m\", \"data\": " + data + "}");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void countsRowsUpToAndIncludingTheValidationStartAsTrainedOn() {
        TrainedRange range = TrainedRange.of(
                3, card("{\"events_snapshot_id\": 7, \"validation_from\": \"1970-01-01T00:01:40Z\", \"rows\": 10}"));

        assertThat(range.mayHaveTrainedOn(0)).isTrue();
        assertThat(range.mayHaveTrainedOn(100 * SECOND))
                .as("a tie with the cut")
                .isTrue();
        assertThat(range.mayHaveTrainedOn(100 * SECOND + 1)).isFalse();
        assertThat(range.eventsSnapshotId()).isEqualTo(7L);
        assertThat(range.reason()).contains("at or before 1970-01-01T00:01:40Z", "snapshot 7", "backfilled");
    }

    @Test
    void rowsBeforeTheChampionsWindowWereNotTrainedOn() {
        TrainedRange range = TrainedRange.of(
                3,
                card("{\"events_snapshot_id\": 7, \"window_from\": \"1970-01-01T00:00:50Z\","
                        + " \"validation_from\": \"1970-01-01T00:01:40Z\"}"));

        assertThat(range.mayHaveTrainedOn(49 * SECOND)).isFalse();
        assertThat(range.mayHaveTrainedOn(50 * SECOND)).isTrue();
        assertThat(range.mayHaveTrainedOn(101 * SECOND)).isFalse();
    }

    @Test
    void aCardWithoutLineageCountsEveryRowAsTrainedOn() {
        TrainedRange none = TrainedRange.of(2, null);
        TrainedRange noData = TrainedRange.of(2, card("{}"));

        assertThat(none.mayHaveTrainedOn(Long.MAX_VALUE)).isTrue();
        assertThat(noData.mayHaveTrainedOn(0)).isTrue();
        assertThat(none.reason()).contains("does not say which rows it was trained on");
    }

    @Test
    void leavesOutTheTestRowsInTheChampionsRange() {
        DatasetSpec credit = new DatasetCatalog(Path.of("target/no-such-data-dir")).load("credit");
        FrameBuilder b = new FrameBuilder(credit);
        Object[] missing = new Object[credit.features().size()];
        IntStream.range(0, 100).forEach(i -> b.add("e-" + i, i * SECOND, missing, i % 5 == 0 ? "yes" : "no"));
        LabelledFrame frame = b.build();
        TimeSplit split = TimeSplit.of(100, 0.7, 0.15);
        TrainedRange range = new TrainedRange(1, 7L, null, 89 * SECOND, "test");

        int[] kept = GateStage.comparable(frame, split, range);

        // The test split is rows 85..99; rows 85..89 are in the champion's range.
        assertThat(kept).containsExactly(5, 6, 7, 8, 9, 10, 11, 12, 13, 14);
    }
}
