package dev.mlcycle.lake;

/**
 * A data file of a snapshot, for readers that take a list of Parquet files (DuckDB's {@code
 * read_parquet}).
 *
 * @param path the absolute local path of the Parquet file
 * @param partition the partition, as a path: {@code event_time_day=2026-01-03}
 * @param rows rows in the file
 * @param bytes the file's size
 */
public record LiveFile(String path, String partition, long rows, long bytes) {}
