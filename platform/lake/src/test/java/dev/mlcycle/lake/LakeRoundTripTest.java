package dev.mlcycle.lake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlcycle.contracts.record.FeatureEvent;
import dev.mlcycle.contracts.record.LakeCommit;
import dev.mlcycle.contracts.spec.DatasetSpec;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.data.Record;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalInputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LakeRoundTripTest {
    @TempDir
    Path dir;

    @Test
    void writesTenThousandEventsOverThreeDaysAndReadsThemBack() throws Exception {
        DatasetSpec spec = Credit.spec(dir);
        List<FeatureEvent> events = Credit.events("e", 10_000, 3, 1);
        try (Lake lake = Lake.open(dir.resolve("lake"))) {
            LakeTable table = lake.table(spec, TableKind.EVENTS);
            assertThat(table.name()).isEqualTo("credit.events");
            assertThat(table.committedOffsets()).isEmpty();

            LakeCommit commit;
            try (TableWriter writer = table.writer(WriterOptions.defaults())) {
                WrittenFiles files = writer.write(Credit.rows(table, events));
                assertThat(files.rows()).isEqualTo(10_000);
                commit = writer.commit(files, List.of(Credit.range(0, 0, 6_000), Credit.range(1, 0, 4_000)));
            }

            // the commit describes the snapshot
            assertThat(commit.dataset()).isEqualTo("credit");
            assertThat(commit.table()).isEqualTo("events");
            assertThat(commit.operation()).isEqualTo(LakeCommit.Operation.APPEND);
            assertThat(commit.parentSnapshotId()).isNull();
            assertThat(commit.rows()).isEqualTo(10_000);
            assertThat(commit.files()).hasSize(3);
            assertThat(commit.bytes())
                    .isEqualTo(commit.files().stream().mapToLong(f -> f.bytes()).sum());
            assertThat(commit.minEventTime()).isEqualTo(events.get(0).timestamp());
            assertThat(commit.maxEventTime())
                    .isEqualTo(events.stream()
                            .map(FeatureEvent::timestamp)
                            .max(Instant::compareTo)
                            .orElseThrow());
            assertThat(commit.snapshotId()).isEqualTo(table.currentSnapshotId().orElseThrow());

            // same rows back, value for value
            List<Record> back = Rows.current(table);
            assertThat(back).hasSize(10_000);
            Map<String, Record> byId = new HashMap<>();
            back.forEach(r -> byId.put((String) r.getField("event_id"), r));
            for (FeatureEvent e : events) {
                Record r = byId.get(e.id());
                assertThat(r).as(e.id()).isNotNull();
                assertThat(r.getField("customer_id")).isEqualTo(e.key());
                assertThat(((OffsetDateTime) r.getField("event_time")).toInstant())
                        .isEqualTo(e.timestamp());
                e.features().forEach((name, value) -> assertThat(r.getField(name))
                        .as("%s.%s", e.id(), name)
                        .isEqualTo(value));
                assertThat(r.getField("default")).isEqualTo(e.label());
            }

            // one partition per day, each file sorted by the spec's key
            List<LiveFile> live = table.liveFiles(OptionalLong.empty());
            assertThat(live)
                    .extracting(LiveFile::partition)
                    .containsExactly(
                            "event_time_day=2026-01-01", "event_time_day=2026-01-02", "event_time_day=2026-01-03");
            for (LiveFile f : live) {
                assertThat(Path.of(f.path())).isAbsolute().exists();
                List<Record> rows = Rows.file(table, f.path());
                assertThat(rows).hasSize((int) f.rows());
                Rows.assertSorted(f.path(), rows, table.sortOrder());
                Set<String> regions = new HashSet<>();
                rows.forEach(r -> regions.add((String) r.getField("region")));
                assertThat(regions).hasSize(5);
            }

            // Parquet: ZSTD, dictionary encoding on low-cardinality columns, statistics on every column
            try (ParquetFileReader reader = ParquetFileReader.open(
                    new LocalInputFile(Path.of(live.get(0).path())))) {
                List<BlockMetaData> blocks = reader.getFooter().getBlocks();
                assertThat(blocks).isNotEmpty();
                for (ColumnChunkMetaData c : blocks.get(0).getColumns()) {
                    assertThat(c.getCodec()).as(c.getPath().toDotString()).isEqualTo(CompressionCodecName.ZSTD);
                    assertThat(c.getStatistics().isEmpty())
                            .as(c.getPath().toDotString())
                            .isFalse();
                }
                ColumnChunkMetaData region = blocks.get(0).getColumns().stream()
                        .filter(c -> c.getPath().toDotString().equals("region"))
                        .findFirst()
                        .orElseThrow();
                assertThat(region.getEncodings()).anyMatch(Encoding::usesDictionary);
                assertThat(region.getStatistics().minAsString()).isEqualTo("central");
                assertThat(region.getStatistics().maxAsString()).isEqualTo("west");
            }

            // the summary carries the offsets
            Snapshot s = table.iceberg().currentSnapshot();
            assertThat(s.summary().get(CommitSummary.OFFSETS))
                    .isEqualTo("{\"mlcycle.events.credit\":{\"0\":6000,\"1\":4000}}");
            assertThat(CommitSummary.ranges(s.summary()))
                    .containsExactly(Credit.range(0, 0, 6_000), Credit.range(1, 0, 4_000));
            assertThat(s.summary()).containsKey(CommitSummary.COMMIT_ID);
            assertThat(table.committedOffsets())
                    .containsExactly(Map.entry(Credit.tp(0), 6_000L), Map.entry(Credit.tp(1), 4_000L));

            // table properties as promised
            assertThat(table.iceberg().properties())
                    .containsEntry("write.parquet.compression-codec", "zstd")
                    .containsEntry("commit.retry.num-retries", "0");
            assertThat(((HasTableOperations) table.iceberg())
                            .operations()
                            .current()
                            .formatVersion())
                    .isEqualTo(2);
            assertThat(table.partitions(OptionalLong.empty()))
                    .extracting(PartitionStats::rows)
                    .containsExactly(3334L, 3333L, 3333L);
        }
    }

    @Test
    void writingNothingGivesNoFiles() {
        try (Lake lake = Lake.open(dir.resolve("lake"))) {
            LakeTable table = lake.table(Credit.spec(dir), TableKind.EVENTS);
            WrittenFiles files = table.writer(WriterOptions.defaults()).write(List.of());
            assertThat(files.files()).isEmpty();
            assertThat(files.minTime()).isNull();
        }
    }
}
