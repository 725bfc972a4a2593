package dev.mlcycle.training.adapter;

import dev.mlcycle.contracts.record.OffsetRange;
import dev.mlcycle.training.data.LabelledFrame;
import java.util.List;

/**
 * What {@link LakeSnapshotReader} read: the labelled rows and where exactly they came from.
 *
 * @param frame the labelled rows, ordered by event time
 * @param eventsSnapshotId the events snapshot read
 * @param labelsSnapshotId the labels snapshot joined, or null when the dataset had no labels table yet
 * @param offsets the Kafka offsets both snapshots cover ({@code from_offset} 0 to the next offset to read)
 * @param eventsRead event rows scanned
 * @param unlabelled events of the window left out for want of a label
 * @param duplicates event ids met more than once (the latest row kept)
 * @param windowFromMicros the window's start in microseconds, or null when the whole snapshot was read
 * @param schemaProblems how the tables' columns differ from the spec; non-empty means nothing was read
 */
public record SnapshotData(
        LabelledFrame frame,
        long eventsSnapshotId,
        Long labelsSnapshotId,
        List<OffsetRange> offsets,
        long eventsRead,
        long unlabelled,
        long duplicates,
        Long windowFromMicros,
        List<String> schemaProblems) {}
