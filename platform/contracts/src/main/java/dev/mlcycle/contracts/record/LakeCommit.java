package dev.mlcycle.contracts.record;

import dev.mlcycle.contracts.Topics;
import java.time.Instant;
import java.util.List;

/**
 * One commit to a lake table, that is one Apache Iceberg snapshot: the value of {@code
 * mlcycle.lake.commits} ({@link Topics#LAKE_COMMITS}), keyed by {@link #dataset()}. Written by
 * ingest after each commit; read by training, whose new-data trigger counts the rows since the last
 * run, and by people looking back at what landed when.
 *
 * <p>{@link #rows()} and {@link #bytes()} are those of the snapshot's added files as the writer
 * reports them; they are not required to equal the sums over {@link #files()}, since a {@link
 * Operation#REPLACE} (compaction) lists only the files it wrote.
 *
 * @param dataset the dataset, as in {@link Topics#DATASET_NAME}
 * @param table the table within the dataset's namespace: {@code events}, {@code labels}, ...
 * @param snapshotId the Iceberg snapshot id this commit created
 * @param parentSnapshotId optional: the snapshot it was based on; absent for a table's first commit
 * @param operation what the commit did
 * @param files the data files added, possibly none (a delete)
 * @param rows rows added, {@code >= 0}
 * @param bytes bytes added, {@code >= 0}
 * @param offsets the Kafka offsets the commit covers, per topic partition; empty for maintenance
 *     commits that read no topic (compaction)
 * @param minEventTime optional: the earliest event time among the rows; absent when there are none
 * @param maxEventTime optional: the latest event time among the rows, not before {@code min_event_time}
 * @param committedAt when the snapshot was committed
 */
public record LakeCommit(
        String dataset,
        String table,
        long snapshotId,
        Long parentSnapshotId,
        Operation operation,
        List<DataFileInfo> files,
        long rows,
        long bytes,
        List<OffsetRange> offsets,
        Instant minEventTime,
        Instant maxEventTime,
        Instant committedAt) {

    /** What a commit did to the table, after Iceberg's snapshot operations. */
    public enum Operation {
        /** New rows added: ingestion. */
        APPEND,
        /** Files rewritten with the same rows: compaction, re-sorting. */
        REPLACE,
        /** Rows or files removed: retention, expiry. */
        DELETE
    }

    public LakeCommit {
        Fields.matching(dataset, Topics.DATASET_NAME, "dataset");
        Fields.text(table, "table");
        Fields.required(operation, "operation");
        files = Fields.list(files, "files");
        Fields.atLeast(rows, 0, "rows");
        Fields.atLeast(bytes, 0, "bytes");
        offsets = Fields.list(offsets, "offsets");
        Fields.ordered(minEventTime, "min_event_time", maxEventTime, "max_event_time");
        Fields.required(committedAt, "committed_at");
    }
}
