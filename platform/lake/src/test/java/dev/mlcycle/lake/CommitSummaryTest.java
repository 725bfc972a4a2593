package dev.mlcycle.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.contracts.record.OffsetRange;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommitSummaryTest {
    @Test
    void writesOffsetsSortedByTopicAndPartitionNumberAndReadsThemBack() {
        Map<SourcePartition, Long> offsets = Map.of(
                new SourcePartition("b", 10), 5L,
                new SourcePartition("b", 2), 7L,
                new SourcePartition("a", 0), 0L);
        String json = CommitSummary.offsetsJson(offsets);
        assertThat(json).isEqualTo("{\"a\":{\"0\":0},\"b\":{\"2\":7,\"10\":5}}");
        assertThat(CommitSummary.offsets(Map.of(CommitSummary.OFFSETS, json))).isEqualTo(offsets);
        assertThat(CommitSummary.offsets(Map.of())).isEmpty();
    }

    @Test
    void writesRangesInSnakeCase() {
        List<OffsetRange> ranges = List.of(new OffsetRange("t", 1, 10, 20));
        String json = CommitSummary.rangesJson(ranges);
        assertThat(json).isEqualTo("[{\"topic\":\"t\",\"partition\":1,\"from_offset\":10,\"until_offset\":20}]");
        assertThat(CommitSummary.ranges(Map.of(CommitSummary.RANGES, json))).isEqualTo(ranges);
    }

    @Test
    void refusesAMalformedOffsetsValue() {
        for (String bad : List.of("[]", "{\"t\":{\"x\":1}}", "{\"t\":{\"0\":null}}", "{\"t\":{\"0\":-1}}")) {
            assertThatThrownBy(() -> CommitSummary.offsets(Map.of(CommitSummary.OFFSETS, bad)))
                    .as(bad)
                    .isInstanceOfSatisfying(
                            MlcycleException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INTERNAL))
                    .hasMessageContaining("mlcycle.kafka.offsets");
        }
    }

    @Test
    void fencesOnlyPartitionsThatWereCommittedElsewhere() {
        Map<SourcePartition, Long> committed = Map.of(new SourcePartition("t", 0), 100L);
        CommitSummary.fence(
                "x", committed, List.of(new OffsetRange("t", 0, 100, 150), new OffsetRange("t", 1, 42, 50)));
        assertThatThrownBy(() -> CommitSummary.fence("x", committed, List.of(new OffsetRange("t", 0, 150, 160))))
                .hasMessageContaining("another writer committed t-0 up to 100 in x, this commit starts at 150");
        assertThat(CommitSummary.merge(committed, List.of(new OffsetRange("t", 1, 42, 50))))
                .containsEntry(new SourcePartition("t", 0), 100L)
                .containsEntry(new SourcePartition("t", 1), 50L);
    }
}
