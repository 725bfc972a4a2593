package dev.mlcycle.lake;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.contracts.record.DataFileInfo;
import dev.mlcycle.contracts.record.LakeCommit;
import dev.mlcycle.contracts.record.OffsetRange;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import java.util.WeakHashMap;
import java.util.stream.IntStream;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Comparators;
import org.apache.iceberg.types.Types.NestedField;
import org.apache.iceberg.types.Types.StructType;

/**
 * Writes rows of one {@link LakeTable} as sorted Parquet data files and commits them, with the Kafka
 * offsets they cover, as one Iceberg APPEND snapshot, exactly once (see {@link #commit}). Writing
 * and committing are separate steps, so a caller can write, then commit, then acknowledge. A writer
 * may be used from one thread at a time; commits of all writers of a table in a process are
 * serialised by {@link LakeTable#commitLock()}.
 */
public final class TableWriter implements AutoCloseable {
    private final LakeTable table;
    private final WriterOptions options;
    /**
     * What became of each set of files this writer tried to commit, so that {@link #abort} never
     * deletes committed files. Weak keys: an entry goes when the caller drops its files.
     */
    private final Map<WrittenFiles, Attempted> attempted = Collections.synchronizedMap(new WeakHashMap<>());

    private volatile boolean closed;

    TableWriter(LakeTable table, WriterOptions options) {
        this.table = table;
        this.options = Objects.requireNonNull(options, "options");
    }

    public WriterOptions options() {
        return options;
    }

    /**
     * Sorts {@code rows} by (partition, {@link LakeTable#sortOrder()}) and writes them as Parquet data
     * files: one or more per partition, each sorted, a new file started once Iceberg's size estimate of
     * the current one reaches {@link WriterOptions#targetFileBytes()}, checked every 16 rows (so a file
     * ends at most 16 rows plus its footer beyond the target, and usually below it: the estimate counts
     * the page being filled uncompressed). The files are written but not committed. No rows, no files.
     *
     * @param rows records of the table's current schema, as {@link LakeTable#toRecord} makes them; the
     *     list is not changed
     * @throws MlcycleException {@link Reason#SCHEMA_MISMATCH} if a row has another schema or lacks a
     *     required value (nothing is left on disk)
     */
    public WrittenFiles write(List<Record> rows) {
        requireOpen();
        if (rows.isEmpty()) {
            return WrittenFiles.empty();
        }
        Table t = table.iceberg();
        Schema schema = t.schema();
        PartitionSpec spec = t.spec();
        TableLayout layout = table.layout();
        RecordOrder order = table.order();
        checkRows(rows, schema);

        Map<StructLike, List<Record>> byPartition = new TreeMap<>(Comparators.forType(spec.partitionType()));
        PartitionKey key = new PartitionKey(spec, schema);
        MicrosView view = new MicrosView();
        for (Record r : rows) {
            key.partition(view.wrap(r));
            List<Record> part = byPartition.get(key);
            if (part == null) {
                part = new ArrayList<>();
                byPartition.put(key.copy(), part);
            }
            part.add(r);
        }
        try (SortedFileWriter out =
                new SortedFileWriter(t, options.targetFileBytes(), layout.position(layout.timeColumn()))) {
            for (Map.Entry<StructLike, List<Record>> e : byPartition.entrySet()) {
                List<Record> part = e.getValue();
                part.sort(order);
                for (Record r : part) {
                    out.write(e.getKey(), r);
                }
            }
            return out.finish();
        }
    }

    /**
     * Writes the rows of {@code batch} as {@link #write(List)} writes records: sorted by (partition, {@link
     * LakeTable#sortOrder()}), one or more files per partition, rolled at {@link WriterOptions#targetFileBytes()}; the
     * same files, values and metrics, without a Java object per row or value. The files are written but not
     * committed. An empty batch, no files. The batch is read, not changed; keep it unchanged until this returns.
     *
     * @param batch rows made by {@link LakeTable#newBatch()} of this table
     * @throws MlcycleException {@link Reason#SCHEMA_MISMATCH} if the batch was made for another table or schema than
     *     the table's current one (nothing is left on disk)
     */
    public WrittenFiles write(RowBatch batch) {
        requireOpen();
        Objects.requireNonNull(batch, "batch");
        if (batch.isEmpty()) {
            return WrittenFiles.empty();
        }
        Table t = table.iceberg();
        Schema schema = t.schema();
        StructType struct = schema.asStruct();
        if (!batch.table().equals(table.name()) || !batch.schema().asStruct().equals(struct)) {
            throw new MlcycleException(
                    Reason.SCHEMA_MISMATCH,
                    "the batch was made for " + batch.table() + " with the columns "
                            + batch.schema().asStruct() + ", but " + table.name() + " has " + struct
                            + "; make batches with LakeTable.newBatch");
        }
        BatchOrder order = BatchOrder.of(batch, t.sortOrder(), batch.layout().idColumn());
        try (BatchFileWriter out = new BatchFileWriter(t, options.targetFileBytes(), batch)) {
            return out.writeAll(order);
        }
    }

    private void checkRows(List<Record> rows, Schema schema) {
        StructType struct = schema.asStruct();
        List<NestedField> columns = schema.columns();
        int[] required = IntStream.range(0, columns.size())
                .filter(i -> columns.get(i).isRequired())
                .toArray();
        for (int i = 0; i < rows.size(); i++) {
            Record r = rows.get(i);
            if (!r.struct().equals(struct)) {
                throw new MlcycleException(
                        Reason.SCHEMA_MISMATCH,
                        "row " + i + " has the columns " + r.struct() + ", but " + table.name() + " has " + struct
                                + "; make rows with LakeTable.toRecord");
            }
            for (int pos : required) {
                if (r.get(pos) == null) {
                    throw new MlcycleException(
                            Reason.SCHEMA_MISMATCH,
                            "row " + i + ": column \"" + columns.get(pos).name() + "\" of " + table.name()
                                    + " is required, got null");
                }
            }
        }
    }

    /**
     * Commits {@code files} and {@code offsets} as one Iceberg APPEND snapshot, exactly once. Each
     * attempt refreshes the table and checks that every range starts at the table's committed next
     * offset for its topic partition (or that the partition was never committed); the snapshot's
     * summary then carries the merged cumulative offsets ({@value CommitSummary#OFFSETS}), this
     * commit's ranges ({@value CommitSummary#RANGES}) and a commit id ({@value
     * CommitSummary#COMMIT_ID}). The update is pinned to the snapshot it was checked against, so a
     * concurrent commit makes the attempt fail and retry (re-checking) instead of being re-based. An
     * attempt whose outcome is unknown is found again by its commit id. {@code files} may be empty: a
     * batch of only rejected records still moves the offsets.
     *
     * @return the commit: files, rows, bytes, ranges, min/max of the table's time column
     * @throws MlcycleException {@link Reason#CONFLICT} if another writer committed a range's partition
     *     past this range's start (nothing is committed; the caller should abort the files and re-read
     *     from the committed offsets); {@link Reason#UNAVAILABLE} when all attempts failed; {@link
     *     Reason#INVALID_ARGUMENT} for two ranges of one topic partition
     */
    public LakeCommit commit(WrittenFiles files, List<OffsetRange> offsets) {
        requireOpen();
        Objects.requireNonNull(files, "files");
        List<OffsetRange> ranges = List.copyOf(offsets);
        CommitSummary.requireDistinct(ranges);
        String commitId = UUID.randomUUID().toString();
        attempted.put(files, new Attempted(commitId, false));
        String rangesJson = CommitSummary.rangesJson(ranges);
        String what = "append of " + files.files().size() + " files to " + table.name();
        table.commitLock().lock();
        try {
            Snapshot s = new CommitLoop(what, options.commitRetries(), options.retryBackoff())
                    .run(n -> attempt(n, files, ranges, rangesJson, commitId));
            attempted.put(files, new Attempted(commitId, true));
            return describe(s, files, ranges);
        } finally {
            table.commitLock().unlock();
        }
    }

    private Snapshot attempt(int n, WrittenFiles files, List<OffsetRange> ranges, String rangesJson, String commitId) {
        Table t = table.iceberg();
        t.refresh();
        if (n > 1) {
            Snapshot landed = LakeTable.findCommit(t, commitId);
            if (landed != null) {
                return landed; // an earlier attempt whose outcome was unknown did land
            }
        }
        Snapshot head = t.currentSnapshot();
        Map<SourcePartition, Long> committed = LakeTable.offsetsAt(t, head);
        CommitSummary.fence(table.name(), committed, ranges);

        AppendFiles append = t.newAppend();
        for (DataFile f : files.files()) {
            append.appendFile(f);
        }
        append.set(CommitSummary.OFFSETS, CommitSummary.offsetsJson(CommitSummary.merge(committed, ranges)));
        append.set(CommitSummary.RANGES, rangesJson);
        append.set(CommitSummary.COMMIT_ID, commitId);
        new ParentPin(table.name(), head == null ? null : head.snapshotId()).commit(append);
        return committedSnapshot(t, commitId);
    }

    /**
     * Commits {@code files} as one APPEND snapshot whose summary carries {@code summary}, unless a snapshot whose
     * summary has {@code onceKey} = {@code summary.get(onceKey)} is in the table already: then nothing is committed
     * and that snapshot is the result. The check is made by every attempt, under the commit lock, against the
     * refreshed table, and the append is pinned to the snapshot checked, so two writers of the same key (in this
     * process or another) commit it once. No Kafka offsets: the parent's offsets map, if any, is carried forward.
     *
     * @return the snapshot holding the key, and whether this call made it
     * @throws MlcycleException {@link Reason#UNAVAILABLE} when all attempts failed
     */
    public OnceCommit commitOnce(WrittenFiles files, Map<String, String> summary, String onceKey) {
        requireOpen();
        Objects.requireNonNull(files, "files");
        String onceValue = Objects.requireNonNull(summary.get(onceKey), onceKey);
        String commitId = UUID.randomUUID().toString();
        attempted.put(files, new Attempted(commitId, false));
        String what = "append of " + files.files().size() + " files to " + table.name() + " (" + onceKey + "="
                + onceValue + ")";
        table.commitLock().lock();
        try {
            OnceCommit done = new CommitLoop(what, options.commitRetries(), options.retryBackoff()).run(n -> {
                Table t = table.iceberg();
                t.refresh();
                if (n > 1) {
                    Snapshot landed = LakeTable.findCommit(t, commitId);
                    if (landed != null) {
                        return new OnceCommit(landed.snapshotId(), true);
                    }
                }
                Snapshot before = findSummary(t, onceKey, onceValue);
                if (before != null) {
                    return new OnceCommit(before.snapshotId(), false);
                }
                Snapshot head = t.currentSnapshot();
                AppendFiles append = t.newAppend();
                for (DataFile f : files.files()) {
                    append.appendFile(f);
                }
                summary.forEach(append::set);
                Map<SourcePartition, Long> committed = LakeTable.offsetsAt(t, head);
                if (!committed.isEmpty()) {
                    append.set(CommitSummary.OFFSETS, CommitSummary.offsetsJson(committed));
                }
                append.set(CommitSummary.COMMIT_ID, commitId);
                new ParentPin(table.name(), head == null ? null : head.snapshotId()).commit(append);
                return new OnceCommit(committedSnapshot(t, commitId).snapshotId(), true);
            });
            attempted.put(files, new Attempted(commitId, done.added()));
            return done;
        } finally {
            table.commitLock().unlock();
        }
    }

    /**
     * What {@link #commitOnce} did.
     *
     * @param snapshotId the snapshot that holds the key: the one just made, or the one found
     * @param added true when this call committed it, false when it was there already (nothing was added)
     */
    public record OnceCommit(long snapshotId, boolean added) {}

    /** The snapshot whose summary has {@code key} = {@code value}, or null. */
    static Snapshot findSummary(Table table, String key, String value) {
        for (Snapshot s : table.snapshots()) {
            Map<String, String> summary = s.summary();
            if (summary != null && value.equals(summary.get(key))) {
                return s;
            }
        }
        return null;
    }

    /** The snapshot a successful commit made (Iceberg refreshes the table after committing). */
    static Snapshot committedSnapshot(Table t, String commitId) {
        Snapshot s = LakeTable.findCommit(t, commitId);
        if (s == null) {
            t.refresh();
            s = LakeTable.findCommit(t, commitId);
        }
        if (s == null) {
            throw new org.apache.iceberg.exceptions.CommitStateUnknownException(new IllegalStateException(
                    "the commit " + commitId + " succeeded but its snapshot is not in " + t.name()));
        }
        return s;
    }

    private LakeCommit describe(Snapshot s, WrittenFiles files, List<OffsetRange> ranges) {
        List<DataFileInfo> infos = new ArrayList<>();
        for (DataFile f : files.files()) {
            infos.add(table.fileInfo(f));
        }
        return new LakeCommit(
                table.dataset(),
                table.kind().tableName(),
                s.snapshotId(),
                s.parentId(),
                LakeCommit.Operation.APPEND,
                infos,
                files.rows(),
                files.bytes(),
                ranges,
                files.minTime(),
                files.maxTime(),
                Instant.ofEpochMilli(s.timestampMillis()));
    }

    /**
     * Deletes written files whose commit the caller gives up on. Files this writer committed, or whose
     * commit attempt did land after all (its outcome was unknown and retries ran out), are kept, since
     * the table references them.
     *
     * @return true if the files were deleted, false if they were found committed and kept
     */
    public boolean abort(WrittenFiles files) {
        Attempted tried = attempted.get(files);
        if (tried != null) {
            if (tried.landed) {
                return false;
            }
            Table t = table.iceberg();
            t.refresh();
            if (LakeTable.findCommit(t, tried.commitId) != null) {
                attempted.put(files, new Attempted(tried.commitId, true));
                return false;
            }
        }
        attempted.remove(files);
        for (DataFile f : files.files()) {
            table.iceberg().io().deleteFile(f.location());
        }
        return true;
    }

    /** Marks the writer closed. Written but uncommitted files stay until {@link #abort} or orphan cleanup. */
    @Override
    public void close() {
        closed = true;
    }

    private record Attempted(String commitId, boolean landed) {}

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the writer of " + table.name() + " is closed");
        }
    }
}
