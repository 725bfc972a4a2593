package dev.mlcycle.lake;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.contracts.record.FeatureEvent;
import dev.mlcycle.contracts.record.LabelEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.types.Types.NestedField;

/**
 * Rows of one lake table held column by column: strings as UTF-8 bytes in one growing array per column, numbers,
 * booleans and times (microseconds since the epoch, UTC) in primitive arrays, nulls as flags. No object per row or
 * per value, so a batch of a few hundred thousand rows costs the garbage collector next to nothing, and {@link
 * TableWriter#write(RowBatch)} sorts an index array and writes each column without converting values.
 *
 * <p>Get one from {@link LakeTable#newBatch()}; it is bound to the table's schema at that moment (a write fails with
 * {@link Reason#SCHEMA_MISMATCH} if the schema changed since). Fill it with {@link #add(FeatureEvent)} / {@link
 * #add(LabelEvent)}, or value by value: {@link #beginRow()}, the {@code set} methods, {@link #endRow()} (or {@link
 * #cancelRow()}). {@link #clear()} empties it and keeps its arrays for the next batch. Not thread-safe: one thread
 * fills it, then another may write it once the first has handed it over.
 */
public final class RowBatch {
    /** The type of a column, as a batch stores it. */
    public enum ColumnType {
        /** Iceberg {@code string}: UTF-8 bytes. */
        STRING,
        /** Iceberg {@code long}. */
        LONG,
        /** Iceberg {@code double}. */
        DOUBLE,
        /** Iceberg {@code boolean}. */
        BOOLEAN,
        /** Iceberg {@code timestamptz} (or {@code timestamp}): microseconds since the epoch. */
        TIMESTAMP
    }

    private static final int INITIAL_ROWS = 1024;

    private final String table;
    private final TableLayout layout;
    private final Schema schema;
    private final Column[] columns;
    private final Map<String, Integer> byName = new HashMap<>();
    private final int idPos;
    private final int keyPos;
    private final int timePos;
    private final int labelPos;
    private final int[] required;
    private int rows;
    private int capacity;
    /** The row being built by {@link #beginRow()}, or -1. */
    private int open = -1;

    RowBatch(String table, TableLayout layout) {
        this.table = table;
        this.layout = layout;
        this.schema = layout.schema();
        List<NestedField> fields = schema.columns();
        this.columns = new Column[fields.size()];
        int[] req = new int[fields.size()];
        int nreq = 0;
        for (int i = 0; i < fields.size(); i++) {
            NestedField f = fields.get(i);
            columns[i] = new Column(f.name(), typeOf(table, f), f.isRequired());
            byName.put(f.name(), i);
            if (f.isRequired()) {
                req[nreq++] = i;
            }
        }
        this.required = Arrays.copyOf(req, nreq);
        this.idPos = layout.position(layout.idColumn());
        this.keyPos = layout.keyColumn() == null ? -1 : layout.position(layout.keyColumn());
        this.timePos = layout.position(layout.timeColumn());
        this.labelPos = layout.position(layout.labelColumn());
        ensureCapacity(INITIAL_ROWS);
    }

    private static ColumnType typeOf(String table, NestedField f) {
        return switch (f.type().typeId()) {
            case STRING -> ColumnType.STRING;
            case LONG -> ColumnType.LONG;
            case DOUBLE -> ColumnType.DOUBLE;
            case BOOLEAN -> ColumnType.BOOLEAN;
            case TIMESTAMP -> ColumnType.TIMESTAMP;
            default -> throw new IllegalStateException("column \"" + f.name() + "\" of " + table + " has type "
                    + f.type() + "; a row batch holds string, long, double, boolean and timestamp columns");
        };
    }

    /** The table's name, {@code credit.events}. */
    public String table() {
        return table;
    }

    /** The schema the batch was made for. */
    public Schema schema() {
        return schema;
    }

    /** Rows added (a row being built does not count). */
    public int size() {
        return rows;
    }

    /** Whether no row was added. */
    public boolean isEmpty() {
        return rows == 0;
    }

    /** Number of columns: the schema's top-level columns. */
    public int columnCount() {
        return columns.length;
    }

    /**
     * The position of a column by name.
     *
     * @throws IllegalArgumentException if the table has no such column
     */
    public int columnIndex(String name) {
        Integer i = byName.get(name);
        if (i == null) {
            throw new IllegalArgumentException(
                    "no column \"" + name + "\" in " + table + "; its columns are " + byName.keySet());
        }
        return i;
    }

    /** The position of a column by name, or -1. */
    public int findColumn(String name) {
        Integer i = byName.get(name);
        return i == null ? -1 : i;
    }

    /** The name of a column by position. */
    public String columnName(int column) {
        return columns[column].name;
    }

    /** How a column's values are held. */
    public ColumnType columnType(int column) {
        return columns[column].type;
    }

    /** Whether a column may not be null. */
    public boolean isRequired(int column) {
        return columns[column].required;
    }

    /** The position of the id column. */
    public int idColumn() {
        return idPos;
    }

    /** The position of the entity key column, or -1 (labels tables have none). */
    public int keyColumn() {
        return keyPos;
    }

    /** The position of the time column the table is partitioned by. */
    public int timeColumn() {
        return timePos;
    }

    /** The position of the label column. */
    public int labelColumn() {
        return labelPos;
    }

    /** Empties the batch, keeping its arrays for the next rows. */
    public void clear() {
        rows = 0;
        open = -1;
        for (Column c : columns) {
            c.bytesUsed = 0;
        }
    }

    // ---- building a row value by value ----

    /**
     * Starts a row: every column is unset (null) until set. A row started and not ended is dropped by the next
     * {@code beginRow}, {@link #cancelRow()} or {@link #clear()}.
     */
    public void beginRow() {
        if (open >= 0) {
            cancelRow();
        }
        ensureCapacity(rows + 1);
        open = rows;
        for (Column c : columns) {
            c.mark = c.bytesUsed;
            c.nulls[open] = true;
        }
    }

    /**
     * Sets a string column of the row being built to {@code length} UTF-8 bytes of {@code utf8} from {@code offset}
     * (copied; the caller's array is not kept).
     */
    public void setString(int column, byte[] utf8, int offset, int length) {
        Column c = settable(column, ColumnType.STRING);
        Objects.checkFromIndexSize(offset, length, utf8.length);
        int at = c.reserve(length);
        System.arraycopy(utf8, offset, c.bytes, at, length);
        c.starts[open] = at;
        c.lengths[open] = length;
        c.nulls[open] = false;
    }

    /** Sets a string column of the row being built; null sets it to null. */
    public void setString(int column, String value) {
        if (value == null) {
            setNull(column);
            return;
        }
        byte[] b = value.getBytes(StandardCharsets.UTF_8);
        setString(column, b, 0, b.length);
    }

    /** Sets a long column of the row being built. */
    public void setLong(int column, long value) {
        Column c = settable(column, ColumnType.LONG);
        c.longs[open] = value;
        c.nulls[open] = false;
    }

    /** Sets a double column of the row being built (any double: NaN and both zeros are kept as they are). */
    public void setDouble(int column, double value) {
        Column c = settable(column, ColumnType.DOUBLE);
        c.doubles[open] = value;
        c.nulls[open] = false;
    }

    /** Sets a boolean column of the row being built. */
    public void setBoolean(int column, boolean value) {
        Column c = settable(column, ColumnType.BOOLEAN);
        c.longs[open] = value ? 1 : 0;
        c.nulls[open] = false;
    }

    /** Sets a timestamp column of the row being built, in microseconds since the epoch (UTC). */
    public void setTimestampMicros(int column, long micros) {
        Column c = settable(column, ColumnType.TIMESTAMP);
        c.longs[open] = micros;
        c.nulls[open] = false;
    }

    /** Sets a column of the row being built back to null (whether it may stay null is checked by {@link #endRow}). */
    public void setNull(int column) {
        if (open < 0) {
            throw new IllegalStateException("no row is being built: call beginRow() first");
        }
        columns[column].nulls[open] = true;
    }

    /**
     * Adds the row being built to the batch.
     *
     * @throws MlcycleException {@link Reason#SCHEMA_MISMATCH} if a required column is null (the row is dropped)
     */
    public void endRow() {
        if (open < 0) {
            throw new IllegalStateException("no row is being built: call beginRow() first");
        }
        for (int pos : required) {
            if (columns[pos].nulls[open]) {
                cancelRow();
                throw new MlcycleException(
                        Reason.SCHEMA_MISMATCH,
                        "row " + rows + ": column \"" + columns[pos].name + "\" of " + table
                                + " is required, got null");
            }
        }
        rows++;
        open = -1;
    }

    /** Drops the row being built, if any. */
    public void cancelRow() {
        if (open < 0) {
            return;
        }
        for (Column c : columns) {
            c.bytesUsed = c.mark;
        }
        open = -1;
    }

    private Column settable(int column, ColumnType type) {
        if (open < 0) {
            throw new IllegalStateException("no row is being built: call beginRow() first");
        }
        Column c = columns[column];
        if (c.type != type) {
            throw new IllegalArgumentException(
                    "column \"" + c.name + "\" of " + table + " holds " + c.type + " values, not " + type);
        }
        return c;
    }

    // ---- adding events ----

    /**
     * Adds the row of an event, converting values as {@link LakeTable#toRecord(FeatureEvent)} does.
     *
     * @throws MlcycleException {@link Reason#SCHEMA_MISMATCH} naming the event and field if a value does not fit its
     *     column, or a feature is not a column (nothing is added)
     * @throws IllegalStateException on a labels table
     */
    public void add(FeatureEvent e) {
        if (layout.kind() != TableKind.EVENTS) {
            throw new IllegalStateException(
                    table + " is a " + layout.kind().tableName() + " table: it takes LabelEvents, not FeatureEvents");
        }
        beginRow();
        try {
            setString(idPos, e.id());
            setString(keyPos, e.key());
            setTimestampMicros(timePos, micros(e.timestamp()));
            for (Map.Entry<String, Object> f : e.features().entrySet()) {
                Integer pos = byName.get(f.getKey());
                if (pos == null || pos == idPos || pos == keyPos || pos == timePos || pos == labelPos) {
                    throw new MlcycleException(
                            Reason.SCHEMA_MISMATCH,
                            "event \"" + e.id() + "\": feature \"" + f.getKey() + "\" is not a column of " + table
                                    + "; expected one of " + layout.featureColumns());
                }
                setValue(e.id(), pos, f.getValue());
            }
            if (e.label() != null) {
                setValue(e.id(), labelPos, e.label());
            }
            endRow();
        } catch (RuntimeException ex) {
            cancelRow();
            throw ex;
        }
    }

    /**
     * Adds the row of a label, as {@link LakeTable#toRecord(LabelEvent)} does.
     *
     * @throws MlcycleException {@link Reason#SCHEMA_MISMATCH} if the label does not fit its column
     * @throws IllegalStateException on an events table
     */
    public void add(LabelEvent e) {
        if (layout.kind() != TableKind.LABELS) {
            throw new IllegalStateException(
                    table + " is a " + layout.kind().tableName() + " table: it takes FeatureEvents, not LabelEvents");
        }
        beginRow();
        try {
            setString(idPos, e.id());
            setValue(e.id(), labelPos, e.label());
            setTimestampMicros(timePos, micros(e.labelTime()));
            endRow();
        } catch (RuntimeException ex) {
            cancelRow();
            throw ex;
        }
    }

    private void setValue(String id, int pos, Object v) {
        if (v == null) {
            setNull(pos);
            return;
        }
        Column c = columns[pos];
        Object converted =
                RowMapper.convert(table, id, c.name, schema.columns().get(pos).type(), v);
        switch (c.type) {
            case STRING -> setString(pos, (String) converted);
            case LONG -> setLong(pos, (Long) converted);
            case DOUBLE -> setDouble(pos, (Double) converted);
            case BOOLEAN -> setBoolean(pos, (Boolean) converted);
            case TIMESTAMP -> throw new IllegalStateException(
                    "column \"" + c.name + "\" of " + table + " is a timestamp, which events do not fill");
        }
    }

    /** Microseconds since the epoch, rounded down (as the partition of the row is computed). */
    public static long micros(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
    }

    // ---- reading ----

    /** Whether a value of an added row is null. */
    public boolean isNull(int row, int column) {
        return columns[column].nulls[checkRow(row)];
    }

    /** A string value, decoded; null if null. */
    public String getString(int row, int column) {
        Column c = columns[column];
        checkRow(row);
        requireType(c, ColumnType.STRING);
        return c.nulls[row] ? null : new String(c.bytes, c.starts[row], c.lengths[row], StandardCharsets.UTF_8);
    }

    /** A long value of an added row (undefined if null: ask {@link #isNull} first). */
    public long getLong(int row, int column) {
        Column c = columns[column];
        requireType(c, ColumnType.LONG);
        return c.longs[checkRow(row)];
    }

    /** A double value of an added row (undefined if null: ask {@link #isNull} first). */
    public double getDouble(int row, int column) {
        Column c = columns[column];
        requireType(c, ColumnType.DOUBLE);
        return c.doubles[checkRow(row)];
    }

    /** A boolean value of an added row (undefined if null: ask {@link #isNull} first). */
    public boolean getBoolean(int row, int column) {
        Column c = columns[column];
        requireType(c, ColumnType.BOOLEAN);
        return c.longs[checkRow(row)] != 0;
    }

    /** A time of an added row in microseconds since the epoch (undefined if null: ask {@link #isNull} first). */
    public long getTimestampMicros(int row, int column) {
        Column c = columns[column];
        requireType(c, ColumnType.TIMESTAMP);
        return c.longs[checkRow(row)];
    }

    /**
     * Whether the string value of a row equals {@code length} bytes of {@code utf8} from {@code offset} (false if
     * null).
     */
    public boolean stringEquals(int row, int column, byte[] utf8, int offset, int length) {
        Column c = columns[column];
        requireType(c, ColumnType.STRING);
        checkRow(row);
        return !c.nulls[row]
                && c.lengths[row] == length
                && Arrays.equals(c.bytes, c.starts[row], c.starts[row] + length, utf8, offset, offset + length);
    }

    /** A row as a generic record of the batch's schema, the same as {@link LakeTable#toRecord} makes. */
    public Record toRecord(int row) {
        checkRow(row);
        GenericRecord r = GenericRecord.create(schema);
        for (int i = 0; i < columns.length; i++) {
            r.set(i, value(row, i));
        }
        return r;
    }

    /** A value as the generic records of the table hold it (times as UTC {@link OffsetDateTime}). */
    Object value(int row, int column) {
        Column c = columns[column];
        if (c.nulls[row]) {
            return null;
        }
        return switch (c.type) {
            case STRING -> new String(c.bytes, c.starts[row], c.lengths[row], StandardCharsets.UTF_8);
            case LONG -> c.longs[row];
            case DOUBLE -> c.doubles[row];
            case BOOLEAN -> c.longs[row] != 0;
            case TIMESTAMP -> timeValue(column, c.longs[row]);
        };
    }

    private Object timeValue(int column, long micros) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(
                Math.floorDiv(micros, 1_000_000L), (int) Math.floorMod(micros, 1_000_000L) * 1_000, ZoneOffset.UTC);
        Type type = schema.columns().get(column).type();
        return ((Types.TimestampType) type).shouldAdjustToUTC() ? OffsetDateTime.of(t, ZoneOffset.UTC) : t;
    }

    private int checkRow(int row) {
        return Objects.checkIndex(row, rows);
    }

    private void requireType(Column c, ColumnType type) {
        if (c.type != type) {
            throw new IllegalArgumentException(
                    "column \"" + c.name + "\" of " + table + " holds " + c.type + " values, not " + type);
        }
    }

    // ---- for the writer ----

    Column column(int i) {
        return columns[i];
    }

    TableLayout layout() {
        return layout;
    }

    private void ensureCapacity(int n) {
        if (n <= capacity) {
            return;
        }
        int cap = Math.max(n, Math.max(INITIAL_ROWS, capacity + (capacity >> 1)));
        for (Column c : columns) {
            c.grow(cap);
        }
        capacity = cap;
    }

    /** One column's values. Package-private for {@link TableWriter}; read, never written, from outside the batch. */
    static final class Column {
        final String name;
        final ColumnType type;
        final boolean required;
        boolean[] nulls = new boolean[0];
        /** LONG, BOOLEAN (0/1) and TIMESTAMP values. */
        long[] longs;

        double[] doubles;
        /** STRING: the bytes of all values, and where each row's value starts and how long it is. */
        byte[] bytes;

        int[] starts;
        int[] lengths;
        int bytesUsed;
        int mark;

        Column(String name, ColumnType type, boolean required) {
            this.name = name;
            this.type = type;
            this.required = required;
            switch (type) {
                case STRING -> {
                    bytes = new byte[4096];
                    starts = new int[0];
                    lengths = new int[0];
                }
                case DOUBLE -> doubles = new double[0];
                default -> longs = new long[0];
            }
        }

        void grow(int cap) {
            nulls = Arrays.copyOf(nulls, cap);
            switch (type) {
                case STRING -> {
                    starts = Arrays.copyOf(starts, cap);
                    lengths = Arrays.copyOf(lengths, cap);
                }
                case DOUBLE -> doubles = Arrays.copyOf(doubles, cap);
                default -> longs = Arrays.copyOf(longs, cap);
            }
        }

        /** Room for {@code n} more bytes; returns where they go. */
        int reserve(int n) {
            int at = bytesUsed;
            int need = at + n;
            if (need < 0) {
                throw new IllegalStateException("column \"" + name + "\" holds more than 2 GiB of strings");
            }
            if (need > bytes.length) {
                long cap = Math.max(need, (long) bytes.length + (bytes.length >> 1));
                bytes = Arrays.copyOf(bytes, (int) Math.min(cap, Integer.MAX_VALUE - 16));
            }
            bytesUsed = need;
            return at;
        }
    }
}
