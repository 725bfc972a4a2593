package dev.mlcycle.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.contracts.record.FeatureEvent;
import dev.mlcycle.contracts.record.LabelEvent;
import dev.mlcycle.lake.RowBatch.ColumnType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RowBatchTest {
    @TempDir
    Path dir;

    private Lake lake;
    private LakeTable events;
    private LakeTable labels;

    @BeforeEach
    void open() {
        lake = Lake.open(dir);
        events = lake.table(Credit.spec(dir), TableKind.EVENTS);
        labels = lake.table(Credit.spec(dir), TableKind.LABELS);
    }

    @AfterEach
    void close() {
        lake.close();
    }

    @Test
    void anEventAddedHoldsTheValuesItsRecordHolds() {
        RowBatch b = events.newBatch();
        for (FeatureEvent e : Credit.events("e", 50, 2, 3)) {
            b.add(e);
            assertThat(b.toRecord(b.size() - 1)).isEqualTo(events.toRecord(e));
        }
        assertThat(b.size()).isEqualTo(50);
        assertThat(b.table()).isEqualTo("credit.events");
        assertThat(b.columnType(b.columnIndex("region"))).isEqualTo(ColumnType.STRING);
        assertThat(b.columnType(b.columnIndex("age"))).isEqualTo(ColumnType.LONG);
        assertThat(b.columnType(b.timeColumn())).isEqualTo(ColumnType.TIMESTAMP);
        assertThat(b.isRequired(b.idColumn())).isTrue();
        assertThat(b.isRequired(b.labelColumn())).isFalse();
    }

    @Test
    void aLabelAddedHoldsTheValuesItsRecordHolds() {
        RowBatch b = labels.newBatch();
        LabelEvent l = new LabelEvent("e-1", "yes", Instant.parse("2026-01-02T03:04:05.678912Z"));
        b.add(l);
        assertThat(b.toRecord(0)).isEqualTo(labels.toRecord(l));
        assertThat(b.getTimestampMicros(0, b.timeColumn())).isEqualTo(1_767_323_045_678_912L);
        assertThat(b.keyColumn()).isEqualTo(-1);
    }

    @Test
    void anEventWithAnUnknownFeatureOrAWrongTypeIsAMismatchAndAddsNothing() {
        RowBatch b = events.newBatch();
        FeatureEvent good = Credit.events("e", 1, 1, 1).get(0);
        Map<String, Object> unknown = new LinkedHashMap<>(good.features());
        unknown.put("shoe_size", 42.0);
        assertThatThrownBy(() -> b.add(new FeatureEvent("e-x", "c-1", good.timestamp(), unknown, null)))
                .isInstanceOfSatisfying(
                        MlcycleException.class, e -> assertThat(e.reason()).isEqualTo(Reason.SCHEMA_MISMATCH))
                .hasMessageContaining("feature \"shoe_size\" is not a column of credit.events");
        Map<String, Object> wrong = new LinkedHashMap<>(good.features());
        wrong.put("age", "old");
        assertThatThrownBy(() -> b.add(new FeatureEvent("e-y", "c-1", good.timestamp(), wrong, null)))
                .isInstanceOfSatisfying(
                        MlcycleException.class, e -> assertThat(e.reason()).isEqualTo(Reason.SCHEMA_MISMATCH))
                .hasMessageContaining("event \"e-y\", field \"age\"");
        assertThat(b.isEmpty()).isTrue();
        b.add(good);
        assertThat(b.toRecord(0)).isEqualTo(events.toRecord(good));
    }

    @Test
    void eachTableTakesItsOwnKindOfEvent() {
        assertThatThrownBy(
                        () -> labels.newBatch().add(Credit.events("e", 1, 1, 1).get(0)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("credit.labels is a labels table");
        assertThatThrownBy(() -> events.newBatch().add(new LabelEvent("e", "no", Credit.DAY_ONE)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("credit.events is a events table");
    }

    @Test
    void aRowBuiltValueByValueLeavesUnsetColumnsNull() {
        RowBatch b = events.newBatch();
        byte[] json = "{\"event_id\":\"e-9\"}".getBytes(StandardCharsets.UTF_8);
        b.beginRow();
        b.setString(b.idColumn(), json, 13, 3);
        b.setString(b.keyColumn(), "c-9");
        b.setTimestampMicros(b.timeColumn(), -1); // a microsecond before the epoch
        b.setDouble(b.columnIndex("income"), -0.0);
        b.setBoolean(b.columnIndex("has_mortgage"), true);
        b.setLong(b.columnIndex("age"), Long.MIN_VALUE);
        b.endRow();
        assertThat(b.getString(0, b.idColumn())).isEqualTo("e-9");
        assertThat(b.stringEquals(0, b.idColumn(), json, 13, 3)).isTrue();
        assertThat(b.stringEquals(0, b.idColumn(), json, 13, 2)).isFalse();
        assertThat(b.isNull(0, b.columnIndex("region"))).isTrue();
        assertThat(b.getString(0, b.columnIndex("region"))).isNull();
        assertThat(Double.doubleToRawLongBits(b.getDouble(0, b.columnIndex("income"))))
                .isEqualTo(Double.doubleToRawLongBits(-0.0));
        assertThat(b.getBoolean(0, b.columnIndex("has_mortgage"))).isTrue();
        assertThat(b.getLong(0, b.columnIndex("age"))).isEqualTo(Long.MIN_VALUE);
        assertThat(b.toRecord(0).getField("event_time")).hasToString("1969-12-31T23:59:59.999999Z");
    }

    @Test
    void aRowMissingARequiredColumnIsAMismatchAndIsDropped() {
        RowBatch b = events.newBatch();
        b.beginRow();
        b.setString(b.idColumn(), "e-1");
        b.setString(b.keyColumn(), "c-1");
        assertThatThrownBy(b::endRow)
                .isInstanceOfSatisfying(
                        MlcycleException.class, e -> assertThat(e.reason()).isEqualTo(Reason.SCHEMA_MISMATCH))
                .hasMessageContaining("column \"event_time\" of credit.events is required, got null");
        assertThat(b.size()).isZero();
        assertThatThrownBy(b::endRow).isInstanceOf(IllegalStateException.class).hasMessageContaining("beginRow");
    }

    @Test
    void settingAValueOfAnotherTypeOrOutsideARowIsRefused() {
        RowBatch b = events.newBatch();
        assertThatThrownBy(() -> b.setLong(b.columnIndex("age"), 1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("call beginRow() first");
        b.beginRow();
        assertThatThrownBy(() -> b.setDouble(b.columnIndex("age"), 1.0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("column \"age\" of credit.events holds LONG values, not DOUBLE");
        assertThatThrownBy(() -> b.columnIndex("nope"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no column \"nope\" in credit.events");
        assertThat(b.findColumn("nope")).isEqualTo(-1);
        assertThatThrownBy(() -> b.getString(0, b.idColumn())).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void aCancelledRowLeavesNoTraceAndItsBytesAreReused() {
        RowBatch b = events.newBatch();
        FeatureEvent e = Credit.events("e", 1, 1, 1).get(0);
        b.beginRow();
        b.setString(b.idColumn(), "x".repeat(10_000));
        b.cancelRow();
        b.beginRow();
        b.setString(b.idColumn(), "y");
        b.beginRow(); // starting again drops the unfinished row
        b.cancelRow();
        b.add(e);
        assertThat(b.size()).isEqualTo(1);
        assertThat(b.column(b.idColumn()).bytesUsed).isEqualTo(e.id().length());
        assertThat(b.toRecord(0)).isEqualTo(events.toRecord(e));
    }

    @Test
    void hugeStringsAndManyRowsGrowTheColumns() {
        RowBatch b = labels.newBatch();
        String big = "é".repeat(100_000); // 200,000 UTF-8 bytes
        b.add(new LabelEvent(big, "no", Credit.DAY_ONE));
        for (int i = 0; i < 100_000; i++) {
            b.add(new LabelEvent("e-" + i, i % 2 == 0 ? "yes" : "no", Credit.DAY_ONE.plusSeconds(i)));
        }
        assertThat(b.size()).isEqualTo(100_001);
        assertThat(b.getString(0, b.idColumn())).isEqualTo(big);
        assertThat(b.getString(100_000, b.idColumn())).isEqualTo("e-99999");
        assertThat(b.getString(100_000, b.labelColumn())).isEqualTo("no");
    }
}
