package dev.mlcycle.lake;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.NullOrder;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.types.Types.NestedField;
import org.junit.jupiter.api.Test;

class RecordOrderTest {
    private static final Schema SCHEMA = new Schema(
            NestedField.required(1, "id", Types.StringType.get()),
            NestedField.optional(2, "region", Types.StringType.get()),
            NestedField.optional(3, "amount", Types.DoubleType.get()),
            NestedField.required(4, "t", Types.TimestampType.withZone()));

    private static Record row(String id, String region, Double amount, OffsetDateTime t) {
        GenericRecord r = GenericRecord.create(SCHEMA);
        r.setField("id", id);
        r.setField("region", region);
        r.setField("amount", amount);
        r.setField("t", t);
        return r;
    }

    private static List<String> sortedIds(RecordOrder order, Record... rows) {
        List<Record> list = new ArrayList<>(List.of(rows));
        list.sort(order);
        return list.stream().map(r -> (String) r.getField("id")).toList();
    }

    @Test
    void ordersNullsFirstThenByValueThenByTheTieBreak() {
        SortOrder so = SortOrder.builderFor(SCHEMA)
                .asc("region", NullOrder.NULLS_FIRST)
                .asc("amount", NullOrder.NULLS_FIRST)
                .build();
        RecordOrder order = RecordOrder.of(SCHEMA, so, "id");
        OffsetDateTime t = OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
        assertThat(sortedIds(
                        order,
                        row("c", "north", 2.0, t),
                        row("b", "north", -1.0, t),
                        row("a", null, 5.0, t),
                        row("e", "east", null, t),
                        row("d", "north", -1.0, t)))
                .containsExactly("a", "e", "b", "d", "c");
        assertThat(order.toString()).isEqualTo("region, amount, id");
    }

    @Test
    void comparesStringsByCodePointLikeParquetStatistics() {
        RecordOrder order = RecordOrder.of(
                SCHEMA, SortOrder.builderFor(SCHEMA).asc("region").build(), "id");
        OffsetDateTime t = OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
        // U+FFFD sorts before U+1F600 by code point (and UTF-8 bytes); String.compareTo says the opposite
        assertThat("\uFFFD".compareTo("\uD83D\uDE00")).isPositive();
        assertThat(sortedIds(order, row("emoji", "\uD83D\uDE00", null, t), row("replacement", "\uFFFD", null, t)))
                .containsExactly("replacement", "emoji");
    }

    @Test
    void comparesTimesOnTheTimeLineAndHonoursDescending() {
        RecordOrder order =
                RecordOrder.of(SCHEMA, SortOrder.builderFor(SCHEMA).desc("t").build(), "id");
        OffsetDateTime utc = OffsetDateTime.of(2026, 1, 1, 12, 0, 0, 0, ZoneOffset.UTC);
        OffsetDateTime earlierInOtherZone = OffsetDateTime.of(2026, 1, 1, 12, 30, 0, 0, ZoneOffset.ofHours(2));
        assertThat(sortedIds(order, row("early", null, null, earlierInOtherZone), row("late", null, null, utc)))
                .containsExactly("late", "early");
    }
}
