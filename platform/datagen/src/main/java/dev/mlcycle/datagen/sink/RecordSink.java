package dev.mlcycle.datagen.sink;

import dev.mlcycle.datagen.GeneratedRecord;

/**
 * Where generated records go, in order. {@link #finish()} is called once after the last record and
 * returns only when everything accepted is durable (written, or acknowledged by Kafka); a failure is
 * thrown, never swallowed.
 */
public interface RecordSink extends AutoCloseable {

    /** Takes the next record; may throw if an earlier record failed. */
    void accept(GeneratedRecord record);

    /** Makes everything accepted durable; throws if anything failed. */
    void finish();

    /** Releases resources; records not finished may be lost. */
    @Override
    void close();
}
