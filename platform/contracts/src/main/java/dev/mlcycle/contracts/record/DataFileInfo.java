package dev.mlcycle.contracts.record;

/**
 * One Parquet data file a lake commit added. Nested in {@link LakeCommit}, on {@code
 * mlcycle.lake.commits}.
 *
 * @param path the file's location as the lake's catalog knows it
 * @param partition the Hive-style partition it belongs to, e.g. {@code dt=2026-01-01}
 * @param rows rows in the file, {@code >= 0}
 * @param bytes file size in bytes, {@code >= 0}
 */
public record DataFileInfo(String path, String partition, long rows, long bytes) {

    public DataFileInfo {
        Fields.text(path, "path");
        Fields.text(partition, "partition");
        Fields.atLeast(rows, 0, "rows");
        Fields.atLeast(bytes, 0, "bytes");
    }
}
