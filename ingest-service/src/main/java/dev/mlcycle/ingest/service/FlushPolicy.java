package dev.mlcycle.ingest.service;

import java.time.Duration;

/**
 * When the records a pipeline has buffered become a lake commit. Whichever comes first: the stream has been idle
 * for {@code idle} (so data is never stuck), the batch is {@code maxInterval} old (so a steady trickle still
 * commits), or the batch holds {@code maxRecords} records or {@code maxBytes} bytes of values (so memory stays
 * bounded and files are large). Pure: times are {@link System#nanoTime()} readings passed in.
 *
 * @param idle commit once no record arrived for this long
 * @param maxInterval commit once the oldest buffered record is this old
 * @param maxRecords commit once this many records (valid or rejected) are buffered
 * @param maxBytes commit once the buffered values reach this many bytes
 */
public record FlushPolicy(Duration idle, Duration maxInterval, int maxRecords, long maxBytes) {

    /** Why a batch is committed now, or {@link #NOT_YET}. */
    public enum Trigger {
        NOT_YET,
        IDLE,
        INTERVAL,
        RECORDS,
        BYTES
    }

    /**
     * @param records records in the batch, valid or rejected; 0 means there is nothing to commit
     * @param bytes bytes of their values
     * @param firstAtNanos when the batch's first record arrived
     * @param lastAtNanos when its latest record arrived
     * @param nowNanos now
     */
    public Trigger due(long records, long bytes, long firstAtNanos, long lastAtNanos, long nowNanos) {
        if (records <= 0) {
            return Trigger.NOT_YET;
        }
        if (records >= maxRecords) {
            return Trigger.RECORDS;
        }
        if (bytes >= maxBytes) {
            return Trigger.BYTES;
        }
        if (nowNanos - firstAtNanos >= maxInterval.toNanos()) {
            return Trigger.INTERVAL;
        }
        if (nowNanos - lastAtNanos >= idle.toNanos()) {
            return Trigger.IDLE;
        }
        return Trigger.NOT_YET;
    }
}
