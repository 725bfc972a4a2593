package dev.mlcycle.lake;

import java.util.List;
import org.apache.iceberg.DataFile;

/**
 * What {@link Compactor#compact()} would do: groups of small files, each group in one partition and
 * merged into one sorted output (more only if the merge exceeds the target size).
 *
 * @param table the table name
 * @param snapshotId the snapshot the plan was made from; null for a table without snapshots
 * @param groups the groups, by partition
 */
public record CompactionPlan(String table, Long snapshotId, List<Group> groups) {

    public CompactionPlan {
        groups = List.copyOf(groups);
    }

    /**
     * Files merged together.
     *
     * @param partition the partition path: {@code event_time_day=2026-01-03}
     * @param files the input files, each smaller than the small-file threshold
     * @param rows rows in them
     * @param bytes their total size
     */
    public record Group(String partition, List<DataFile> files, long rows, long bytes) {
        public Group {
            files = List.copyOf(files);
        }
    }

    public boolean isEmpty() {
        return groups.isEmpty();
    }

    /** Input files over all groups. */
    public int inputFiles() {
        return groups.stream().mapToInt(g -> g.files().size()).sum();
    }

    /** Input bytes over all groups. */
    public long inputBytes() {
        return groups.stream().mapToLong(Group::bytes).sum();
    }
}
