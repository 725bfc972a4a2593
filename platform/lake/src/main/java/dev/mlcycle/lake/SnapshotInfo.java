package dev.mlcycle.lake;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One snapshot of a lake table, as {@link LakeTable#snapshots()} lists it.
 *
 * @param snapshotId the snapshot id
 * @param parentId the parent snapshot id, null for a table's first snapshot
 * @param committedAt when it was committed
 * @param operation Iceberg's operation: {@code append}, {@code replace} (compaction), {@code
 *     overwrite}, {@code delete}
 * @param addedFiles data files added
 * @param addedRows rows added
 * @param deletedFiles data files removed
 * @param deletedRows rows removed
 * @param totalFiles data files in the snapshot
 * @param totalRows rows in the snapshot
 * @param totalBytes bytes of data files in the snapshot
 * @param offsets the cumulative next offset per topic partition ({@link CommitSummary#OFFSETS});
 *     empty if the snapshot carries none
 * @param commitId the mlcycle commit id ({@link CommitSummary#COMMIT_ID}), null if not written by
 *     mlcycle
 * @param tags the tags pointing at the snapshot, sorted
 */
public record SnapshotInfo(
        long snapshotId,
        Long parentId,
        Instant committedAt,
        String operation,
        long addedFiles,
        long addedRows,
        long deletedFiles,
        long deletedRows,
        long totalFiles,
        long totalRows,
        long totalBytes,
        Map<SourcePartition, Long> offsets,
        String commitId,
        List<String> tags) {

    public SnapshotInfo {
        offsets = Map.copyOf(offsets);
        tags = List.copyOf(tags);
    }
}
