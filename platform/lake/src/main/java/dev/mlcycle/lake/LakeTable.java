package dev.mlcycle.lake;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.contracts.record.DataFileInfo;
import dev.mlcycle.contracts.record.FeatureEvent;
import dev.mlcycle.contracts.record.LabelEvent;
import dev.mlcycle.lake.io.LocalFileIO;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.iceberg.ContentFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;

/**
 * One lake table: {@code <dataset>.events} or {@code <dataset>.labels}. Get it from {@link Lake}; it
 * maps events to rows, orders rows, reads the committed Kafka offsets, and hands out writers. One
 * instance per table per {@link Lake}, shared by the threads of a process; every commit this process
 * makes to the table holds {@link #commitLock()}.
 */
public final class LakeTable {
    private final Table iceberg;
    private final String dataset;
    private final TableKind kind;
    private final ReentrantLock commitLock = new ReentrantLock();
    private volatile Shape shape;

    LakeTable(Table iceberg) {
        this.iceberg = iceberg;
        this.shape = Shape.of(iceberg);
        this.dataset = shape.layout.dataset();
        this.kind = shape.layout.kind();
    }

    /** The dataset the table belongs to: {@code credit}. */
    public String dataset() {
        return dataset;
    }

    public TableKind kind() {
        return kind;
    }

    /** {@code <dataset>.<kind>}: {@code credit.events}. */
    public String name() {
        return dataset + "." + kind.tableName();
    }

    /** The Iceberg table, for reads and scans. Commit through {@link #writer}, {@link Compactor}, {@link Maintenance}. */
    public Table iceberg() {
        return iceberg;
    }

    /** Reloads the table's metadata from the catalog. */
    public void refresh() {
        iceberg.refresh();
        shape();
    }

    /** The row of an event; events tables only ({@link IllegalStateException} on a labels table). */
    public Record toRecord(FeatureEvent e) {
        return shape().mapper.toRecord(e);
    }

    /**
     * An empty batch of rows of this table, for {@link TableWriter#write(RowBatch)}: columnar, no object per row. It is
     * bound to the table's current schema.
     */
    public RowBatch newBatch() {
        return new RowBatch(name(), shape().layout);
    }

    /** The row of a label; labels tables only ({@link IllegalStateException} on an events table). */
    public Record toRecord(LabelEvent e) {
        return shape().mapper.toRecord(e);
    }

    /**
     * The order rows are written in within a partition: the table's sort order (the spec's sort key,
     * ascending, nulls first), then the id column, so the order is total and files are deterministic.
     */
    public Comparator<Record> sortOrder() {
        return shape().order;
    }

    /** The name of the column the table is partitioned by: the event time, or {@code label_time}. */
    public String timeColumn() {
        return shape().layout.timeColumn();
    }

    /** The name of the id column. */
    public String idColumn() {
        return shape().layout.idColumn();
    }

    /**
     * The next offset to read per topic partition, from the current snapshot's {@value
     * CommitSummary#OFFSETS} (refreshing first); empty for a table no one appended offsets to.
     */
    public Map<SourcePartition, Long> committedOffsets() {
        iceberg.refresh();
        return offsetsAt(iceberg, iceberg.currentSnapshot());
    }

    /** The committed offsets as of one snapshot ({@link Reason#NOT_FOUND} if there is no such snapshot). */
    public Map<SourcePartition, Long> committedOffsets(long snapshotId) {
        return offsetsAt(iceberg, snapshot(OptionalLong.of(snapshotId)));
    }

    /** The current snapshot's id (refreshing first), empty for a table without snapshots. */
    public OptionalLong currentSnapshotId() {
        iceberg.refresh();
        Snapshot s = iceberg.currentSnapshot();
        return s == null ? OptionalLong.empty() : OptionalLong.of(s.snapshotId());
    }

    /** A writer of new data files and APPEND commits. */
    public TableWriter writer(WriterOptions options) {
        return new TableWriter(this, options);
    }

    /**
     * The data files of a snapshot, the current one (after a refresh) if {@code snapshotId} is empty;
     * sorted by partition, then path. Empty for a table without snapshots.
     *
     * @throws MlcycleException {@link Reason#NOT_FOUND} for an unknown snapshot id
     */
    public List<LiveFile> liveFiles(OptionalLong snapshotId) {
        Snapshot s = snapshot(snapshotId);
        if (s == null) {
            return List.of();
        }
        List<LiveFile> files = new ArrayList<>();
        try (CloseableIterable<FileScanTask> tasks =
                iceberg.newScan().useSnapshot(s.snapshotId()).planFiles()) {
            for (FileScanTask t : tasks) {
                files.add(new LiveFile(
                        LocalFileIO.path(t.file().location()).toAbsolutePath().toString(),
                        partitionPath(t.file()),
                        t.file().recordCount(),
                        t.file().fileSizeInBytes()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the files of " + name() + ": " + e.getMessage(), e);
        }
        files.sort(Comparator.comparing(LiveFile::partition).thenComparing(LiveFile::path));
        return files;
    }

    /** Every snapshot in the table's metadata, oldest first (refreshing first). */
    public List<SnapshotInfo> snapshots() {
        iceberg.refresh();
        Map<Long, List<String>> tags = new TreeMap<>();
        for (Map.Entry<String, SnapshotRef> ref : iceberg.refs().entrySet()) {
            if (ref.getValue().isTag()) {
                tags.computeIfAbsent(ref.getValue().snapshotId(), id -> new ArrayList<>())
                        .add(ref.getKey());
            }
        }
        List<SnapshotInfo> out = new ArrayList<>();
        for (Snapshot s : iceberg.snapshots()) {
            Map<String, String> sum = s.summary();
            List<String> t = new ArrayList<>(tags.getOrDefault(s.snapshotId(), List.of()));
            t.sort(null);
            out.add(new SnapshotInfo(
                    s.snapshotId(),
                    s.parentId(),
                    Instant.ofEpochMilli(s.timestampMillis()),
                    s.operation(),
                    count(sum, SnapshotSummary.ADDED_FILES_PROP),
                    count(sum, SnapshotSummary.ADDED_RECORDS_PROP),
                    count(sum, SnapshotSummary.DELETED_FILES_PROP),
                    count(sum, SnapshotSummary.DELETED_RECORDS_PROP),
                    count(sum, SnapshotSummary.TOTAL_DATA_FILES_PROP),
                    count(sum, SnapshotSummary.TOTAL_RECORDS_PROP),
                    count(sum, SnapshotSummary.TOTAL_FILE_SIZE_PROP),
                    CommitSummary.offsets(sum),
                    sum == null ? null : sum.get(CommitSummary.COMMIT_ID),
                    t));
        }
        out.sort(Comparator.comparing(SnapshotInfo::committedAt).thenComparingLong(SnapshotInfo::snapshotId));
        return out;
    }

    /**
     * The table's line of commits: the ids of the current snapshot and its ancestors still in the metadata, oldest
     * first (refreshing first). Snapshots off that line (rolled back) are not in it; expired ones are gone. Empty for
     * a table without snapshots.
     */
    public List<Long> lineage() {
        iceberg.refresh();
        List<Long> ids = new ArrayList<>();
        Snapshot s = iceberg.currentSnapshot();
        while (s != null) {
            ids.add(s.snapshotId());
            s = s.parentId() == null ? null : iceberg.snapshot(s.parentId());
        }
        java.util.Collections.reverse(ids);
        return ids;
    }

    /**
     * A committed snapshot as a {@link dev.mlcycle.contracts.record.LakeCommit}: for one that {@link TableWriter} or
     * {@link Compactor} made, equal to the commit they returned, so announcing it later says exactly what announcing it
     * at once would have. Reads the snapshot's manifests.
     *
     * @throws MlcycleException {@link Reason#NOT_FOUND} for an unknown (or expired) snapshot id
     */
    public dev.mlcycle.contracts.record.LakeCommit commitOf(long snapshotId) {
        return SnapshotCommits.describe(this, snapshot(OptionalLong.of(snapshotId)));
    }

    /** Files, rows and bytes per partition of a snapshot (the current one if empty), sorted by partition. */
    public List<PartitionStats> partitions(OptionalLong snapshotId) {
        Map<String, long[]> acc = new TreeMap<>();
        for (LiveFile f : liveFiles(snapshotId)) {
            long[] a = acc.computeIfAbsent(f.partition(), p -> new long[] {0, 0, 0, Long.MAX_VALUE, 0});
            a[0]++;
            a[1] += f.rows();
            a[2] += f.bytes();
            a[3] = Math.min(a[3], f.bytes());
            a[4] = Math.max(a[4], f.bytes());
        }
        List<PartitionStats> out = new ArrayList<>();
        acc.forEach((p, a) -> out.add(new PartitionStats(p, (int) a[0], a[1], a[2], a[3], a[4])));
        return out;
    }

    /**
     * How this table differs from what {@code spec} asks of it, read only (unlike {@link Lake#table}, nothing is
     * evolved): every difference {@link Lake#table} would refuse, plus the spec's columns the table does not have
     * yet. Empty when a reader can read every column the spec names.
     */
    public List<String> differencesFrom(dev.mlcycle.contracts.spec.DatasetSpec spec) {
        TableDefinition.Differences d = TableDefinition.of(spec, kind).differences(iceberg);
        List<String> out = new ArrayList<>(d.problems());
        d.columnsToAdd()
                .forEach(f -> out.add(
                        "column \"" + f.name() + "\" (" + f.type() + ") is in the spec but not in the" + " table yet"));
        return out;
    }

    /**
     * The rows of a snapshot (the current one if empty), as generic records of the table's schema.
     * Close the iterable. For a table without snapshots, nothing.
     *
     * @throws MlcycleException {@link Reason#NOT_FOUND} for an unknown snapshot id
     */
    public CloseableIterable<Record> read(OptionalLong snapshotId) {
        Snapshot s = snapshot(snapshotId);
        if (s == null) {
            return CloseableIterable.empty();
        }
        return IcebergGenerics.read(iceberg).useSnapshot(s.snapshotId()).build();
    }

    /**
     * The lock every commit of this process to this table holds (appends, compaction, expiry, tags),
     * so that the table has one committer at a time in-process. Other processes are fenced by the
     * catalog's atomic swap and the offsets check, not by this lock.
     */
    public Lock commitLock() {
        return commitLock;
    }

    @Override
    public String toString() {
        return name();
    }

    // ---- package-private helpers ----

    TableLayout layout() {
        return shape().layout;
    }

    RecordOrder order() {
        return shape().order;
    }

    String partitionPath(ContentFile<?> file) {
        return iceberg.specs().get(file.specId()).partitionToPath(file.partition());
    }

    DataFileInfo fileInfo(ContentFile<?> file) {
        return new DataFileInfo(file.location(), partitionPath(file), file.recordCount(), file.fileSizeInBytes());
    }

    /** The snapshot asked for: the current one after a refresh if empty (null if none), else by id. */
    Snapshot snapshot(OptionalLong snapshotId) {
        if (snapshotId.isEmpty()) {
            iceberg.refresh();
            return iceberg.currentSnapshot();
        }
        Snapshot s = iceberg.snapshot(snapshotId.getAsLong());
        if (s == null) {
            iceberg.refresh();
            s = iceberg.snapshot(snapshotId.getAsLong());
        }
        if (s == null) {
            throw new MlcycleException(
                    Reason.NOT_FOUND,
                    "table " + name() + " has no snapshot " + snapshotId.getAsLong() + " (expired, or never made)");
        }
        return s;
    }

    /**
     * The offsets map of {@code from}, or of its nearest ancestor that has one (a snapshot made by
     * another engine may lack it); empty if none does.
     */
    static Map<SourcePartition, Long> offsetsAt(Table table, Snapshot from) {
        Snapshot s = from;
        while (s != null) {
            Map<String, String> summary = s.summary();
            if (summary != null && summary.containsKey(CommitSummary.OFFSETS)) {
                return CommitSummary.offsets(summary);
            }
            s = s.parentId() == null ? null : table.snapshot(s.parentId());
        }
        return Map.of();
    }

    /** The snapshot whose summary carries {@code commitId}, or null. */
    static Snapshot findCommit(Table table, String commitId) {
        for (Snapshot s : table.snapshots()) {
            Map<String, String> summary = s.summary();
            if (summary != null && commitId.equals(summary.get(CommitSummary.COMMIT_ID))) {
                return s;
            }
        }
        return null;
    }

    private static long count(Map<String, String> summary, String key) {
        if (summary == null) {
            return 0;
        }
        String v = summary.get(key);
        if (v == null) {
            return 0;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private Shape shape() {
        Shape s = shape;
        if (s.schemaId != iceberg.schema().schemaId()
                || s.sortOrderId != iceberg.sortOrder().orderId()) {
            s = Shape.of(iceberg);
            shape = s;
        }
        return s;
    }

    /** What depends on the schema and sort order, rebuilt when either evolves. */
    private static final class Shape {
        final int schemaId;
        final int sortOrderId;
        final TableLayout layout;
        final RowMapper mapper;
        final RecordOrder order;

        private Shape(Table t) {
            this.schemaId = t.schema().schemaId();
            this.sortOrderId = t.sortOrder().orderId();
            this.layout = TableLayout.of(t);
            String name = layout.dataset() + "." + layout.kind().tableName();
            this.mapper = new RowMapper(name, layout);
            this.order = RecordOrder.of(layout.schema(), t.sortOrder(), layout.idColumn());
        }

        static Shape of(Table t) {
            return new Shape(t);
        }
    }
}
