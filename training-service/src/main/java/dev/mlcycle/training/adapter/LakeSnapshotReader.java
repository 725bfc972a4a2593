package dev.mlcycle.training.adapter;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.spec.DatasetSpec;
import dev.mlcycle.lake.LabelledSnapshotReader;
import dev.mlcycle.lake.LabelledSnapshotReader.Selection;
import dev.mlcycle.lake.Lake;
import dev.mlcycle.training.data.FrameBuilder;
import java.time.Duration;
import java.util.Optional;
import java.util.function.LongConsumer;

/**
 * Reads a run's labelled rows into a {@link dev.mlcycle.training.data.LabelledFrame}, through the lake's one
 * snapshot reader ({@link LabelledSnapshotReader}, which owns the snapshot choice and the label join).
 */
public final class LakeSnapshotReader {
    private final LabelledSnapshotReader lake;

    /** A reader of this lake. */
    public LakeSnapshotReader(Lake lake) {
        this.lake = new LabelledSnapshotReader(lake);
    }

    /**
     * Reads a pair of snapshots.
     *
     * @param spec the dataset
     * @param which the events and labels snapshots, each the table's current one unless named
     * @param window only events at most this long before the snapshot's newest event, or empty for all
     * @param progress called with the number of event rows read so far
     * @throws MlcycleException as {@link LabelledSnapshotReader#read}
     */
    public SnapshotData read(DatasetSpec spec, Selection which, Optional<Duration> window, LongConsumer progress) {
        FrameBuilder frame = new FrameBuilder(spec);
        LabelledSnapshotReader.Result read = lake.read(spec, which, window, frame::add, progress);
        return new SnapshotData(frame.build(), read, frame.duplicates());
    }
}
