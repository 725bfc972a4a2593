package dev.mlcycle.lake;

import dev.mlcycle.lake.RowBatch.Column;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.iceberg.NullOrder;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortDirection;
import org.apache.iceberg.SortField;
import org.apache.iceberg.SortOrder;

/**
 * The order of {@link RecordOrder} over the rows of a {@link RowBatch}, by row number: the table's sort order
 * (identity transforms on top-level columns), then the id column ascending, nulls first. Strings compare by their
 * UTF-8 bytes, unsigned, which is code point order (the order of {@link RecordOrder} and of Parquet's statistics);
 * doubles as {@link Double#compare}; times by microsecond. A string column with few distinct values (a category, a
 * region) is ranked first, one hash lookup per row, and then compared by rank.
 *
 * <p>{@link #sort} sorts by a 64-bit prefix key per row first (the leading sort columns packed into as few bits as
 * the rows being sorted need, see {@link #prefixes}) and compares rows column by column only when their prefixes tie.
 * The prefixes keep the order: a smaller prefix means an earlier row, so the result is the comparator's.
 */
final class BatchOrder implements IntSort.IntComparator {
    private final Key[] keys;

    private BatchOrder(Key[] keys) {
        this.keys = keys;
    }

    /** The order of {@code sortOrder} over rows of {@code batch}, then {@code tieBreak}. */
    static BatchOrder of(RowBatch batch, SortOrder sortOrder, String tieBreak) {
        Schema schema = batch.schema();
        List<Key> keys = new ArrayList<>();
        List<Integer> used = new ArrayList<>();
        for (SortField f : sortOrder.fields()) {
            if (!f.transform().isIdentity()) {
                throw new IllegalStateException("sort field " + f + " uses the transform " + f.transform()
                        + "; mlcycle orders records by identity sort fields only");
            }
            String name = schema.findColumnName(f.sourceId());
            int pos = batch.findColumn(name);
            if (pos < 0) {
                throw new IllegalStateException(
                        "sort column \"" + name + "\" is not a top-level column of " + batch.table());
            }
            keys.add(key(batch, pos, f.direction() == SortDirection.DESC, f.nullOrder() == NullOrder.NULLS_FIRST));
            used.add(pos);
        }
        if (tieBreak != null) {
            int pos = batch.columnIndex(tieBreak);
            if (!used.contains(pos)) {
                keys.add(key(batch, pos, false, true));
            }
        }
        return new BatchOrder(keys.toArray(Key[]::new));
    }

    private static Key key(RowBatch batch, int pos, boolean descending, boolean nullsFirst) {
        Column c = batch.column(pos);
        int[] ranks = c.type == RowBatch.ColumnType.STRING ? StringRanks.of(c, batch.size(), MAX_RANKED) : null;
        return new Key(c, ranks, descending, nullsFirst);
    }

    /** Distinct values up to which a string column is compared by rank instead of by bytes. */
    static final int MAX_RANKED = 1 << 12;

    @Override
    public int compare(int a, int b) {
        for (Key k : keys) {
            Column c = k.column;
            boolean na = c.nulls[a];
            boolean nb = c.nulls[b];
            if (na || nb) {
                if (na && nb) {
                    continue;
                }
                return na == k.nullsFirst ? -1 : 1;
            }
            int[] ranks = k.ranks;
            int r = ranks != null
                    ? Integer.compare(ranks[a], ranks[b])
                    : switch (c.type) {
                        case STRING -> Arrays.compareUnsigned(
                                c.bytes,
                                c.starts[a],
                                c.starts[a] + c.lengths[a],
                                c.bytes,
                                c.starts[b],
                                c.starts[b] + c.lengths[b]);
                        case DOUBLE -> Double.compare(c.doubles[a], c.doubles[b]);
                        case LONG, TIMESTAMP, BOOLEAN -> Long.compare(c.longs[a], c.longs[b]);
                    };
            if (r != 0) {
                return k.descending ? -r : r;
            }
        }
        return 0;
    }

    /**
     * @param ranks for a string column of few distinct values, each row's rank among them (byte order), so that
     *     comparing two rows compares two ints; null to compare the bytes
     */
    private record Key(Column column, int[] ranks, boolean descending, boolean nullsFirst) {}

    /** Sorts row numbers {@code rows[from, to)} by this order, stably. */
    void sort(int[] rows, int from, int to) {
        if (to - from < 2) {
            return;
        }
        long[] prefix = prefixes(rows, from, to);
        IntSort.sort(rows, prefix, from, to, this);
    }

    /**
     * For each row of {@code rows[from, to)}, an unsigned 64-bit key that orders like the rows: the sort columns one
     * after the other, each as a null flag (only if the range has nulls) and its value shifted to the range's minimum
     * in as many bits as the range's spread needs (a rank for ranked strings; for other strings the bytes after the
     * range's common prefix), descending columns inverted, until the 64 bits are used up; the last column that fits
     * only partly contributes its top bits. Equal prefixes say nothing; unequal ones decide.
     */
    long[] prefixes(int[] rows, int from, int to) {
        int n = to - from;
        long[] prefix = new long[n];
        int free = 64;
        for (Key k : keys) {
            if (free == 0) {
                break;
            }
            Column c = k.column;
            boolean anyNull = false;
            for (int i = from; i < to; i++) {
                if (c.nulls[rows[i]]) {
                    anyNull = true;
                    break;
                }
            }
            if (anyNull) {
                // one bit: 0 sorts first
                free--;
                for (int i = 0; i < n; i++) {
                    boolean isNull = c.nulls[rows[from + i]];
                    prefix[i] |= (isNull == k.nullsFirst ? 0L : 1L) << free;
                }
                if (free == 0) {
                    break;
                }
            }
            free = k.ranks != null
                    ? packRanks(k, rows, from, to, prefix, free)
                    : switch (c.type) {
                        case STRING -> packBytes(k, rows, from, to, prefix, free);
                        case DOUBLE, LONG, TIMESTAMP, BOOLEAN -> packNumbers(k, rows, from, to, prefix, free);
                    };
            if (free < 0) {
                break; // the column did not fit whole: later columns cannot count
            }
        }
        return prefix;
    }

    /** A number's bits in an order that compares as unsigned longs like the values do. */
    private static long orderedBits(Column c, int row) {
        return switch (c.type) {
            case DOUBLE -> {
                long bits =
                        Double.doubleToLongBits(c.doubles[row]); // NaNs collapse to one, as Double.compare sees them
                yield bits ^ ((bits >> 63) | Long.MIN_VALUE);
            }
            default -> c.longs[row] ^ Long.MIN_VALUE;
        };
    }

    private static int packNumbers(Key k, int[] rows, int from, int to, long[] prefix, int free) {
        Column c = k.column;
        long min = -1L; // unsigned max
        long max = 0;
        for (int i = from; i < to; i++) {
            int r = rows[i];
            if (!c.nulls[r]) {
                long v = orderedBits(c, r);
                if (Long.compareUnsigned(v, min) < 0) {
                    min = v;
                }
                if (Long.compareUnsigned(v, max) > 0) {
                    max = v;
                }
            }
        }
        if (Long.compareUnsigned(min, max) > 0) {
            return free; // only nulls
        }
        long spread = max - min;
        int bits = 64 - Long.numberOfLeadingZeros(spread);
        for (int i = from; i < to; i++) {
            int r = rows[i];
            if (c.nulls[r]) {
                continue;
            }
            long v = orderedBits(c, r) - min;
            if (k.descending) {
                v = spread - v;
            }
            prefix[i - from] |= place(v, bits, free);
        }
        return free - bits;
    }

    private static int packRanks(Key k, int[] rows, int from, int to, long[] prefix, int free) {
        int maxRank = 0;
        for (int i = from; i < to; i++) {
            maxRank = Math.max(maxRank, k.ranks[rows[i]]);
        }
        int bits = 32 - Integer.numberOfLeadingZeros(maxRank);
        for (int i = from; i < to; i++) {
            int r = rows[i];
            if (k.column.nulls[r]) {
                continue;
            }
            long v = k.ranks[r];
            if (k.descending) {
                v = maxRank - v;
            }
            prefix[i - from] |= place(v, bits, free);
        }
        return free - bits;
    }

    /** Strings: the bytes after the range's common prefix, as many as fit; always partial (ties compare in full). */
    private static int packBytes(Key k, int[] rows, int from, int to, long[] prefix, int free) {
        Column c = k.column;
        int first = -1;
        int common = Integer.MAX_VALUE;
        for (int i = from; i < to; i++) {
            int r = rows[i];
            if (c.nulls[r]) {
                continue;
            }
            if (first < 0) {
                first = r;
                common = c.lengths[r];
                continue;
            }
            int len = Math.min(common, c.lengths[r]);
            int m = Arrays.mismatch(
                    c.bytes, c.starts[first], c.starts[first] + len, c.bytes, c.starts[r], c.starts[r] + len);
            common = m < 0 ? len : m;
        }
        if (first < 0) {
            return free;
        }
        int bytes = free / 8;
        for (int i = from; i < to; i++) {
            int r = rows[i];
            if (c.nulls[r]) {
                continue;
            }
            long v = 0;
            int start = c.starts[r] + common;
            int len = c.lengths[r] - common;
            for (int b = 0; b < bytes; b++) {
                v = (v << 8) | (b < len ? c.bytes[start + b] & 0xff : 0);
            }
            if (k.descending) {
                v = ~v & (bytes == 8 ? -1L : (1L << (bytes * 8)) - 1);
            }
            prefix[i - from] |= place(v, bytes * 8, free);
        }
        return -1; // a byte prefix never decides ties: nothing after it may count
    }

    /** {@code v} of {@code bits} bits placed in the {@code free} low bits left, its top bits if it does not fit. */
    private static long place(long v, int bits, int free) {
        if (bits == 0) {
            return 0;
        }
        return bits <= free ? v << (free - bits) : v >>> (bits - free);
    }
}
