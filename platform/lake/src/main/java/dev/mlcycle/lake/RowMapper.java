package dev.mlcycle.lake;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.contracts.record.FeatureEvent;
import dev.mlcycle.contracts.record.LabelEvent;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types.NestedField;

/**
 * Turns events into Iceberg generic records of a table's schema. Values keep their spec type:
 * numeric as {@code Double}, integer as {@code Long}, categorical as {@code String}, boolean as
 * {@code Boolean}, times as UTC {@code OffsetDateTime}. A number of another Java type is widened
 * where that loses nothing; anything else is a {@link Reason#SCHEMA_MISMATCH} naming the event and
 * field.
 */
final class RowMapper {
    private final String table;
    private final TableLayout layout;
    private final GenericRecord template;
    private final int idPos;
    private final int keyPos;
    private final int timePos;
    private final int labelPos;
    private final Type labelType;
    private final Map<String, Column> features = new HashMap<>();

    RowMapper(String table, TableLayout layout) {
        this.table = table;
        this.layout = layout;
        this.template = GenericRecord.create(layout.schema());
        this.idPos = layout.position(layout.idColumn());
        this.keyPos = layout.keyColumn() == null ? -1 : layout.position(layout.keyColumn());
        this.timePos = layout.position(layout.timeColumn());
        this.labelPos = layout.position(layout.labelColumn());
        this.labelType = layout.schema().findType(layout.labelColumn());
        List<NestedField> columns = layout.schema().columns();
        for (String f : layout.featureColumns()) {
            int pos = layout.position(f);
            features.put(f, new Column(f, pos, columns.get(pos).type()));
        }
    }

    Record toRecord(FeatureEvent e) {
        if (layout.kind() != TableKind.EVENTS) {
            throw new IllegalStateException(
                    table + " is a " + layout.kind().tableName() + " table: it takes LabelEvents, not FeatureEvents");
        }
        GenericRecord r = template.copy();
        r.set(idPos, e.id());
        r.set(keyPos, e.key());
        r.set(timePos, utc(e.timestamp()));
        for (Map.Entry<String, Object> f : e.features().entrySet()) {
            Column c = features.get(f.getKey());
            if (c == null) {
                throw new MlcycleException(
                        Reason.SCHEMA_MISMATCH,
                        "event \"" + e.id() + "\": feature \"" + f.getKey() + "\" is not a column of " + table
                                + "; expected one of " + layout.featureColumns());
            }
            r.set(c.position, convert(table, e.id(), c.name, c.type, f.getValue()));
        }
        if (e.label() != null) {
            r.set(labelPos, convert(table, e.id(), layout.labelColumn(), labelType, e.label()));
        }
        return r;
    }

    Record toRecord(LabelEvent e) {
        if (layout.kind() != TableKind.LABELS) {
            throw new IllegalStateException(
                    table + " is a " + layout.kind().tableName() + " table: it takes FeatureEvents, not LabelEvents");
        }
        GenericRecord r = template.copy();
        r.set(idPos, e.id());
        r.set(labelPos, convert(table, e.id(), layout.labelColumn(), labelType, e.label()));
        r.set(timePos, utc(e.labelTime()));
        return r;
    }

    /** The instant in UTC. Not {@code OffsetDateTime.ofInstant}, which builds zone rules per call. */
    static OffsetDateTime utc(Instant t) {
        return OffsetDateTime.of(
                LocalDateTime.ofEpochSecond(t.getEpochSecond(), t.getNano(), ZoneOffset.UTC), ZoneOffset.UTC);
    }

    /**
     * A value converted to the Java type of its column, widened where that loses nothing.
     *
     * @throws MlcycleException {@link Reason#SCHEMA_MISMATCH} naming the event and field if it does not fit
     */
    static Object convert(String table, String id, String field, Type type, Object v) {
        if (v == null) {
            return null;
        }
        switch (type.typeId()) {
            case DOUBLE:
                if (v instanceof Double) {
                    return v;
                }
                if (v instanceof Number n) {
                    return n.doubleValue();
                }
                throw mismatch(table, id, field, "a number", v);
            case LONG:
                if (v instanceof Long) {
                    return v;
                }
                if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
                    return ((Number) v).longValue();
                }
                if (v instanceof Double d && d == Math.rint(d) && Math.abs(d) < 0x1p53) {
                    return d.longValue();
                }
                throw mismatch(table, id, field, "an integer", v);
            case STRING:
                if (v instanceof String) {
                    return v;
                }
                throw mismatch(table, id, field, "a string", v);
            case BOOLEAN:
                if (v instanceof Boolean) {
                    return v;
                }
                throw mismatch(table, id, field, "true or false", v);
            default:
                throw new IllegalStateException(
                        "column \"" + field + "\" of " + table + " has type " + type + ", which events do not fill");
        }
    }

    private static MlcycleException mismatch(String table, String id, String field, String expected, Object got) {
        return new MlcycleException(
                Reason.SCHEMA_MISMATCH,
                "event \"" + id + "\", field \"" + field + "\": " + table + " expects " + expected + ", got "
                        + got.getClass().getSimpleName() + " " + got);
    }

    private record Column(String name, int position, Type type) {}
}
