package dev.mlcycle.training.adapter;

import dev.mlcycle.contracts.record.OffsetRange;
import dev.mlcycle.lake.LabelledSnapshotReader;
import dev.mlcycle.training.data.LabelledFrame;
import java.util.List;

/**
 * What {@link LakeSnapshotReader} read: the labelled rows and where exactly they came from.
 *
 * @param frame the labelled rows, ordered by event time
 * @param read what the lake's reader saw: both snapshot ids, offsets, counts, the window
 * @param duplicates event ids met more than once (the latest row kept)
 */
public record SnapshotData(LabelledFrame frame, LabelledSnapshotReader.Result read, long duplicates) {
    /** The events snapshot read. */
    public long eventsSnapshotId() {
        return read.eventsSnapshotId();
    }

    /** The labels snapshot joined, or null when the dataset had no labels table yet. */
    public Long labelsSnapshotId() {
        return read.labelsSnapshotId();
    }

    /** The Kafka offsets both snapshots cover. */
    public List<OffsetRange> offsets() {
        return read.offsets();
    }

    /** Event rows scanned. */
    public long eventsRead() {
        return read.eventsRead();
    }

    /** Events of the window left out for want of a label. */
    public long unlabelled() {
        return read.unlabelled();
    }

    /** The window's start in microseconds, or null when the whole snapshot was read. */
    public Long windowFromMicros() {
        return read.windowFromMicros();
    }

    /** How the tables' columns differ from the spec; non-empty means nothing was read. */
    public List<String> schemaProblems() {
        return read.schemaProblems();
    }
}
