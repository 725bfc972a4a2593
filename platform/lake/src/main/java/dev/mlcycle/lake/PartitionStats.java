package dev.mlcycle.lake;

/**
 * The data files of one partition in a snapshot.
 *
 * @param partition the partition, as a path: {@code event_time_day=2026-01-03}
 * @param files how many data files
 * @param rows rows in them
 * @param bytes their total size
 * @param minFileBytes the smallest file's size
 * @param maxFileBytes the largest file's size
 */
public record PartitionStats(
        String partition, int files, long rows, long bytes, long minFileBytes, long maxFileBytes) {}
