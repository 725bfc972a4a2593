package dev.mlcycle.training;

import dev.mlcycle.contracts.Topics;
import dev.mlcycle.contracts.record.FeatureEvent;
import dev.mlcycle.contracts.record.LakeCommit;
import dev.mlcycle.contracts.record.OffsetRange;
import dev.mlcycle.contracts.spec.DatasetSpec;
import dev.mlcycle.datagen.DataGenerator;
import dev.mlcycle.datagen.GeneratedRecord;
import dev.mlcycle.datagen.GeneratorOptions;
import dev.mlcycle.lake.Lake;
import dev.mlcycle.lake.LakeTable;
import dev.mlcycle.lake.SourcePartition;
import dev.mlcycle.lake.TableKind;
import dev.mlcycle.lake.TableWriter;
import dev.mlcycle.lake.WriterOptions;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.iceberg.data.Record;

/**
 * Lands generated credit data in a lake the way ingest does (labels committed before events, offsets in each
 * snapshot), so training tests read a real Iceberg lake without running ingest.
 */
public final class LakeFixture {
    private LakeFixture() {}

    /**
     * Generates {@code events} credit events with {@code seed} and lands them and their labels.
     *
     * @param change applied to each event's features before it lands (to make bad data), or identity
     * @return the events snapshot id
     */
    public static long land(Path lakeRoot, int events, long seed, UnaryOperator<Map<String, Object>> change) {
        return land(lakeRoot, events, seed, GeneratorOptions.DEFAULT_START, change);
    }

    /**
     * As {@link #land(Path, int, long, UnaryOperator)}, the first event at {@code start} (one a second after it), so
     * a test can land newer events, or backfill older ones, in a later snapshot.
     */
    public static long land(
            Path lakeRoot, int events, long seed, Instant start, UnaryOperator<Map<String, Object>> change) {
        DataGenerator generator = DataGenerator.create(GeneratorOptions.builder()
                .events(events)
                .seed(seed)
                .start(start)
                .build());
        DatasetSpec spec = generator.spec();
        List<FeatureEvent> eventRows = new ArrayList<>();
        List<dev.mlcycle.contracts.record.LabelEvent> labelRows = new ArrayList<>();
        while (generator.hasNext()) {
            GeneratedRecord r = generator.next();
            switch (r.kind()) {
                case EVENT -> {
                    FeatureEvent e = r.event();
                    Map<String, Object> features = change.apply(new LinkedHashMap<>(e.features()));
                    eventRows.add(new FeatureEvent(e.id(), e.key(), e.timestamp(), features, e.label()));
                }
                case LABEL -> labelRows.add(r.label());
                default -> {}
            }
        }
        try (Lake lake = Lake.open(lakeRoot)) {
            LakeTable labels = lake.table(spec, TableKind.LABELS);
            List<Record> labelRecords = new ArrayList<>();
            for (dev.mlcycle.contracts.record.LabelEvent l : labelRows) {
                labelRecords.add(labels.toRecord(l));
            }
            commit(labels, labelRecords, Topics.labels(spec.name()));
            LakeTable table = lake.table(spec, TableKind.EVENTS);
            List<Record> rows = new ArrayList<>();
            for (FeatureEvent e : eventRows) {
                rows.add(table.toRecord(e));
            }
            return commit(table, rows, Topics.events(spec.name())).snapshotId();
        }
    }

    private static LakeCommit commit(LakeTable table, List<Record> rows, String topic) {
        long from = table.committedOffsets().getOrDefault(new SourcePartition(topic, 0), 0L);
        try (TableWriter w = table.writer(WriterOptions.defaults())) {
            return w.commit(w.write(rows), List.of(new OffsetRange(topic, 0, from, from + rows.size())));
        }
    }
}
