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
        LakeTable events = lake.find(spec.name(), TableKind.EVENTS)
                .orElseThrow(() -> new MlcycleException(
                        Reason.NOT_FOUND,
                        "the lake has no table " + spec.name() + ".events yet: ingest-service creates it when the"
                                + " first events of dataset " + spec.name() + " arrive"));
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
        IcebergGenerics.ScanBuilder scan = IcebergGenerics.read(events.iceberg())
                .useSnapshot(snapshot.snapshotId())
                .select(columns);
        if (fromMicros != null) {
            scan = scan.where(Expressions.greaterThanOrEqual(spec.timestamp(), fromMicros));
        }
        Counts counts = new Counts();
        Object[] values = new Object[features.size()];
        String what = "table " + events.name() + " at snapshot " + snapshot.snapshotId();
        try (CloseableIterable<Record> rows = scan.build()) {
            int[] pos = null;
            for (Record r : rows) {
                if (pos == null) {
                    pos = positions(r.struct(), columns);
                }
                counts.read++;
                if (counts.read % PROGRESS_EVERY == 0) {
                    progress.accept(counts.read);
                }
                long micros = micros((OffsetDateTime) r.get(pos[1]));
                if (fromMicros != null && micros < fromMicros) {
                    continue; // the scan filter prunes files and row groups; rows still need the check
                }
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
                        continue;
                    }
                    counts.inline++;
                }
                for (int f = 0; f < values.length; f++) {
                    values[f] = r.get(pos[f + 3]);
                }
                sink.accept(id, micros, values, label);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + what, e);
        } catch (NotFoundException | UncheckedIOException e) {
            throw missingFile(what, e);
        }
        progress.accept(counts.read);
        return counts;
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
