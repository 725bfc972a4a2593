package dev.mlcycle.lake;

import java.time.Instant;
import java.util.List;
import org.apache.iceberg.DataFile;

/**
 * Data files a {@link TableWriter} wrote and has not committed yet.
 *
 * @param files the files, in (partition, sort key) order
 * @param rows rows in all files
 * @param bytes bytes of all files
 * @param minTime the earliest value of the table's time column among the rows; null if none
 * @param maxTime the latest value of the table's time column among the rows; null if none
 */
public record WrittenFiles(List<DataFile> files, long rows, long bytes, Instant minTime, Instant maxTime) {
    private static final WrittenFiles EMPTY = new WrittenFiles(List.of(), 0, 0, null, null);

    public WrittenFiles {
        files = List.copyOf(files);
        if (rows < 0 || bytes < 0) {
            throw new IllegalArgumentException("rows and bytes must be >= 0, got " + rows + " and " + bytes);
        }
    }

    /** No files: what writing no rows gives, and what a commit of only offsets takes. */
    public static WrittenFiles empty() {
        return EMPTY;
    }

    public boolean isEmpty() {
        return files.isEmpty();
    }
}
