package dev.mlcycle.lake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlcycle.contracts.record.FeatureEvent;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.apache.parquet.column.values.rle.RunLengthBitPackingHybridDecoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The RLE / bit-packing hybrid encoder of {@link FlatParquetFile}, read back by parquet-java's decoder; its dictionary
 * rule.
 */
class FlatParquetFileTest {
    @TempDir
    Path dir;

    /**
     * As in parquet-java, a column whose first page does not pay as a dictionary is written plain, even if the
     * dictionary would pay over the whole chunk: the values are hashed for one page, not the chunk.
     */
    @Test
    void theDictionaryIsDroppedWhenTheFirstPageDoesNotPay() {
        int n = 60_000;
        int firstPage = 4_096;
        List<FeatureEvent> events = new ArrayList<>();
        for (FeatureEvent e : Credit.events("e", n, 1, 3)) {
            int i = events.size();
            Map<String, Object> f = new LinkedHashMap<>(e.features());
            // the first page: 4,000 distinct values (a dictionary plus indexes is larger than plain); then 7 values
            f.put("credit_history_months", (long) (i < firstPage ? i % 4_000 : i % 7));
            events.add(new FeatureEvent(e.id(), e.key(), e.timestamp(), f, e.label()));
        }
        try (Lake lake = Lake.open(dir)) {
            LakeTable table = lake.table(Credit.spec(dir), TableKind.EVENTS);
            RowBatch batch = table.newBatch();
            events.forEach(batch::add);
            int[] order = IntStream.range(0, n).toArray();
            RowBatch.Column months = batch.column(batch.columnIndex("credit_history_months"));
            RowBatch.Column region = batch.column(batch.columnIndex("region"));
            FlatParquetFile.Dictionary dictionary = new FlatParquetFile.Dictionary();
            long limit = 1 << 20;

            assertThat(dictionary.build(months, order, 0, n, firstPage, limit))
                    .as("first page of mostly distinct values")
                    .isNull();
            assertThat(dictionary.build(months, order, 0, n, n, limit))
                    .as("the same values as one page")
                    .isNotNull();
            assertThat(dictionary.build(region, order, 0, n, firstPage, limit))
                    .as("five regions")
                    .isNotNull()
                    .satisfies(d -> assertThat(d.size).isEqualTo(5));
            assertThat(dictionary.build(months, order, 0, n, n, 3_000 * 8))
                    .as("over the dictionary's byte limit")
                    .isNull();
        }
    }

    @Test
    void runsAndMixedValuesOfEveryWidthDecodeToWhatWasEncoded() throws Exception {
        SplittableRandom rnd = new SplittableRandom(3);
        for (int width = 1; width <= 24; width++) {
            for (int trial = 0; trial < 40; trial++) {
                int n = rnd.nextInt(1, 3000);
                int[] values = new int[n];
                int max = (1 << width) - 1;
                int i = 0;
                while (i < n) {
                    // runs of 1 to 40 equal values, so RLE runs start at any offset within a group of 8
                    int run = Math.min(n - i, rnd.nextInt(1, rnd.nextBoolean() ? 4 : 40));
                    int v = rnd.nextInt(0, max + 1);
                    for (int k = 0; k < run; k++) {
                        values[i++] = v;
                    }
                }
                assertRoundTrip(values, width);
            }
        }
    }

    @Test
    void edgeCasesDecode() throws Exception {
        assertRoundTrip(new int[] {1}, 1);
        assertRoundTrip(new int[] {0, 0, 0, 0, 0, 0, 0}, 1);
        assertRoundTrip(new int[] {0, 0, 0, 0, 0, 0, 0, 0}, 1);
        int[] long1 = new int[100_000];
        java.util.Arrays.fill(long1, 1);
        assertRoundTrip(long1, 1);
        int[] alternating = new int[1001];
        for (int i = 0; i < alternating.length; i++) {
            alternating[i] = i & 1;
        }
        assertRoundTrip(alternating, 1);
        int[] wide = {Integer.MAX_VALUE, 0, Integer.MAX_VALUE, Integer.MAX_VALUE};
        assertRoundTrip(wide, 31);
    }

    @Test
    void aLongRunCostsAFewBytesAndMixedValuesAboutTheirBits() {
        FlatParquetFile.Buffer out = new FlatParquetFile.Buffer();
        int[] ones = new int[20_000];
        java.util.Arrays.fill(ones, 1);
        FlatParquetFile.Rle.encode(out, ones, ones.length, 1);
        assertThat(out.len).as("one RLE run").isLessThanOrEqualTo(4);
        out.reset();
        int[] mixed = new int[8000];
        SplittableRandom rnd = new SplittableRandom(1);
        for (int i = 0; i < mixed.length; i++) {
            mixed[i] = rnd.nextInt(8);
        }
        FlatParquetFile.Rle.encode(out, mixed, mixed.length, 3);
        assertThat(out.len).as("bit-packed, 3 bits a value").isBetween(3000, 3020);
    }

    private static void assertRoundTrip(int[] values, int width) throws Exception {
        FlatParquetFile.Buffer out = new FlatParquetFile.Buffer();
        FlatParquetFile.Rle.encode(out, values, values.length, width);
        RunLengthBitPackingHybridDecoder decoder =
                new RunLengthBitPackingHybridDecoder(width, new ByteArrayInputStream(out.buf, 0, out.len));
        int[] back = new int[values.length];
        for (int i = 0; i < back.length; i++) {
            back[i] = decoder.readInt();
        }
        assertThat(back).as("width %d, %d values", width, values.length).isEqualTo(values);
    }
}
