package dev.mlcycle.lake;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.data.Record;

/**
 * A generic record seen in Iceberg's internal representation, as partition transforms want it:
 * timestamps as microseconds since the epoch, dates as days. Iceberg's {@code InternalRecordWrapper}
 * does the same through {@code ChronoUnit.between}, which costs about ten times as much per row.
 * Reused: {@link #wrap} and read, one row at a time.
 */
final class MicrosView implements StructLike {
    private Record row;

    MicrosView wrap(Record r) {
        this.row = r;
        return this;
    }

    @Override
    public int size() {
        return row.size();
    }

    // getNano() is the part of the second that toEpochSecond leaves out, which is what a timestamp needs.
    @Override
    @SuppressWarnings("JavaLocalDateTimeGetNano")
    public <T> T get(int pos, Class<T> javaClass) {
        Object v = row.get(pos);
        if (v instanceof OffsetDateTime t) {
            return javaClass.cast(
                    Math.addExact(Math.multiplyExact(t.toEpochSecond(), 1_000_000L), t.getNano() / 1_000));
        }
        if (v instanceof LocalDateTime t) {
            return javaClass.cast(Math.addExact(
                    Math.multiplyExact(t.toEpochSecond(ZoneOffset.UTC), 1_000_000L), t.getNano() / 1_000));
        }
        if (v instanceof LocalDate d) {
            return javaClass.cast((int) d.toEpochDay());
        }
        return javaClass.cast(v);
    }

    @Override
    public <T> void set(int pos, T value) {
        throw new UnsupportedOperationException("a read-only view");
    }
}
