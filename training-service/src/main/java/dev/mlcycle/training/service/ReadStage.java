package dev.mlcycle.training.service;

import dev.mlcycle.lake.LabelledSnapshotReader.Selection;
import dev.mlcycle.training.adapter.LakeSnapshotReader;
import dev.mlcycle.training.adapter.SnapshotData;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Stage 1 of a run: reads the labelled rows of a lake snapshot through the reader adapter and tells the observer
 * how many event rows were read and how long it took. Input: the settings (dataset, window) and the snapshot
 * asked for; output: the {@link SnapshotData}.
 */
final class ReadStage {
    private final LakeSnapshotReader reader;
    private final Clock clock;
    private final RunExecutor.RunObserver observer;

    ReadStage(LakeSnapshotReader reader, Clock clock, RunExecutor.RunObserver observer) {
        this.reader = reader;
        this.clock = clock;
        this.observer = observer;
    }

    SnapshotData read(ModelSettings s, Selection snapshot, RunProgress progress) {
        Instant start = clock.instant();
        SnapshotData data = reader.read(s.spec(), snapshot, s.window(), n -> progress.advance(n, 0));
        observer.rowsRead(s.model(), data.eventsRead(), Duration.between(start, clock.instant()));
        return data;
    }
}
