package dev.mlcycle.lake;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.contracts.record.DataFileInfo;
import dev.mlcycle.contracts.record.LakeCommit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.RewriteFiles;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetReaders;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.CloseableIterator;
import org.apache.iceberg.parquet.Parquet;

/**
 * Merges a table's small files into fewer, larger ones, per partition, keeping every row and the
 * sort order, and commits all merged groups as one Iceberg REPLACE snapshot.
 *
 * <p>Every data file mlcycle writes is sorted by the table's sort order, so a group is merged in one
 * streaming k-way pass (one row per input in memory, plus each input's current row group), not
 * re-sorted. A file written under another sort order is sorted in memory first, and so is a file
 * that the merge finds out of order (the group then starts over). The REPLACE snapshot carries its
 * parent's offsets map forward unchanged, so the current snapshot always has the full map. Appends
 * that land while compaction runs are kept: the commit is retried on the new parent.
 */
public final class Compactor {
    private final LakeTable table;
    private final CompactionOptions options;

    public Compactor(LakeTable table, CompactionOptions options) {
        this.table = Objects.requireNonNull(table, "table");
        this.options = Objects.requireNonNull(options, "options");
    }

    /**
     * The groups compaction would merge, from the current snapshot: per partition, the files smaller
     * than {@link CompactionOptions#smallFileBytes()}, only in partitions with at least {@link
     * CompactionOptions#minInputFiles()} of them, packed smallest first into groups of at most
     * {@link CompactionOptions#targetFileBytes()} bytes and {@link
     * CompactionOptions#maxFilesPerGroup()} files; groups of one file are dropped.
     */
    public CompactionPlan plan() {
        Table t = table.iceberg();
        t.refresh();
        Snapshot head = t.currentSnapshot();
        if (head == null) {
            return new CompactionPlan(table.name(), null, List.of());
        }
        int specId = t.spec().specId();
        long small = options.smallFileBytes();
        Map<String, List<DataFile>> byPartition = new TreeMap<>();
        try (CloseableIterable<FileScanTask> tasks =
                t.newScan().useSnapshot(head.snapshotId()).planFiles()) {
            for (FileScanTask task : tasks) {
                DataFile f = task.file();
                if (task.deletes().isEmpty() && f.specId() == specId && f.fileSizeInBytes() < small) {
                    byPartition
                            .computeIfAbsent(table.partitionPath(f), p -> new ArrayList<>())
                            .add(f.copy());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot plan the files of " + table.name() + ": " + e.getMessage(), e);
        }
        List<CompactionPlan.Group> groups = new ArrayList<>();
        byPartition.forEach((partition, files) -> {
            if (files.size() >= options.minInputFiles()) {
                groups.addAll(pack(partition, files));
            }
        });
        return new CompactionPlan(table.name(), head.snapshotId(), groups);
    }

    private List<CompactionPlan.Group> pack(String partition, List<DataFile> files) {
        files.sort(Comparator.comparingLong(DataFile::fileSizeInBytes).thenComparing(DataFile::location));
        List<CompactionPlan.Group> groups = new ArrayList<>();
        List<DataFile> current = new ArrayList<>();
        long bytes = 0;
        for (DataFile f : files) {
            boolean full = bytes + f.fileSizeInBytes() > options.targetFileBytes()
                    || current.size() >= options.maxFilesPerGroup();
            if (full && !current.isEmpty()) {
                addGroup(groups, partition, current);
                current = new ArrayList<>();
                bytes = 0;
            }
            current.add(f);
            bytes += f.fileSizeInBytes();
        }
        addGroup(groups, partition, current);
        return groups;
    }

    private static void addGroup(List<CompactionPlan.Group> groups, String partition, List<DataFile> files) {
        if (files.size() < 2) {
            return;
        }
        long rows = files.stream().mapToLong(DataFile::recordCount).sum();
        long bytes = files.stream().mapToLong(DataFile::fileSizeInBytes).sum();
        groups.add(new CompactionPlan.Group(partition, files, rows, bytes));
    }

    /**
     * Plans and executes the plan: {@code compact(plan())}.
     *
     * @return the REPLACE commit, or empty if there was nothing to compact
     */
    public Optional<LakeCommit> compact() {
        return compact(plan());
    }

    /**
     * Executes a plan made by {@link #plan()}: merges each group into sorted files rolling at the
     * target size, and commits all groups as one REPLACE snapshot whose parent is the table's
     * current snapshot (appends committed since the plan are kept).
     *
     * @return the commit (operation REPLACE, the new files, no offsets), or empty for an empty plan
     * @throws MlcycleException {@link Reason#CONFLICT} if another commit removed input files since the
     *     plan (the new files are deleted); {@link Reason#UNAVAILABLE} when commit attempts run out;
     *     {@link Reason#INVALID_ARGUMENT} for a plan of another table
     */
    public Optional<LakeCommit> compact(CompactionPlan plan) {
        if (!plan.table().equals(table.name())) {
            throw new MlcycleException(
                    Reason.INVALID_ARGUMENT, "the plan is for " + plan.table() + ", not " + table.name());
        }
        if (plan.isEmpty()) {
            return Optional.empty();
        }
        List<WrittenFiles> outputs = new ArrayList<>();
        boolean committed = false;
        String commitId = UUID.randomUUID().toString();
        try {
            for (CompactionPlan.Group g : plan.groups()) {
                outputs.add(merge(g));
            }
            table.commitLock().lock();
            try {
                Snapshot s = new CommitLoop(
                                "compaction of " + plan.inputFiles() + " files of " + table.name(),
                                options.commitRetries(),
                                options.retryBackoff())
                        .run(n -> attempt(n, plan, outputs, commitId));
                committed = true;
                return Optional.of(describe(s, outputs));
            } finally {
                table.commitLock().unlock();
            }
        } finally {
            if (!committed && !landed(commitId)) {
                for (WrittenFiles w : outputs) {
                    w.files().forEach(f -> table.iceberg().io().deleteFile(f.location()));
                }
            }
        }
    }

    private boolean landed(String commitId) {
        try {
            Table t = table.iceberg();
            t.refresh();
            return LakeTable.findCommit(t, commitId) != null;
        } catch (RuntimeException e) {
            return true; // cannot tell: keep the files; orphan cleanup removes them if unreferenced
        }
    }

    private Snapshot attempt(int n, CompactionPlan plan, List<WrittenFiles> outputs, String commitId) {
        Table t = table.iceberg();
        t.refresh();
        if (n > 1) {
            Snapshot landed = LakeTable.findCommit(t, commitId);
            if (landed != null) {
                return landed;
            }
        }
        Snapshot head = t.currentSnapshot();
        RewriteFiles rewrite = t.newRewrite().validateFromSnapshot(plan.snapshotId());
        for (CompactionPlan.Group g : plan.groups()) {
            g.files().forEach(rewrite::deleteFile);
        }
        for (WrittenFiles w : outputs) {
            w.files().forEach(rewrite::addFile);
        }
        Map<SourcePartition, Long> offsets = LakeTable.offsetsAt(t, head);
        if (!offsets.isEmpty()) {
            rewrite.set(CommitSummary.OFFSETS, CommitSummary.offsetsJson(offsets));
        }
        rewrite.set(CommitSummary.COMMIT_ID, commitId);
        try {
            new ParentPin(table.name(), head == null ? null : head.snapshotId()).commit(rewrite);
        } catch (ValidationException e) {
            throw new MlcycleException(
                    Reason.CONFLICT,
                    "compaction of " + table.name() + " conflicts with a commit made since snapshot "
                            + plan.snapshotId() + ": " + e.getMessage() + "; nothing was committed",
                    e);
        }
        return TableWriter.committedSnapshot(t, commitId);
    }

    /** Merges one group into sorted files; a file found unsorted is sorted in memory and the group redone. */
    private WrittenFiles merge(CompactionPlan.Group g) {
        Table t = table.iceberg();
        TableLayout layout = table.layout();
        RecordOrder order = table.order();
        int currentOrder = t.sortOrder().orderId();
        Set<String> sortInMemory = new HashSet<>();
        for (DataFile f : g.files()) {
            if (f.sortOrderId() == null || f.sortOrderId() != currentOrder) {
                sortInMemory.add(f.location());
            }
        }
        while (true) {
            // The inputs' own bytes per row size the outputs: a group of at most the target in bytes
            // becomes one file of about its inputs' size, never a run of files that are small again.
            double bytesPerRow = g.rows() == 0 ? 0 : (double) g.bytes() / g.rows();
            SortedFileWriter out = new SortedFileWriter(
                    t, options.targetFileBytes(), bytesPerRow, layout.position(layout.timeColumn()));
            try (out) {
                List<SortedMerge.Run> runs = new ArrayList<>();
                try (SortedMerge merge = open(runs, g, layout.schema(), order, sortInMemory)) {
                    while (merge.hasNext()) {
                        out.write(g.files().get(0).partition(), merge.next());
                    }
                }
                return out.finish();
            } catch (SortedMerge.UnsortedRunException e) {
                sortInMemory.add(e.run()); // out.close() deleted what the group had written
            }
        }
    }

    private SortedMerge open(
            List<SortedMerge.Run> runs,
            CompactionPlan.Group g,
            Schema schema,
            Comparator<Record> order,
            Set<String> sortInMemory) {
        try {
            for (DataFile f : g.files()) {
                CloseableIterable<Record> rows = Parquet.read(
                                table.iceberg().io().newInputFile(f.location(), f.fileSizeInBytes()))
                        .project(schema)
                        .createReaderFunc(fileSchema -> GenericParquetReaders.buildReader(schema, fileSchema))
                        .build();
                if (sortInMemory.contains(f.location())) {
                    List<Record> all = new ArrayList<>();
                    try (rows) {
                        rows.forEach(all::add);
                    }
                    all.sort(order);
                    runs.add(new SortedMerge.Run(f.location(), CloseableIterator.withClose(all.iterator())));
                } else {
                    runs.add(new SortedMerge.Run(f.location(), rows.iterator()));
                }
            }
            return new SortedMerge(runs, order);
        } catch (IOException | RuntimeException e) {
            for (SortedMerge.Run r : runs) {
                try {
                    r.rows().close();
                } catch (IOException | RuntimeException ignored) {
                    // already failing
                }
            }
            if (e instanceof IOException io) {
                throw new UncheckedIOException("cannot read the files of " + table.name() + ": " + io.getMessage(), io);
            }
            throw (RuntimeException) e;
        }
    }

    private LakeCommit describe(Snapshot s, List<WrittenFiles> outputs) {
        List<DataFileInfo> infos = new ArrayList<>();
        long rows = 0;
        long bytes = 0;
        Instant min = null;
        Instant max = null;
        for (WrittenFiles w : outputs) {
            w.files().forEach(f -> infos.add(table.fileInfo(f)));
            rows += w.rows();
            bytes += w.bytes();
            if (w.minTime() != null && (min == null || w.minTime().isBefore(min))) {
                min = w.minTime();
            }
            if (w.maxTime() != null && (max == null || w.maxTime().isAfter(max))) {
                max = w.maxTime();
            }
        }
        return new LakeCommit(
                table.dataset(),
                table.kind().tableName(),
                s.snapshotId(),
                s.parentId(),
                LakeCommit.Operation.REPLACE,
                infos,
                rows,
                bytes,
                List.of(),
                min,
                max,
                Instant.ofEpochMilli(s.timestampMillis()));
    }
}
