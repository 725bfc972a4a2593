package dev.mlcycle.lake;

import dev.mlcycle.lake.RowBatch.Column;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.TableProperties;

/**
 * Spots the columns of a file whose values are (nearly) all distinct, so the file writes them without a Parquet
 * dictionary. Parquet dictionary-encodes every column's first page and falls back to plain encoding when the
 * dictionary does not pay (the dictionary plus its indexes are not smaller than the plain values), re-encoding the
 * page; for an id, a timestamp or a money amount it always falls back, after hashing every value of the page into a
 * dictionary. Ingest files hold a day of one batch, often one or two pages, so most of their values go through that
 * attempt. The outcome is the same plain encoding Parquet falls back to, without the attempt.
 *
 * <p>The rule: among the first {@value #SAMPLE} rows of the file (in write order), at most {@value #MAX_REPEATS}
 * values repeat. A column whose distinct values are few enough for a dictionary to pay repeats far more often in such
 * a sample (a column of {@code d} equally likely values shows about {@code SAMPLE² / 2d} repeats, so a sample with at
 * most 20 has {@code d} above 100,000, more than a page has rows), so the dictionary is only skipped where Parquet
 * would have dropped it. Booleans are never dictionary-encoded and are left alone, as is any column whose dictionary
 * encoding the table sets explicitly ({@value #PROPERTY}{@code <column>}).
 */
final class DictionaryHint {
    /** Iceberg's per-column dictionary switch, followed by the column name. */
    static final String PROPERTY = TableProperties.PARQUET_DICT_ENCODING_ENABLED_COLUMN_PREFIX;
    /** Rows looked at. */
    static final int SAMPLE = 2048;
    /** Repeated values allowed among them for a column to go without a dictionary. */
    static final int MAX_REPEATS = 20;

    private DictionaryHint() {}

    /**
     * The columns to write without a dictionary in a file of rows {@code order[from, to)} of {@code batch}; none if
     * the file has fewer than {@value #SAMPLE} rows.
     */
    static List<String> plainColumns(RowBatch batch, int[] order, int from, int to, Map<String, String> tableProps) {
        if (to - from < SAMPLE) {
            return List.of();
        }
        List<String> plain = new ArrayList<>();
        long[] table = new long[SAMPLE * 4];
        boolean[] used = new boolean[table.length];
        for (int c = 0; c < batch.columnCount(); c++) {
            Column col = batch.column(c);
            if (col.type == RowBatch.ColumnType.BOOLEAN || tableProps.containsKey(PROPERTY + col.name)) {
                continue;
            }
            if (repeats(col, order, from, table, used) <= MAX_REPEATS) {
                plain.add(col.name);
            }
        }
        return plain;
    }

    /**
     * How many of the sampled rows repeat a value seen before among them (nulls count as one value), stopping once
     * past {@value #MAX_REPEATS}. Values are compared by a 64-bit fingerprint: their bits (numbers, times) or a hash
     * of their bytes (strings), which can only make distinct values look equal, that is, keep a dictionary.
     */
    private static int repeats(Column col, int[] order, int from, long[] table, boolean[] used) {
        Arrays.fill(used, false);
        int mask = table.length - 1;
        int repeats = 0;
        boolean sawNull = false;
        for (int i = from; i < from + SAMPLE; i++) {
            int row = order[i];
            if (col.nulls[row]) {
                if (sawNull && ++repeats > MAX_REPEATS) {
                    return repeats;
                }
                sawNull = true;
                continue;
            }
            long v =
                    switch (col.type) {
                        case DOUBLE -> Double.doubleToLongBits(col.doubles[row]);
                        case STRING -> fingerprint(col.bytes, col.starts[row], col.lengths[row]);
                        default -> col.longs[row];
                    };
            int slot = (int) mix(v) & mask;
            while (used[slot] && table[slot] != v) {
                slot = (slot + 1) & mask;
            }
            if (used[slot]) {
                if (++repeats > MAX_REPEATS) {
                    return repeats;
                }
            } else {
                used[slot] = true;
                table[slot] = v;
            }
        }
        return repeats;
    }

    private static long fingerprint(byte[] b, int from, int len) {
        long h = 0xcbf29ce484222325L; // FNV-1a, 64 bits
        for (int i = from; i < from + len; i++) {
            h ^= b[i] & 0xff;
            h *= 0x100000001b3L;
        }
        return h ^ len;
    }

    private static long mix(long v) {
        v ^= v >>> 33;
        v *= 0xff51afd7ed558ccdL;
        v ^= v >>> 33;
        return v;
    }
}
