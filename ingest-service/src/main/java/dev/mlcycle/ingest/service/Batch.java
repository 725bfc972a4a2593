package dev.mlcycle.ingest.service;

import dev.mlcycle.contracts.record.OffsetRange;
import dev.mlcycle.lake.SourcePartition;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.function.ToLongFunction;
import org.apache.iceberg.data.Record;

/**
 * The records a pipeline has read since its last hand-off to the writer: the valid rows, the ids seen (duplicates
 * within a batch are rejected), the dead letters sent for the rejected ones, and per topic partition the first
 * offset read. Owned by the consumer thread until handed off, then by the committer thread; never shared.
 */
final class Batch {
    private final List<Record> rows = new ArrayList<>();
    private final Set<String> ids = new HashSet<>();
    private final Map<Integer, Long> firstOffsets = new LinkedHashMap<>();
    private final List<Future<?>> deadLetters = new ArrayList<>();
    private long records;
    private long bytes;
    private long firstAtNanos;
    private long lastAtNanos;

    /** Notes one record read, valid or not. */
    void read(int partition, long offset, int valueBytes, long nowNanos) {
        if (records == 0) {
            firstAtNanos = nowNanos;
        }
        records++;
        bytes += valueBytes;
        lastAtNanos = nowNanos;
        firstOffsets.putIfAbsent(partition, offset);
    }

    /** @return false if a record with this id is already in the batch */
    boolean claimId(String id) {
        return ids.add(id);
    }

    void add(Record row) {
        rows.add(row);
    }

    void deadLetter(Future<?> sent) {
        deadLetters.add(sent);
    }

    List<Record> rows() {
        return rows;
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
}
