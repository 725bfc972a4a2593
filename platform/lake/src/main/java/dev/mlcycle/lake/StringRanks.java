package dev.mlcycle.lake;

import dev.mlcycle.lake.RowBatch.Column;
import java.util.Arrays;

/**
 * Ranks the values of a string column of a {@link RowBatch}: each row's value gets its position among the column's
 * distinct values in unsigned byte order, so that rows compare by one int instead of by their bytes. Built with an
 * open-addressing hash table over the column's bytes; gives up (returns null) once there are more distinct values
 * than asked for, since ranking many distinct values costs a sort of its own.
 */
final class StringRanks {
    private StringRanks() {}

    /**
     * @param column a string column
     * @param rows the rows to rank, {@code [0, rows)}
     * @param maxDistinct the most distinct values worth ranking
     * @return the rank of each row's value (null values get 0: nulls are compared before ranks), or null if the
     *     column has more than {@code maxDistinct} distinct values among the rows
     */
    static int[] of(Column column, int rows, int maxDistinct) {
        int slots = Integer.highestOneBit(Math.max(16, maxDistinct * 2)) << 1;
        int mask = slots - 1;
        int[] table = new int[slots]; // 1 + a representative row of each distinct value, 0 for empty
        int[] distinctRows = new int[maxDistinct];
        int distinct = 0;
        int[] ids = new int[rows];
        byte[] b = column.bytes;
        int[] starts = column.starts;
        int[] lengths = column.lengths;
        boolean[] nulls = column.nulls;
        for (int r = 0; r < rows; r++) {
            if (nulls[r]) {
                ids[r] = -1;
                continue;
            }
            int from = starts[r];
            int len = lengths[r];
            int h = hash(b, from, len);
            int slot = h & mask;
            while (true) {
                int t = table[slot];
                if (t == 0) {
                    if (distinct == maxDistinct) {
                        return null;
                    }
                    distinctRows[distinct] = r;
                    table[slot] = distinct + 1;
                    ids[r] = distinct++;
                    break;
                }
                int other = distinctRows[t - 1];
                if (lengths[other] == len
                        && Arrays.equals(b, starts[other], starts[other] + len, b, from, from + len)) {
                    ids[r] = t - 1;
                    break;
                }
                slot = (slot + 1) & mask;
            }
        }
        // Order the distinct values by their bytes; a value's rank is its place in that order.
        Integer[] order = new Integer[distinct];
        for (int i = 0; i < distinct; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> {
            int rx = distinctRows[x];
            int ry = distinctRows[y];
            return Arrays.compareUnsigned(
                    b, starts[rx], starts[rx] + lengths[rx], b, starts[ry], starts[ry] + lengths[ry]);
        });
        int[] rankOf = new int[distinct];
        for (int i = 0; i < distinct; i++) {
            rankOf[order[i]] = i;
        }
        for (int r = 0; r < rows; r++) {
            ids[r] = ids[r] < 0 ? 0 : rankOf[ids[r]];
        }
        return ids;
    }

    private static int hash(byte[] b, int from, int len) {
        int h = 1;
        for (int i = from, end = from + len; i < end; i++) {
            h = 31 * h + b[i];
        }
        return h ^ (h >>> 16);
    }
}
