package dev.mlcycle.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.contracts.record.FeatureEvent;
import dev.mlcycle.contracts.record.LabelEvent;
import dev.mlcycle.contracts.record.LakeCommit;
import dev.mlcycle.contracts.spec.DatasetSpec;
import dev.mlcycle.contracts.spec.FeatureSpec;
import dev.mlcycle.contracts.spec.FeatureType;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.data.Record;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.io.LocalInputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link TableWriter#write(RowBatch)} against {@link TableWriter#write(List)}: the same files, rows and metrics. */
class ColumnarWriteTest {
    @TempDir
    Path dir;

    /** Credit events with some NaN, negative zero and extreme doubles, nulls, and a few ids out of order. */
    private static List<FeatureEvent> oddEvents(int n, long seed) {
        List<FeatureEvent> base = Credit.events("e", n, 4, seed);
        SplittableRandom rnd = new SplittableRandom(seed);
        List<FeatureEvent> out = new ArrayList<>(n);
        for (FeatureEvent e : base) {
            Map<String, Object> f = new LinkedHashMap<>(e.features());
            switch (rnd.nextInt(20)) {
                case 0 -> f.put("debt_ratio", Double.NaN);
                case 1 -> f.put("debt_ratio", -0.0);
                case 2 -> f.put("utilization", Double.MAX_VALUE);
                case 3 -> f.put("purpose", null);
                default -> {}
            }
            out.add(new FeatureEvent(e.id(), e.key(), e.timestamp(), f, e.label()));
        }
        // arrival order is not time order
        java.util.Collections.shuffle(out, new java.util.Random(seed));
        return out;
    }

    private static RowBatch batchOf(LakeTable table, List<FeatureEvent> events) {
        RowBatch b = table.newBatch();
        events.forEach(b::add);
        return b;
    }

    @Test
    void writesTheSameFilesRowsAndMetricsAsGenericRecords() {
        List<DataFile> files = sameAsGenericRecords(oddEvents(12_000, 5), "small");
        assertThat(files.get(0).nanValueCounts()).as("the sample has NaNs").isNotEmpty();
    }

    /**
     * Files of several pages per column (over Parquet's 20,000-row page limit), whole pages of nulls (no north row
     * has months_employed, and the sort's first key is the region), and keys with bytes above 0x7f, whose order as
     * statistics is unsigned.
     */
    @Test
    void manyPagesAllNullPagesAndNonAsciiKeysMatchGenericRecordsToo() {
        List<FeatureEvent> events = new ArrayList<>();
        SplittableRandom rnd = new SplittableRandom(11);
        for (FeatureEvent e : oddEvents(90_000, 7)) {
            Map<String, Object> f = new LinkedHashMap<>(e.features());
            if ("north".equals(f.get("region"))) {
                f.put("months_employed", null);
            }
            String key =
                    switch (rnd.nextInt(4)) {
                        case 0 -> "kü-" + e.key();
                        case 1 -> "k\uD83D\uDE00" + e.key();
                        case 2 -> "Ω" + e.key();
                        default -> e.key();
                    };
            events.add(new FeatureEvent(e.id(), key, e.timestamp(), f, e.label()));
        }
        List<DataFile> files = sameAsGenericRecords(events, "large");
        assertThat(files).allSatisfy(f -> assertThat(f.recordCount()).isGreaterThan(20_000));
    }

    /** Writes {@code events} both ways into two fresh lakes and compares the files; returns the batch path's. */
    private List<DataFile> sameAsGenericRecords(List<FeatureEvent> events, String name) {
        DatasetSpec spec = Credit.spec(dir);
        int count = events.size();
        try (Lake viaRecords = Lake.open(dir.resolve(name + "-records"));
                Lake viaBatch = Lake.open(dir.resolve(name + "-batch"))) {
            LakeTable a = viaRecords.table(spec, TableKind.EVENTS);
            LakeTable b = viaBatch.table(spec, TableKind.EVENTS);
            WrittenFiles fa;
            WrittenFiles fb;
            try (TableWriter wa = a.writer(WriterOptions.defaults());
                    TableWriter wb = b.writer(WriterOptions.defaults())) {
                fa = wa.write(Credit.rows(a, events));
                fb = wb.write(batchOf(b, events));
                LakeCommit ca = wa.commit(fa, List.of(Credit.range(0, 0, count)));
                LakeCommit cb = wb.commit(fb, List.of(Credit.range(0, 0, count)));
                assertThat(cb.rows()).isEqualTo(ca.rows()).isEqualTo(count);
                assertThat(cb.minEventTime()).isEqualTo(ca.minEventTime());
                assertThat(cb.maxEventTime()).isEqualTo(ca.maxEventTime());
            }
            assertThat(fb.files()).hasSameSizeAs(fa.files());
            for (int i = 0; i < fa.files().size(); i++) {
                DataFile x = fa.files().get(i);
                DataFile y = fb.files().get(i);
                String what = "file " + i + " (" + x.partition() + ")";
                assertThat(y.partition()).as(what).isEqualTo(x.partition());
                assertThat(y.recordCount()).as(what).isEqualTo(x.recordCount());
                assertThat(y.valueCounts()).as(what).isEqualTo(x.valueCounts());
                assertThat(y.nullValueCounts()).as(what).isEqualTo(x.nullValueCounts());
                assertThat(y.nanValueCounts()).as(what).isEqualTo(x.nanValueCounts());
                assertThat(y.lowerBounds()).as(what).isEqualTo(x.lowerBounds());
                assertThat(y.upperBounds()).as(what).isEqualTo(x.upperBounds());
                assertThat(y.sortOrderId()).as(what).isEqualTo(x.sortOrderId());
                // row for row, in file order
                assertThat(Rows.file(b, y.location())).as(what).isEqualTo(Rows.file(a, x.location()));
            }
            return fb.files();
        }
    }

    @Test
    void labelsWithRepeatedIdsKeepTheirArrivalOrderAsASortByRecordsDoes() {
        DatasetSpec spec = Credit.spec(dir);
        Instant t = Credit.DAY_ONE.plusSeconds(3_600);
        List<LabelEvent> labels = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            // the same id and time three times, with different labels: equal in sort order
            labels.add(new LabelEvent("e-" + (i % 100), i % 3 == 0 ? "yes" : "no", t));
        }
        try (Lake viaRecords = Lake.open(dir.resolve("records"));
                Lake viaBatch = Lake.open(dir.resolve("batch"))) {
            LakeTable a = viaRecords.table(spec, TableKind.LABELS);
            LakeTable b = viaBatch.table(spec, TableKind.LABELS);
            RowBatch batch = b.newBatch();
            labels.forEach(batch::add);
            List<Record> records = labels.stream().map(a::toRecord).toList();
            try (TableWriter wa = a.writer(WriterOptions.defaults());
                    TableWriter wb = b.writer(WriterOptions.defaults())) {
                WrittenFiles fa = wa.write(records);
                WrittenFiles fb = wb.write(batch);
                assertThat(fb.files()).hasSize(1);
                assertThat(Rows.file(b, fb.files().get(0).location()))
                        .isEqualTo(Rows.file(a, fa.files().get(0).location()));
            }
        }
    }

    @Test
    void aSmallTargetRollsSortedFilesLikeTheRecordWriter() {
        long target = 64 << 10;
        try (Lake lake = Lake.open(dir)) {
            LakeTable table = lake.table(Credit.spec(dir), TableKind.EVENTS);
            try (TableWriter w = table.writer(WriterOptions.defaults().withTargetFileBytes(target))) {
                WrittenFiles files = w.write(batchOf(table, Credit.events("e", 20_000, 2, 3)));
                w.commit(files, List.of(Credit.range(0, 0, 20_000)));
            }
            List<LiveFile> live = table.liveFiles(OptionalLong.empty());
            assertThat(live.stream().map(LiveFile::partition).distinct()).hasSize(2);
            assertThat(live).hasSizeGreaterThanOrEqualTo(6);
            assertThat(live)
                    .allSatisfy(f -> assertThat(f.bytes()).isLessThanOrEqualTo(target + RollingTest.SLACK_BYTES));
            for (LiveFile f : live) {
                Rows.assertSorted(f.path(), Rows.file(table, f.path()), table.sortOrder());
            }
            assertThat(Rows.ids(Rows.current(table), "event_id"))
                    .hasSize(20_000)
                    .doesNotHaveDuplicates();
        }
    }

    @Test
    void nearlyUniqueColumnsGoWithoutADictionaryAndFewValuedOnesKeepIt() throws Exception {
        try (Lake lake = Lake.open(dir)) {
            LakeTable table = lake.table(Credit.spec(dir), TableKind.EVENTS);
            WrittenFiles files;
            try (TableWriter w = table.writer(WriterOptions.defaults())) {
                files = w.write(batchOf(table, Credit.events("e", 5_000, 1, 7)));
            }
            assertThat(files.files()).hasSize(1);
            try (ParquetFileReader reader = ParquetFileReader.open(
                    new LocalInputFile(Path.of(files.files().get(0).location())))) {
                BlockMetaData block = reader.getFooter().getBlocks().get(0);
                assertThat(usesDictionary(block, "event_id")).as("unique ids").isFalse();
                assertThat(usesDictionary(block, "event_time"))
                        .as("distinct times")
                        .isFalse();
                assertThat(usesDictionary(block, "debt_ratio"))
                        .as("random doubles")
                        .isFalse();
                assertThat(usesDictionary(block, "region")).as("five regions").isTrue();
                assertThat(usesDictionary(block, "age")).as("ages").isTrue();
                assertThat(usesDictionary(block, "customer_id"))
                        .as("2,000 customers")
                        .isTrue();
            }
        }
    }

    /** Parquet statistics count NaNs value by value, in plain pages (debt_ratio) and dictionary pages (months). */
    @Test
    void statisticsCountEveryNaNInPlainAndDictionaryPages() throws Exception {
        List<FeatureEvent> events = new ArrayList<>();
        int nans = 0;
        for (FeatureEvent e : Credit.events("e", 8_000, 1, 9)) {
            Map<String, Object> f = new LinkedHashMap<>(e.features());
            if (events.size() % 7 == 0) {
                f.put("debt_ratio", Double.NaN);
                f.put("months_employed", Double.NaN);
                nans++;
            }
            events.add(new FeatureEvent(e.id(), e.key(), e.timestamp(), f, e.label()));
        }
        try (Lake lake = Lake.open(dir)) {
            LakeTable table = lake.table(Credit.spec(dir), TableKind.EVENTS);
            WrittenFiles files;
            try (TableWriter w = table.writer(WriterOptions.defaults())) {
                files = w.write(batchOf(table, events));
            }
            assertThat(files.files()).hasSize(1);
            try (ParquetFileReader reader = ParquetFileReader.open(
                    new LocalInputFile(Path.of(files.files().get(0).location())))) {
                BlockMetaData block = reader.getFooter().getBlocks().get(0);
                assertThat(usesDictionary(block, "debt_ratio")).isFalse();
                assertThat(usesDictionary(block, "months_employed")).isTrue();
                for (String column : List.of("debt_ratio", "months_employed")) {
                    assertThat(chunk(block, column).getStatistics().getNanCount())
                            .as(column)
                            .isEqualTo(nans);
                }
            }
        }
    }

    @Test
    void aTableThatSetsAColumnsDictionaryIsObeyed() throws Exception {
        try (Lake lake = Lake.open(dir)) {
            LakeTable table = lake.table(Credit.spec(dir), TableKind.EVENTS);
            table.iceberg()
                    .updateProperties()
                    .set(DictionaryHint.PROPERTY + "event_id", "true")
                    .set(DictionaryHint.PROPERTY + "region", "false")
                    .commit();
            RowBatch batch = batchOf(table, Credit.events("e", 5_000, 1, 7));
            int[] order = java.util.stream.IntStream.range(0, batch.size()).toArray();
            assertThat(DictionaryHint.plainColumns(
                            batch, order, 0, order.length, table.iceberg().properties()))
                    .contains("event_time", "debt_ratio")
                    .doesNotContain("event_id", "region", "age", "has_mortgage");
            WrittenFiles files;
            try (TableWriter w = table.writer(WriterOptions.defaults())) {
                files = w.write(batch);
            }
            try (ParquetFileReader reader = ParquetFileReader.open(
                    new LocalInputFile(Path.of(files.files().get(0).location())))) {
                assertThat(usesDictionary(reader.getFooter().getBlocks().get(0), "region"))
                        .isFalse();
            }
        }
    }

    @Test
    void aFileOfFewRowsIsLeftToParquetsOwnChoice() {
        try (Lake lake = Lake.open(dir)) {
            LakeTable table = lake.table(Credit.spec(dir), TableKind.EVENTS);
            RowBatch batch = batchOf(table, Credit.events("e", DictionaryHint.SAMPLE - 1, 1, 7));
            int[] order = java.util.stream.IntStream.range(0, batch.size()).toArray();
            assertThat(DictionaryHint.plainColumns(batch, order, 0, order.length, Map.of()))
                    .isEmpty();
        }
    }

    private static boolean usesDictionary(BlockMetaData block, String column) {
        return chunk(block, column).getEncodingStats().hasDictionaryEncodedPages();
    }

    private static ColumnChunkMetaData chunk(BlockMetaData block, String column) {
        return block.getColumns().stream()
                .filter(x -> x.getPath().toDotString().equals(column))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void anEmptyBatchWritesNothingAndASingleRowOneFile() {
        try (Lake lake = Lake.open(dir)) {
            LakeTable table = lake.table(Credit.spec(dir), TableKind.EVENTS);
            try (TableWriter w = table.writer(WriterOptions.defaults())) {
                assertThat(w.write(table.newBatch())).isEqualTo(WrittenFiles.empty());
                FeatureEvent e = Credit.events("one", 1, 1, 1).get(0);
                WrittenFiles one = w.write(batchOf(table, List.of(e)));
                assertThat(one.files()).hasSize(1);
                assertThat(one.rows()).isEqualTo(1);
                assertThat(one.minTime()).isEqualTo(e.timestamp()).isEqualTo(one.maxTime());
                assertThat(Rows.file(table, one.files().get(0).location())).containsExactly(table.toRecord(e));
            }
        }
    }

    @Test
    void aBatchOfAnOlderSchemaIsASchemaMismatchAndLeavesNoFiles() throws Exception {
        DatasetSpec spec = Credit.spec(dir);
        try (Lake lake = Lake.open(dir.resolve("lake"))) {
            LakeTable table = lake.table(spec, TableKind.EVENTS);
            RowBatch old = batchOf(table, Credit.events("e", 10, 1, 1));
            List<FeatureSpec> features = new ArrayList<>(spec.features());
            features.add(new FeatureSpec("score", FeatureType.NUMERIC, null, null, List.of(), false, true, ""));
            lake.table(Credit.respec(spec, features, spec.sort(), spec.partition()), TableKind.EVENTS);
            try (TableWriter w = table.writer(WriterOptions.defaults())) {
                assertThatThrownBy(() -> w.write(old))
                        .isInstanceOfSatisfying(MlcycleException.class, e -> assertThat(e.reason())
                                .isEqualTo(Reason.SCHEMA_MISMATCH))
                        .hasMessageContaining("make batches with LakeTable.newBatch");
                // a batch of the new schema is fine
                assertThat(w.write(batchOf(table, Credit.events("f", 10, 1, 1))).rows())
                        .isEqualTo(10);
            }
            try (var files = java.nio.file.Files.walk(dir.resolve("lake"))) {
                assertThat(files.filter(p -> p.toString().endsWith(".parquet")).count())
                        .as("only the good batch's file")
                        .isEqualTo(1);
            }
        }
    }

    @Test
    void aBatchOfTheOtherTableIsASchemaMismatch() {
        try (Lake lake = Lake.open(dir)) {
            LakeTable events = lake.table(Credit.spec(dir), TableKind.EVENTS);
            LakeTable labels = lake.table(Credit.spec(dir), TableKind.LABELS);
            RowBatch b = labels.newBatch();
            b.add(new LabelEvent("e-1", "yes", Credit.DAY_ONE));
            try (TableWriter w = events.writer(WriterOptions.defaults())) {
                assertThatThrownBy(() -> w.write(b))
                        .isInstanceOfSatisfying(MlcycleException.class, e -> assertThat(e.reason())
                                .isEqualTo(Reason.SCHEMA_MISMATCH))
                        .hasMessageContaining("credit.labels");
            }
        }
    }

    @Test
    void aClearedBatchIsReusedAndWritesOnlyItsNewRows() {
        try (Lake lake = Lake.open(dir)) {
            LakeTable table = lake.table(Credit.spec(dir), TableKind.EVENTS);
            RowBatch b = batchOf(table, Credit.events("first", 3_000, 2, 1));
            List<FeatureEvent> second = Credit.events("second", 500, 2, 2);
            b.clear();
            assertThat(b.isEmpty()).isTrue();
            second.forEach(b::add);
            try (TableWriter w = table.writer(WriterOptions.defaults())) {
                w.commit(w.write(b), List.of());
            }
            List<Record> rows = Rows.current(table);
            assertThat(Rows.ids(rows, "event_id"))
                    .containsExactlyElementsOf(Rows.ids(Credit.rows(table, second), "event_id"));
            assertThat(rows).containsExactlyInAnyOrderElementsOf(Credit.rows(table, second));
        }
    }
}
