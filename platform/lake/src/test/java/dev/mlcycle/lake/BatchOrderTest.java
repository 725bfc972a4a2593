package dev.mlcycle.lake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlcycle.contracts.record.FeatureEvent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link IntSort}, {@link StringRanks} and {@link BatchOrder}, against the JDK's sort and {@link RecordOrder}. */
class BatchOrderTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 31, 32, 33, 64, 1_000, 100_003})
    void sortsLikeAStableJdkSort(int n) {
        SplittableRandom rnd = new SplittableRandom(n);
        int[] keys = rnd.ints(n, 0, Math.max(1, n / 10)).toArray(); // many ties
        int[] rows = IntStream.range(0, n).toArray();
        IntSort.sort(rows, 0, n, (a, b) -> Integer.compare(keys[a], keys[b]));
        Integer[] expected = IntStream.range(0, n).boxed().toArray(Integer[]::new);
        Arrays.sort(expected, Comparator.comparingInt(i -> keys[i])); // stable
        assertThat(rows)
                .containsExactly(
                        Arrays.stream(expected).mapToInt(Integer::intValue).toArray());
    }

    @Test
    void sortsOnlyTheGivenRangeAndKeepsEqualRowsInOrder() {
        int[] rows = {9, 8, 7, 6, 5, 4, 3, 2, 1, 0};
        IntSort.sort(rows, 2, 8, (a, b) -> 0); // all equal: nothing moves
        assertThat(rows).containsExactly(9, 8, 7, 6, 5, 4, 3, 2, 1, 0);
        IntSort.sort(rows, 2, 8, Integer::compare);
        assertThat(rows).containsExactly(9, 8, 2, 3, 4, 5, 6, 7, 1, 0);
    }

    @Test
    void ranksStringsByTheirBytesAndGivesUpOnManyDistinctValues() {
        try (Lake lake = Lake.open(dir)) {
            LakeTable table = lake.table(Credit.spec(dir), TableKind.LABELS);
            RowBatch b = table.newBatch();
            String[] ids = {"b", "a", "\uFFFD", "\uD83D\uDE00", "a", "ab", ""};
            for (String id : ids) {
                b.beginRow();
                b.setString(b.idColumn(), id);
                b.setString(b.labelColumn(), "no");
                b.setTimestampMicros(b.timeColumn(), 0);
                b.endRow();
            }
            int[] ranks = StringRanks.of(b.column(b.idColumn()), b.size(), 16);
            // "" < "a" < "ab" < "b" < U+FFFD < U+1F600 (code point order, not String.compareTo)
            assertThat(ranks).containsExactly(3, 1, 4, 5, 1, 2, 0);
            assertThat(StringRanks.of(b.column(b.idColumn()), b.size(), 5)).isNull();
            assertThat(StringRanks.of(b.column(b.idColumn()), b.size(), 6)).isNotNull();
        }
    }

    @Test
    void ordersRowsAsTheRecordOrderDoes() {
        try (Lake lake = Lake.open(dir)) {
            LakeTable table = lake.table(Credit.spec(dir), TableKind.EVENTS);
            SplittableRandom rnd = new SplittableRandom(11);
            List<FeatureEvent> events = new ArrayList<>();
            for (FeatureEvent e : Credit.events("e", 5_000, 1, 11)) {
                Map<String, Object> f = new LinkedHashMap<>(e.features());
                if (rnd.nextInt(10) == 0) {
                    f.put("employment", null); // a sort key with nulls
                }
                // few distinct times, so ties on the sort key fall to the id
                events.add(new FeatureEvent(e.id(), e.key(), Credit.DAY_ONE.plusSeconds(rnd.nextInt(3)), f, e.label()));
            }
            RowBatch b = table.newBatch();
            events.forEach(b::add);
            int[] rows = IntStream.range(0, b.size()).toArray();
            IntSort.sort(rows, 0, rows.length, BatchOrder.of(b, table.iceberg().sortOrder(), table.idColumn()));
            List<Record> expected = new ArrayList<>(Credit.rows(table, events));
            expected.sort(table.sortOrder());
            List<Record> actual = Arrays.stream(rows).mapToObj(b::toRecord).toList();
            assertThat(actual).isEqualTo(expected);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5})
    void prefixSortedRowsComeOutAsTheRecordOrderSortsThem(int variant) {
        try (Lake lake = Lake.open(dir)) {
            LakeTable table = lake.table(Credit.spec(dir), TableKind.EVENTS);
            org.apache.iceberg.SortOrder order =
                    switch (variant) {
                        case 0 -> table.iceberg().sortOrder();
                        case 1 -> org.apache.iceberg.SortOrder.builderFor(
                                        table.iceberg().schema())
                                .desc("income", org.apache.iceberg.NullOrder.NULLS_LAST)
                                .asc("age", org.apache.iceberg.NullOrder.NULLS_FIRST)
                                .build();
                        case 2 -> org.apache.iceberg.SortOrder.builderFor(
                                        table.iceberg().schema())
                                .asc("has_mortgage")
                                .desc("customer_id", org.apache.iceberg.NullOrder.NULLS_FIRST)
                                .asc("event_time")
                                .build();
                        case 3 -> org.apache.iceberg.SortOrder.builderFor(
                                        table.iceberg().schema())
                                .asc("customer_id", org.apache.iceberg.NullOrder.NULLS_LAST)
                                .build();
                        case 4 -> org.apache.iceberg.SortOrder.builderFor(
                                        table.iceberg().schema())
                                .desc("age", org.apache.iceberg.NullOrder.NULLS_FIRST)
                                .desc("region", org.apache.iceberg.NullOrder.NULLS_LAST)
                                .desc("income")
                                .build();
                        default -> org.apache.iceberg.SortOrder.builderFor(
                                        table.iceberg().schema())
                                .asc("purpose", org.apache.iceberg.NullOrder.NULLS_LAST)
                                .desc("event_time")
                                .build();
                    };
            RowBatch b = oddRows(table, 6_000, variant);
            int[] rows = IntStream.range(0, b.size()).toArray();
            BatchOrder.of(b, order, table.idColumn()).sort(rows, 0, rows.length);
            List<Record> expected = new ArrayList<>(
                    IntStream.range(0, b.size()).mapToObj(b::toRecord).toList());
            expected.sort(RecordOrder.of(table.iceberg().schema(), order, table.idColumn()));
            assertThat(Arrays.stream(rows).mapToObj(b::toRecord).toList()).isEqualTo(expected);
        }
    }

    /** Rows with values at the edges: NaN, zeros of both signs, extremes, nulls, strings that prefix each other. */
    private static RowBatch oddRows(LakeTable table, int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] doubles = {Double.NaN, -0.0, 0.0, Double.MAX_VALUE, -Double.MAX_VALUE, Double.MIN_VALUE, 1.5, -1.5};
        long[] longs = {Long.MIN_VALUE, Long.MAX_VALUE, 0, -1, 1, 42};
        String[] strings = {"c-1", "c-10", "c-1\u0000", "c-", "c-2", "c-\u00e9", "c-\uD83D\uDE00", "d", ""};
        RowBatch b = table.newBatch();
        int income = b.columnIndex("income");
        int age = b.columnIndex("age");
        int mortgage = b.columnIndex("has_mortgage");
        int region = b.columnIndex("region");
        int purpose = b.columnIndex("purpose");
        for (int i = 0; i < n; i++) {
            b.beginRow();
            b.setString(b.idColumn(), "e-" + rnd.nextInt(n)); // repeated ids: ties all the way down
            b.setString(
                    b.keyColumn(),
                    rnd.nextInt(8) == 0 ? "c-" + rnd.nextInt(1_000_000) : strings[rnd.nextInt(strings.length)]);
            b.setTimestampMicros(b.timeColumn(), rnd.nextInt(4) == 0 ? rnd.nextLong() : rnd.nextInt(5));
            if (rnd.nextInt(6) != 0) {
                b.setDouble(income, rnd.nextInt(3) == 0 ? rnd.nextDouble() : doubles[rnd.nextInt(doubles.length)]);
            }
            if (rnd.nextInt(6) != 0) {
                b.setLong(age, rnd.nextInt(3) == 0 ? rnd.nextLong() : longs[rnd.nextInt(longs.length)]);
            }
            if (rnd.nextInt(6) != 0) {
                b.setBoolean(mortgage, rnd.nextBoolean());
            }
            if (rnd.nextInt(6) != 0) {
                b.setString(region, strings[rnd.nextInt(strings.length)]);
            }
            if (rnd.nextInt(6) != 0) {
                // too many distinct values to rank: compared by their bytes
                b.setString(
                        purpose, rnd.nextInt(10) == 0 ? strings[rnd.nextInt(strings.length)] : "p-" + rnd.nextLong());
            }
            b.endRow();
        }
        return b;
    }
}
