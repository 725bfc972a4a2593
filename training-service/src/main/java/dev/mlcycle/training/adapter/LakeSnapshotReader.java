package dev.mlcycle.training.adapter;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.contracts.record.LabelEvent;
import dev.mlcycle.contracts.record.OffsetRange;
import dev.mlcycle.contracts.spec.DatasetSpec;
import dev.mlcycle.contracts.spec.FeatureSpec;
import dev.mlcycle.lake.Lake;
import dev.mlcycle.lake.LakeTable;
import dev.mlcycle.lake.SourcePartition;
import dev.mlcycle.lake.TableKind;
import dev.mlcycle.training.data.FrameBuilder;
import dev.mlcycle.training.data.LabelledFrame;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.LongConsumer;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.types.Types.NestedField;

/**
 * Reads the labelled rows of one lake snapshot: the events of {@code <dataset>.events} at a snapshot (the current
 * one unless named), optionally only a window before the newest event, joined with the latest label per event id
 * from {@code <dataset>.labels} as of the same instant.
 *
 * <p>"As of the same instant" is what makes a snapshot id name the data completely: the labels snapshot used is the
 * newest one committed at or before the events snapshot, so a second run on the same events snapshot reads
 * exactly the same labels, however many have landed since. A label that arrived later than that waits for the
 * next events snapshot.
 *
 * <p>The latest label per event id wins (by label time, then by label value, so the choice never depends on file
 * order). An event with no label in the labels table keeps its inline label if it has one, else it is left out
 * and counted.
 */
public final class LakeSnapshotReader {
    private static final int PROGRESS_EVERY = 100_000;

    private final Lake lake;

    /** A reader of this lake. */
    public LakeSnapshotReader(Lake lake) {
        this.lake = lake;
    }

    /**
     * Reads a snapshot.
     *
     * @param spec the dataset
     * @param eventsSnapshot the events snapshot, or empty for the current one
     * @param window only events at most this long before the snapshot's newest event, or empty for all
     * @param progress called with the number of event rows read so far, every 100,000 rows
     * @throws MlcycleException {@link Reason#NOT_FOUND} when the dataset has no events table, the table has no
     *     snapshot yet, or the named snapshot does not exist
     */
    public SnapshotData read(
            DatasetSpec spec, OptionalLong eventsSnapshot, Optional<Duration> window, LongConsumer progress) {
        LakeTable events = lake.find(spec.name(), TableKind.EVENTS)
                .orElseThrow(() -> new MlcycleException(
                        Reason.NOT_FOUND,
                        "the lake has no table " + spec.name() + ".events yet: ingest-service creates it when the"
                                + " first events of dataset " + spec.name() + " arrive"));
        Table eventsTable = events.iceberg();
        eventsTable.refresh();
        Snapshot snapshot = eventsSnapshot.isPresent()
                ? eventsTable.snapshot(eventsSnapshot.getAsLong())
                : eventsTable.currentSnapshot();
        if (snapshot == null) {
            throw new MlcycleException(
                    Reason.NOT_FOUND,
                    eventsSnapshot.isPresent()
                            ? "table " + events.name() + " has no snapshot " + eventsSnapshot.getAsLong()
                                    + " (expired, or never made); `mlcycle lake --dataset " + spec.name()
                                    + "` lists them"
                            : "table " + events.name() + " has no data yet");
        }
        List<String> problems = new ArrayList<>(prefixed(events, events.differencesFrom(spec)));
        Optional<LakeTable> labels = lake.find(spec.name(), TableKind.LABELS);
        Snapshot labelsSnapshot = labels.map(t -> labelsAsOf(t.iceberg(), snapshot.timestampMillis()))
                .orElse(null);
        if (labelsSnapshot != null) {
            problems.addAll(prefixed(labels.get(), labels.get().differencesFrom(spec)));
        }
        List<OffsetRange> offsets = new ArrayList<>(offsets(events.committedOffsets(snapshot.snapshotId())));
        if (labelsSnapshot != null) {
            offsets.addAll(offsets(labels.get().committedOffsets(labelsSnapshot.snapshotId())));
        }
        FrameBuilder frame = new FrameBuilder(spec);
        if (!problems.isEmpty()) {
            return new SnapshotData(
                    frame.build(), snapshot.snapshotId(), idOf(labelsSnapshot), offsets, 0, 0, 0, null, problems);
        }
        Map<String, LabelValue> labelById = labelsSnapshot == null
                ? Map.of()
                : readLabels(spec, labels.get().iceberg(), labelsSnapshot);

        Long fromMicros = window.map(
                        w -> newestEventMicros(eventsTable, snapshot, spec.timestamp()) - w.toNanos() / 1000)
                .orElse(null);
        long read = 0;
        long unlabelled = 0;
        List<FeatureSpec> features = spec.features();
        String[] columns = new String[features.size() + 3];
        columns[0] = spec.id();
        columns[1] = spec.timestamp();
        columns[2] = spec.label().name();
        for (int f = 0; f < features.size(); f++) {
            columns[f + 3] = features.get(f).name();
        }
        IcebergGenerics.ScanBuilder scan = IcebergGenerics.read(eventsTable)
                .useSnapshot(snapshot.snapshotId())
                .select(columns);
        if (fromMicros != null) {
            scan = scan.where(Expressions.greaterThanOrEqual(spec.timestamp(), fromMicros));
        }
        Object[] values = new Object[features.size()];
        try (CloseableIterable<Record> rows = scan.build()) {
            int[] pos = null;
            for (Record r : rows) {
                if (pos == null) {
                    pos = positions(r.struct(), columns);
                }
                read++;
                if (read % PROGRESS_EVERY == 0) {
                    progress.accept(read);
                }
                String id = (String) r.get(pos[0]);
                long micros = micros((OffsetDateTime) r.get(pos[1]));
                if (fromMicros != null && micros < fromMicros) {
                    continue; // the scan filter prunes files and row groups; rows still need the check
                }
                LabelValue label = labelById.get(id);
                Object value = label != null ? label.value() : r.get(pos[2]);
                if (value == null) {
                    unlabelled++;
                    continue;
                }
                for (int f = 0; f < values.length; f++) {
                    values[f] = r.get(pos[f + 3]);
                }
                frame.add(id, micros, values, value);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + events.name() + " at snapshot " + snapshot.snapshotId(), e);
        }
        progress.accept(read);
        LabelledFrame built = frame.build();
        return new SnapshotData(
                built,
                snapshot.snapshotId(),
                idOf(labelsSnapshot),
                offsets,
                read,
                unlabelled,
                frame.duplicates(),
                fromMicros,
                List.of());
    }

    private static Long idOf(Snapshot s) {
        return s == null ? null : s.snapshotId();
    }

    /** The newest labels snapshot of the main branch committed at or before {@code millis}, or null. */
    private static Snapshot labelsAsOf(Table labels, long millis) {
        labels.refresh();
        Snapshot best = null;
        for (Snapshot s = labels.currentSnapshot(); s != null; ) {
            if (s.timestampMillis() <= millis) {
                best = s;
                break;
            }
            Long parent = s.parentId();
            s = parent == null ? null : labels.snapshot(parent);
        }
        return best;
    }

    private static Map<String, LabelValue> readLabels(DatasetSpec spec, Table labels, Snapshot snapshot) {
        Map<String, LabelValue> byId = new HashMap<>();
        String[] columns = {spec.id(), spec.label().name(), LabelEvent.LABEL_TIME};
        try (CloseableIterable<Record> rows = IcebergGenerics.read(labels)
                .useSnapshot(snapshot.snapshotId())
                .select(columns)
                .build()) {
            int[] pos = null;
            for (Record r : rows) {
                if (pos == null) {
                    pos = positions(r.struct(), columns);
                }
                LabelValue next = new LabelValue(r.get(pos[1]), micros((OffsetDateTime) r.get(pos[2])));
                byId.merge((String) r.get(pos[0]), next, LabelValue::later);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading labels at snapshot " + snapshot.snapshotId(), e);
        }
        return byId;
    }

    private static long newestEventMicros(Table table, Snapshot snapshot, String timeColumn) {
        NestedField field = table.schema().findField(timeColumn);
        long newest = Long.MIN_VALUE;
        try (CloseableIterable<FileScanTask> tasks =
                table.newScan().useSnapshot(snapshot.snapshotId()).planFiles()) {
            for (FileScanTask task : tasks) {
                DataFile file = task.file();
                ByteBuffer upper =
                        file.upperBounds() == null ? null : file.upperBounds().get(field.fieldId());
                if (upper == null) {
                    throw new MlcycleException(
                            Reason.INTERNAL,
                            "data file " + file.location() + " has no upper bound for " + timeColumn
                                    + ", so a time window cannot be applied; train without a window");
                }
                long micros = (Long) Conversions.fromByteBuffer(field.type(), upper);
                newest = Math.max(newest, micros);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return newest;
    }

    private static int[] positions(Types.StructType struct, String[] columns) {
        int[] pos = new int[columns.length];
        List<NestedField> fields = struct.fields();
        for (int c = 0; c < columns.length; c++) {
            pos[c] = -1;
            for (int i = 0; i < fields.size(); i++) {
                if (fields.get(i).name().equals(columns[c])) {
                    pos[c] = i;
                }
            }
            if (pos[c] < 0) {
                throw new IllegalStateException("column " + columns[c] + " missing from the projected rows");
            }
        }
        return pos;
    }

    private static long micros(OffsetDateTime t) {
        return Math.addExact(Math.multiplyExact(t.toEpochSecond(), 1_000_000L), t.getNano() / 1000);
    }

    private static List<OffsetRange> offsets(Map<SourcePartition, Long> next) {
        List<OffsetRange> out = new ArrayList<>();
        next.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(e ->
                        out.add(new OffsetRange(e.getKey().topic(), e.getKey().partition(), 0, e.getValue())));
        return out;
    }

    private static List<String> prefixed(LakeTable table, List<String> problems) {
        return problems.stream().map(p -> "table " + table.name() + ": " + p).toList();
    }

    /** A label value and when it became known. */
    private record LabelValue(Object value, long timeMicros) {
        static LabelValue later(LabelValue a, LabelValue b) {
            if (a.timeMicros != b.timeMicros) {
                return a.timeMicros > b.timeMicros ? a : b;
            }
            return a.value.toString().compareTo(b.value.toString()) >= 0 ? a : b;
        }
    }
}
