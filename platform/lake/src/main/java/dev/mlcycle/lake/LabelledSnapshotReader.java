package dev.mlcycle.lake;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.contracts.record.LabelEvent;
import dev.mlcycle.contracts.record.OffsetRange;
import dev.mlcycle.contracts.spec.DatasetSpec;
import dev.mlcycle.contracts.spec.FeatureSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.time.Instant;
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
import org.apache.iceberg.exceptions.NotFoundException;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.types.Types.NestedField;

/**
 * The lake's one reader of labelled rows: the events of {@code <dataset>.events} at one snapshot, joined with the
 * labels of {@code <dataset>.labels} at one snapshot, each the current one unless named. Training reads its data
 * through it; batch scoring and monitoring will too.
 *
 * <p>The join, in order:
 *
 * <ol>
 *   <li>Labels are those of the labels snapshot only: a label committed after it is not seen, however much has
 *       landed since, so the same two snapshot ids always give the same rows.
 *   <li>Per event id, the latest label wins: the one with the latest {@code label_time}; on a tie, the greater
 *       value by its text, so that the choice never depends on file order.
 *   <li>An event with no label in the labels snapshot keeps its own inline label, if it has one; otherwise it is
 *       left out and counted as unlabelled.
 *   <li>With a window, only events at most that long before the snapshot's newest event (by event time) are
 *       read.
 * </ol>
 *
 * <p>Rows go to a {@link RowSink} in file order; the sink decides how to hold them. A named snapshot that the
 * table no longer has (expired) or never had, and a data file that is gone, fail the read with {@link
 * Reason#NOT_FOUND} naming which, never with an empty result.
 *
 * <p>{@link #readEvents} reads one events snapshot without labels (batch scoring), through the same snapshot lookup,
 * scan and window filter, in column batches.
 */
public final class LabelledSnapshotReader {
    private static final int PROGRESS_EVERY = 100_000;

    private final Lake lake;

    /** A reader of this lake. */
    public LabelledSnapshotReader(Lake lake) {
        this.lake = lake;
    }

    /** Which snapshots to read: each the table's current one when empty. */
    public record Selection(OptionalLong events, OptionalLong labels) {
        /** The current snapshot of both tables. */
        public static Selection current() {
            return new Selection(OptionalLong.empty(), OptionalLong.empty());
        }

        /** These snapshots; a null id means the table's current one. */
        public static Selection of(Long events, Long labels) {
            return new Selection(
                    events == null ? OptionalLong.empty() : OptionalLong.of(events),
                    labels == null ? OptionalLong.empty() : OptionalLong.of(labels));
        }
    }

    /** Receives each labelled row. */
    @FunctionalInterface
    public interface RowSink {
        /**
         * One labelled event.
         *
         * @param id the event id
         * @param eventMicros the event time in microseconds since the epoch
         * @param features the feature values in the spec's order (reused between calls: copy what you keep)
         * @param label the label value (a string for a categorical label, a number for a numeric one)
         */
        void accept(String id, long eventMicros, Object[] features, Object label);
    }

    /**
     * What a read saw.
     *
     * @param eventsSnapshotId the events snapshot read
     * @param labelsSnapshotId the labels snapshot joined, or null when the dataset has no labels table (or it has
     *     no snapshot yet)
     * @param offsets the Kafka offsets both snapshots cover ({@code from_offset} 0 to the next offset to read)
     * @param eventsRead event rows scanned (before the window's row check)
     * @param labelsRead label rows read from the labels snapshot
     * @param labelledFromTable events labelled from the labels table
     * @param labelledInline events labelled by their own inline label
     * @param unlabelled events of the window left out for want of a label
     * @param windowFromMicros the window's start in microseconds, or null when the whole snapshot was read
     * @param schemaProblems how the tables' columns differ from the spec; non-empty means no row was read
     */
    public record Result(
            long eventsSnapshotId,
            Long labelsSnapshotId,
            List<OffsetRange> offsets,
            long eventsRead,
            long labelsRead,
            long labelledFromTable,
            long labelledInline,
            long unlabelled,
            Long windowFromMicros,
            List<String> schemaProblems) {}

    /**
     * Reads the labelled rows of a pair of snapshots.
     *
     * @param spec the dataset
     * @param which the events and labels snapshots, each the current one when empty
     * @param window only events at most this long before the snapshot's newest event, or empty for all
     * @param sink receives each labelled row
     * @param progress called with the number of event rows read so far, every 100,000 rows, and at the end
     * @throws MlcycleException {@link Reason#NOT_FOUND} when the dataset has no events table or it has no snapshot
     *     yet, when a named snapshot does not exist (expired or never made), when a labels snapshot is named but
     *     the dataset has no labels table, or when a data file of a snapshot is missing
     */
    public Result read(
            DatasetSpec spec, Selection which, Optional<Duration> window, RowSink sink, LongConsumer progress) {
        LakeTable events = eventsTable(spec);
        Snapshot eventsSnapshot = snapshotOf(spec, events, which.events());
        Optional<LakeTable> labels = lake.find(spec.name(), TableKind.LABELS);
        if (labels.isEmpty() && which.labels().isPresent()) {
            throw new MlcycleException(
                    Reason.NOT_FOUND,
                    "labels snapshot " + which.labels().getAsLong() + " was asked for, but the lake has no table "
                            + spec.name() + ".labels");
        }
        Snapshot labelsSnapshot =
                labels.map(t -> snapshotOrNull(spec, t, which.labels())).orElse(null);

        List<String> problems = new ArrayList<>(prefixed(events, events.differencesFrom(spec)));
        if (labelsSnapshot != null) {
            problems.addAll(prefixed(labels.get(), labels.get().differencesFrom(spec)));
        }
        List<OffsetRange> offsets = new ArrayList<>(offsets(events.committedOffsets(eventsSnapshot.snapshotId())));
        if (labelsSnapshot != null) {
            offsets.addAll(offsets(labels.get().committedOffsets(labelsSnapshot.snapshotId())));
        }
        Long labelsId = labelsSnapshot == null ? null : labelsSnapshot.snapshotId();
        if (!problems.isEmpty()) {
            return new Result(eventsSnapshot.snapshotId(), labelsId, offsets, 0, 0, 0, 0, 0, null, problems);
        }
        Labels labelled =
                labelsSnapshot == null ? new Labels(Map.of(), 0) : readLabels(spec, labels.get(), labelsSnapshot);
        Long fromMicros = window.map(
                        w -> newestEventMicros(events, eventsSnapshot, spec.timestamp()) - w.toNanos() / 1000)
                .orElse(null);
        Counts counts = readEvents(spec, events, eventsSnapshot, fromMicros, labelled.byId(), sink, progress);
        return new Result(
                eventsSnapshot.snapshotId(),
                labelsId,
                offsets,
                counts.read,
                labelled.rows(),
                counts.fromTable,
                counts.inline,
                counts.unlabelled,
                fromMicros,
                List.of());
    }

    /**
     * An event-time window {@code [from, to)} of an events snapshot, for reading events without labels; either bound
     * may be absent.
     */
    public record Window(Optional<Instant> from, Optional<Instant> to) {
        /** The whole snapshot. */
        public static Window all() {
            return new Window(Optional.empty(), Optional.empty());
        }

        /** Events at or after {@code from} and before {@code to}; a null bound means none. */
        public static Window of(Instant from, Instant to) {
            if (from != null && to != null && !from.isBefore(to)) {
                throw new MlcycleException(
                        Reason.INVALID_ARGUMENT,
                        "the window's start " + from + " must be before its end " + to + " (the end is exclusive)");
            }
            return new Window(Optional.ofNullable(from), Optional.ofNullable(to));
        }

        Long fromMicros() {
            return from.map(LabelledSnapshotReader::micros).orElse(null);
        }

        Long toMicros() {
            return to.map(LabelledSnapshotReader::micros).orElse(null);
        }
    }

    /**
     * A batch of events without labels, column by column: row {@code r} is {@code ids[r]} at {@code eventMicros[r]},
     * with {@code columns[f][r]} the value of feature {@code names.get(f)} (Double, Long, String, Boolean or null, as
     * the table's column types). Fresh arrays per batch: the receiver may keep them (serving wraps them in a Frame).
     *
     * @param names the feature names in the spec's order
     * @param ids the event ids
     * @param eventMicros the event times in microseconds since the epoch
     * @param columns one array per feature
     * @param rows the rows in this batch (the arrays may be longer)
     */
    public record EventColumns(List<String> names, String[] ids, long[] eventMicros, Object[][] columns, int rows) {}

    /** Receives each batch of events. */
    @FunctionalInterface
    public interface BatchSink {
        void accept(EventColumns batch);
    }

    /**
     * What an unlabelled read saw.
     *
     * @param eventsSnapshotId the events snapshot read
     * @param eventsRead event rows scanned (before the window's row check)
     * @param rows events inside the window, handed to the sink
     * @param schemaProblems how the table's columns differ from the spec; non-empty means no row was read
     */
    public record EventsResult(long eventsSnapshotId, long eventsRead, long rows, List<String> schemaProblems) {}

    /**
     * The id of the events snapshot a read of {@code snapshotId} (the current one when empty) would see.
     *
     * @throws MlcycleException {@link Reason#NOT_FOUND} as {@link #readEvents}
     */
    public long eventsSnapshot(DatasetSpec spec, OptionalLong snapshotId) {
        return snapshotOf(spec, eventsTable(spec), snapshotId).snapshotId();
    }

    /**
     * Reads the events of one snapshot without labels (batch scoring): the same scan, snapshot lookup and window
     * filtering as {@link #read}, handed on in batches of at most {@code batchRows} rows, in file order.
     *
     * @param spec the dataset
     * @param snapshotId the events snapshot, the current one when empty
     * @param window the event-time window
     * @param batchRows the largest batch
     * @param sink receives each batch
     * @param progress called with the number of event rows scanned so far, every 100,000 rows, and at the end
     * @throws MlcycleException {@link Reason#NOT_FOUND} when the dataset has no events table or no snapshot yet, when
     *     the named snapshot does not exist, or when a data file is missing
     */
    public EventsResult readEvents(
            DatasetSpec spec,
            OptionalLong snapshotId,
            Window window,
            int batchRows,
            BatchSink sink,
            LongConsumer progress) {
        if (batchRows < 1) {
            throw new IllegalArgumentException("batchRows must be >= 1, got " + batchRows);
        }
        LakeTable events = eventsTable(spec);
        Snapshot snapshot = snapshotOf(spec, events, snapshotId);
        List<String> problems = prefixed(events, events.differencesFrom(spec));
        if (!problems.isEmpty()) {
            return new EventsResult(snapshot.snapshotId(), 0, 0, problems);
        }
        List<FeatureSpec> features = spec.features();
        List<String> names = features.stream().map(FeatureSpec::name).toList();
        String[] columns = new String[features.size() + 2];
        columns[0] = spec.id();
        columns[1] = spec.timestamp();
        for (int f = 0; f < features.size(); f++) {
            columns[f + 2] = features.get(f).name();
        }
        Batcher batcher = new Batcher(names, batchRows, sink);
        long read = scanEvents(
                spec, events, snapshot, window.fromMicros(), window.toMicros(), columns, progress, batcher::add);
        batcher.flush();
        return new EventsResult(snapshot.snapshotId(), read, batcher.total, List.of());
    }

    /** Fills column arrays row by row and hands them on when full. */
    private static final class Batcher {
        private final List<String> names;
        private final int size;
        private final BatchSink sink;
        private String[] ids;
        private long[] micros;
        private Object[][] columns;
        private int rows;
        long total;

        Batcher(List<String> names, int size, BatchSink sink) {
            this.names = names;
            this.size = size;
            this.sink = sink;
            fresh();
        }

        private void fresh() {
            ids = new String[size];
            micros = new long[size];
            columns = new Object[names.size()][size];
            rows = 0;
        }

        void add(Record r, int[] pos, long eventMicros) {
            ids[rows] = (String) r.get(pos[0]);
            micros[rows] = eventMicros;
            for (int f = 0; f < columns.length; f++) {
                columns[f][rows] = r.get(pos[f + 2]);
            }
            rows++;
            total++;
            if (rows == size) {
                flush();
            }
        }

        void flush() {
            if (rows > 0) {
                sink.accept(new EventColumns(names, ids, micros, columns, rows));
                fresh();
            }
        }
    }

    private LakeTable eventsTable(DatasetSpec spec) {
        return lake.find(spec.name(), TableKind.EVENTS)
                .orElseThrow(() -> new MlcycleException(
                        Reason.NOT_FOUND,
                        "the lake has no table " + spec.name() + ".events yet: ingest-service creates it when the"
                                + " first events of dataset " + spec.name() + " arrive"));
    }

    private static Counts readEvents(
            DatasetSpec spec,
            LakeTable events,
            Snapshot snapshot,
            Long fromMicros,
            Map<String, LabelValue> labelById,
            RowSink sink,
            LongConsumer progress) {
        List<FeatureSpec> features = spec.features();
        String[] columns = new String[features.size() + 3];
        columns[0] = spec.id();
        columns[1] = spec.timestamp();
        columns[2] = spec.label().name();
        for (int f = 0; f < features.size(); f++) {
            columns[f + 3] = features.get(f).name();
        }
        Counts counts = new Counts();
        Object[] values = new Object[features.size()];
        counts.read = scanEvents(spec, events, snapshot, fromMicros, null, columns, progress, (r, pos, micros) -> {
            String id = (String) r.get(pos[0]);
            LabelValue fromTable = labelById.get(id);
            Object label;
            if (fromTable != null) {
                label = fromTable.value();
                counts.fromTable++;
            } else {
                label = r.get(pos[2]);
                if (label == null) {
                    counts.unlabelled++;
                    return;
                }
                counts.inline++;
            }
            for (int f = 0; f < values.length; f++) {
                values[f] = r.get(pos[f + 3]);
            }
            sink.accept(id, micros, values, label);
        });
        return counts;
    }

    /** Receives each event row of a scan inside its window. */
    @FunctionalInterface
    private interface EventVisitor {
        void visit(Record r, int[] pos, long eventMicros);
    }

    /**
     * The one scan of an events snapshot, labelled or not: {@code columns} projected (the time column at position 1),
     * rows with event time in {@code [fromMicros, toMicros)} (each bound null for none) handed to {@code visitor} in
     * file order.
     *
     * @return event rows scanned (before the window's row check)
     */
    private static long scanEvents(
            DatasetSpec spec,
            LakeTable events,
            Snapshot snapshot,
            Long fromMicros,
            Long toMicros,
            String[] columns,
            LongConsumer progress,
            EventVisitor visitor) {
        IcebergGenerics.ScanBuilder scan = IcebergGenerics.read(events.iceberg())
                .useSnapshot(snapshot.snapshotId())
                .select(columns);
        if (fromMicros != null) {
            scan = scan.where(Expressions.greaterThanOrEqual(spec.timestamp(), fromMicros));
        }
        if (toMicros != null) {
            scan = scan.where(Expressions.lessThan(spec.timestamp(), toMicros));
        }
        long read = 0;
        String what = "table " + events.name() + " at snapshot " + snapshot.snapshotId();
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
                long micros = micros((OffsetDateTime) r.get(pos[1]));
                if ((fromMicros != null && micros < fromMicros) || (toMicros != null && micros >= toMicros)) {
                    continue; // the scan filter prunes files and row groups; rows still need the check
                }
                visitor.visit(r, pos, micros);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + what, e);
        } catch (NotFoundException | UncheckedIOException e) {
            throw missingFile(what, e);
        }
        progress.accept(read);
        return read;
    }

    private static Labels readLabels(DatasetSpec spec, LakeTable labels, Snapshot snapshot) {
        Map<String, LabelValue> byId = new HashMap<>();
        String[] columns = {spec.id(), spec.label().name(), LabelEvent.LABEL_TIME};
        String what = "table " + labels.name() + " at snapshot " + snapshot.snapshotId();
        long rowsRead = 0;
        try (CloseableIterable<Record> rows = IcebergGenerics.read(labels.iceberg())
                .useSnapshot(snapshot.snapshotId())
                .select(columns)
                .build()) {
            int[] pos = null;
            for (Record r : rows) {
                if (pos == null) {
                    pos = positions(r.struct(), columns);
                }
                rowsRead++;
                LabelValue next = new LabelValue(r.get(pos[1]), micros((OffsetDateTime) r.get(pos[2])));
                byId.merge((String) r.get(pos[0]), next, LabelValue::later);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + what, e);
        } catch (NotFoundException | UncheckedIOException e) {
            throw missingFile(what, e);
        }
        return new Labels(byId, rowsRead);
    }

    /** A named snapshot (which must exist) or the current one (which must exist too: no data, no run). */
    private static Snapshot snapshotOf(DatasetSpec spec, LakeTable table, OptionalLong id) {
        Snapshot s = snapshotOrNull(spec, table, id);
        if (s == null) {
            throw new MlcycleException(Reason.NOT_FOUND, "table " + table.name() + " has no data yet");
        }
        return s;
    }

    /** A named snapshot (which must exist), or the current one (null for a table without snapshots). */
    private static Snapshot snapshotOrNull(DatasetSpec spec, LakeTable table, OptionalLong id) {
        Table t = table.iceberg();
        t.refresh();
        if (id.isEmpty()) {
            return t.currentSnapshot();
        }
        Snapshot s = t.snapshot(id.getAsLong());
        if (s == null) {
            throw new MlcycleException(
                    Reason.NOT_FOUND,
                    "table " + table.name() + " has no snapshot " + id.getAsLong()
                            + ": it expired (the lake keeps old snapshots only while a model version pins them)"
                            + " or never existed; `mlcycle lake --dataset " + spec.name()
                            + "` lists the snapshots and the pins");
        }
        return s;
    }

    private static MlcycleException missingFile(String what, RuntimeException e) {
        Throwable cause = e;
        while (cause != null && !(cause instanceof NotFoundException) && !(cause instanceof NoSuchFileException)) {
            cause = cause.getCause();
        }
        if (cause == null) {
            throw e;
        }
        return new MlcycleException(
                Reason.NOT_FOUND,
                what + " cannot be read: a data file is missing (" + cause.getMessage()
                        + "); files are only deleted by the lake's maintenance when no kept snapshot needs them, so"
                        + " it was removed by something else",
                e);
    }

    private static long newestEventMicros(LakeTable table, Snapshot snapshot, String timeColumn) {
        Table t = table.iceberg();
        NestedField field = t.schema().findField(timeColumn);
        long newest = Long.MIN_VALUE;
        try (CloseableIterable<FileScanTask> tasks = t.newScan()
                .useSnapshot(snapshot.snapshotId())
                .includeColumnStats()
                .planFiles()) {
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

    private static long micros(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
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

    private static final class Counts {
        long read;
        long fromTable;
        long inline;
        long unlabelled;
    }

    /** The latest label per event id of a labels snapshot, and how many label rows it held. */
    private record Labels(Map<String, LabelValue> byId, long rows) {}

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
