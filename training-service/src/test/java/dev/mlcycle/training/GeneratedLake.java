package dev.mlcycle.training;

import dev.mlcycle.contracts.Topics;
import dev.mlcycle.contracts.record.FeatureEvent;
import dev.mlcycle.contracts.record.LabelEvent;
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
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.iceberg.data.Record;

/**
 * Lands a generated run of any built-in dataset in a lake the way ingest does (labels committed before events,
 * offsets in each snapshot), as {@link LakeFixture} does for credit, so training tests read a real Iceberg lake of
 * that dataset without running ingest.
 */
public final class GeneratedLake {
    private GeneratedLake() {}

    /**
     * Generates the run {@code options} describe (delayed labels) and lands its events and labels.
     *
     * @param changeLabel applied to each label before it lands (to make bad data), or identity
     * @return the events snapshot id
     */
    public static long land(Path lakeRoot, GeneratorOptions options, UnaryOperator<LabelEvent> changeLabel) {
        return land(lakeRoot, options, UnaryOperator.identity(), changeLabel);
    }

    /**
     * As {@link #land(Path, GeneratorOptions, UnaryOperator)}, each event changed by {@code changeEvent} first.
     *
     * @return the events snapshot id
     */
    public static long land(
            Path lakeRoot,
            GeneratorOptions options,
            UnaryOperator<FeatureEvent> changeEvent,
            UnaryOperator<LabelEvent> changeLabel) {
        DataGenerator generator = DataGenerator.create(options);
        DatasetSpec spec = generator.spec();
        List<FeatureEvent> eventRows = new ArrayList<>();
        List<LabelEvent> labelRows = new ArrayList<>();
        while (generator.hasNext()) {
            GeneratedRecord r = generator.next();
            switch (r.kind()) {
                case EVENT -> eventRows.add(changeEvent.apply(r.event()));
                case LABEL -> labelRows.add(changeLabel.apply(r.label()));
                default -> {}
            }
        }
        try (Lake lake = Lake.open(lakeRoot)) {
            LakeTable labels = lake.table(spec, TableKind.LABELS);
            List<Record> labelRecords = new ArrayList<>();
            for (LabelEvent l : labelRows) {
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
