package dev.mlcycle.ingest.service;

import dev.mlcycle.contracts.record.OffsetRange;
import dev.mlcycle.lake.RowBatch;
import dev.mlcycle.lake.SourcePartition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.function.ToLongFunction;

/**
 * The records a pipeline has read since its last hand-off to the writer: the valid rows (columnar, in a {@link
 * RowBatch}), the ids seen (duplicates within a batch are rejected), the dead letters sent for the rejected ones, and
 * per topic partition the first offset read. Owned by the consumer thread until handed off, then by the committer
 * thread; never shared.
 */
final class Batch {
    private final RowBatch rows;
    private final IdSet ids;
    private final Map<Integer, Long> firstOffsets = new LinkedHashMap<>();
    private final List<Future<?>> deadLetters = new ArrayList<>();
    private long records;
    private long bytes;
    private long firstAtNanos;
    private long lastAtNanos;
    private int lastPartition = -1;

    /**
     * @param rows where valid rows go; empty
     * @param trackIds whether ids are remembered for {@link #claimId} (tables that reject duplicate ids)
     */
    Batch(RowBatch rows, boolean trackIds) {
        if (!rows.isEmpty()) {
            throw new IllegalArgumentException("a new batch needs an empty row batch, got " + rows.size() + " rows");
        }
        this.rows = rows;
        this.ids = trackIds ? new IdSet(rows) : null;
    }

    /** Notes one record read, valid or not. */
    void read(int partition, long offset, int valueBytes, long nowNanos) {
        if (records == 0) {
            firstAtNanos = nowNanos;
        }
        records++;
        bytes += valueBytes;
        lastAtNanos = nowNanos;
        if (partition != lastPartition) {
            firstOffsets.putIfAbsent(partition, offset);
            lastPartition = partition;
        }
    }

    /** The valid rows so far. */
    RowBatch rows() {
        return rows;
    }

    /**
     * Claims an id for the row about to be added (the next row of {@link #rows()}): false if a row of the batch
     * already has it (compared as UTF-8 bytes, which is how ids land in the table). Always true if ids are not
     * tracked. Call it once every other check of the record has passed, and add the row right after.
     *
     * @param utf8 holds the id's bytes
     * @param from where they start
     * @param length how many
     */
    boolean claimId(byte[] utf8, int from, int length) {
        return ids == null || ids.claim(utf8, from, length, rows.size());
    }

    void deadLetter(Future<?> sent) {
        deadLetters.add(sent);
    }

    List<Future<?>> deadLetters() {
        return deadLetters;
    }

    long records() {
        return records;
    }

    long bytes() {
        return bytes;
    }

    long firstAtNanos() {
        return firstAtNanos;
    }

    long lastAtNanos() {
        return lastAtNanos;
    }

    boolean isEmpty() {
        return records == 0;
    }

    /**
     * The offset ranges the batch covers: per partition read, from the next offset after the previous batch (or,
     * for a partition the lake has never seen, the first offset read) to the consumer's position now.
     *
     * @param topic the topic read
     * @param nextFrom the next offset after the previous batch, per partition; updated to the new ends
     * @param position the consumer's position of a partition
     */
    List<OffsetRange> ranges(String topic, Map<SourcePartition, Long> nextFrom, ToLongFunction<Integer> position) {
        List<OffsetRange> ranges = new ArrayList<>(firstOffsets.size());
        for (Map.Entry<Integer, Long> e : firstOffsets.entrySet()) {
            SourcePartition sp = new SourcePartition(topic, e.getKey());
            long from = nextFrom.getOrDefault(sp, e.getValue());
            long until = position.applyAsLong(e.getKey());
            if (until < from) {
                throw new IllegalStateException(topic + "-" + e.getKey() + ": consumer position " + until
                        + " is before the batch's first offset " + from);
            }
            ranges.add(new OffsetRange(topic, e.getKey(), from, until));
            nextFrom.put(sp, until);
        }
        return ranges;
    }

    /**
     * The ids of a batch's rows, by row number, in an open-addressing hash table over the id column's bytes: no
     * String and no boxed key per row. Two ids are the same when their UTF-8 bytes are, which is how they land in
     * the table. A slot holds an id's hash and its row in one long, so a probe costs one memory access.
     */
    static final class IdSet {
        private final RowBatch rows;
        private final int idColumn;
        /** Per slot: the hash in the high half, 1 + the row in the low half; 0 for empty. */
        private long[] slots = new long[1 << 12];

        private int size;

        IdSet(RowBatch rows) {
            this.rows = rows;
            this.idColumn = rows.idColumn();
        }

        /** Adds the id for row {@code row} unless a row already has it; false if one does. */
        boolean claim(byte[] utf8, int from, int length, int row) {
            int h = hash(utf8, from, length);
            int mask = slots.length - 1;
            int s = h & mask;
            for (long e = slots[s]; e != 0; e = slots[s = (s + 1) & mask]) {
                if ((int) (e >>> 32) == h && rows.stringEquals((int) e - 1, idColumn, utf8, from, length)) {
                    return false;
                }
            }
            if ((size + 1) * 2 > slots.length) {
                grow();
                insert(pack(h, row));
            } else {
                slots[s] = pack(h, row);
            }
            size++;
            return true;
        }

        private static long pack(int h, int row) {
            return ((long) h << 32) | (row + 1L);
        }

        private void insert(long entry) {
            int mask = slots.length - 1;
            int s = (int) (entry >>> 32) & mask;
            while (slots[s] != 0) {
                s = (s + 1) & mask;
            }
            slots[s] = entry;
        }

        private void grow() {
            long[] old = slots;
            slots = new long[old.length * 2];
            for (long e : old) {
                if (e != 0) {
                    insert(e);
                }
            }
        }

        static int hash(byte[] b, int from, int length) {
            int h = 1;
            for (int i = from; i < from + length; i++) {
                h = 31 * h + b[i];
            }
            return h ^ (h >>> 16) ^ (h >>> 7);
        }
    }
}
