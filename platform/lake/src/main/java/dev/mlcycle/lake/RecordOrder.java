package dev.mlcycle.lake;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.iceberg.NullOrder;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortDirection;
import org.apache.iceberg.SortField;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Comparators;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.types.Types.NestedField;

/**
 * Orders generic records by an Iceberg sort order (identity transforms on top-level columns), then
 * by a tie-break column, so that the order is total. Strings compare by code point, which is the
 * order of their UTF-8 bytes and so of Parquet's column statistics.
 */
final class RecordOrder implements Comparator<Record> {
    private final Key[] keys;
    private final String description;

    private RecordOrder(List<Key> keys) {
        this.keys = keys.toArray(Key[]::new);
        List<String> names = new ArrayList<>();
        keys.forEach(k -> names.add(k.name + (k.descending ? " desc" : "")));
        this.description = String.join(", ", names);
    }

    /**
     * The order of {@code sortOrder} over records of {@code schema}, then {@code tieBreak} ascending
     * if the order does not already end on it.
     */
    static RecordOrder of(Schema schema, SortOrder sortOrder, String tieBreak) {
        List<Key> keys = new ArrayList<>();
        List<String> used = new ArrayList<>();
        for (SortField f : sortOrder.fields()) {
            if (!f.transform().isIdentity()) {
                throw new IllegalStateException("sort field " + f + " uses the transform " + f.transform()
                        + "; mlcycle orders records by identity sort fields only");
            }
            String name = schema.findColumnName(f.sourceId());
            keys.add(key(schema, name, f.direction() == SortDirection.DESC, f.nullOrder() == NullOrder.NULLS_FIRST));
            used.add(name);
        }
        if (tieBreak != null && !used.contains(tieBreak)) {
            keys.add(key(schema, tieBreak, false, true));
        }
        return new RecordOrder(keys);
    }

    private static Key key(Schema schema, String name, boolean desc, boolean nullsFirst) {
        List<NestedField> columns = schema.columns();
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(name)) {
                return new Key(name, i, comparatorFor(columns.get(i).type(), name), desc, nullsFirst);
            }
        }
        throw new IllegalStateException("sort column \"" + name + "\" is not a top-level column of " + schema);
    }

    @SuppressWarnings("unchecked")
    private static Comparator<Object> comparatorFor(Type type, String name) {
        Comparator<?> c =
                switch (type.typeId()) {
                    case STRING -> Comparators.charSequences();
                    case DOUBLE -> Comparator.<Double>naturalOrder();
                    case FLOAT -> Comparator.<Float>naturalOrder();
                    case LONG -> Comparator.<Long>naturalOrder();
                    case INTEGER -> Comparator.<Integer>naturalOrder();
                    case BOOLEAN -> Comparator.<Boolean>naturalOrder();
                    case DATE -> Comparator.<LocalDate>naturalOrder();
                    case TIMESTAMP -> ((Types.TimestampType) type).shouldAdjustToUTC()
                            ? OffsetDateTime.timeLineOrder()
                            : Comparator.<LocalDateTime>naturalOrder();
                    default -> throw new IllegalStateException(
                            "cannot sort by column \"" + name + "\" of type " + type);
                };
        return (Comparator<Object>) c;
    }

    @Override
    public int compare(Record a, Record b) {
        for (Key k : keys) {
            Object x = a.get(k.position);
            Object y = b.get(k.position);
            if (x == y) {
                continue;
            }
            if (x == null) {
                return k.nullsFirst ? -1 : 1;
            }
            if (y == null) {
                return k.nullsFirst ? 1 : -1;
            }
            int c = k.comparator.compare(x, y);
            if (c != 0) {
                return k.descending ? -c : c;
            }
        }
        return 0;
    }

    @Override
    public String toString() {
        return description;
    }

    private record Key(
            String name, int position, Comparator<Object> comparator, boolean descending, boolean nullsFirst) {}
}
