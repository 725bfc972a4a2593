package dev.mlcycle.lake;

import java.time.Duration;
import java.util.Objects;

/**
 * What {@link Compactor} rewrites and how.
 *
 * @param targetFileBytes the size of the files compaction writes (and rolls at)
 * @param smallFileRatio a file smaller than {@code smallFileRatio * targetFileBytes} is small and may
 *     be merged; in (0, 1]
 * @param minInputFiles a partition is compacted only once it has this many small files; {@code >= 2}
 * @param maxFilesPerGroup at most this many files are merged into one output (each open file holds a
 *     row group in memory and a file handle); {@code >= 2}
 * @param commitRetries retries of the REPLACE commit after the first attempt
 * @param retryBackoff the first wait between attempts, doubling, capped at {@link
 *     WriterOptions#MAX_BACKOFF}
 */
public record CompactionOptions(
        long targetFileBytes,
        double smallFileRatio,
        int minInputFiles,
        int maxFilesPerGroup,
        int commitRetries,
        Duration retryBackoff) {

    public static final double DEFAULT_SMALL_FILE_RATIO = 0.75;
    public static final int DEFAULT_MIN_INPUT_FILES = 5;
    public static final int DEFAULT_MAX_FILES_PER_GROUP = 100;

    public CompactionOptions {
        if (targetFileBytes < WriterOptions.MIN_TARGET_FILE_BYTES) {
            throw new IllegalArgumentException(
                    "targetFileBytes must be >= " + WriterOptions.MIN_TARGET_FILE_BYTES + ", got " + targetFileBytes);
        }
        if (!(smallFileRatio > 0 && smallFileRatio <= 1)) {
            throw new IllegalArgumentException("smallFileRatio must be in (0, 1], got " + smallFileRatio);
        }
        if (minInputFiles < 2) {
            throw new IllegalArgumentException("minInputFiles must be >= 2, got " + minInputFiles);
        }
        if (maxFilesPerGroup < 2) {
            throw new IllegalArgumentException("maxFilesPerGroup must be >= 2, got " + maxFilesPerGroup);
        }
        if (commitRetries < 0) {
            throw new IllegalArgumentException("commitRetries must be >= 0, got " + commitRetries);
        }
        Objects.requireNonNull(retryBackoff, "retryBackoff");
        if (retryBackoff.isNegative()) {
            throw new IllegalArgumentException("retryBackoff must not be negative, got " + retryBackoff);
        }
    }

    /** 128 MiB files, small below 75 %, at least 5 small files, at most 100 per group, 10 retries. */
    public static CompactionOptions defaults() {
        return new CompactionOptions(
                WriterOptions.DEFAULT_TARGET_FILE_BYTES,
                DEFAULT_SMALL_FILE_RATIO,
                DEFAULT_MIN_INPUT_FILES,
                DEFAULT_MAX_FILES_PER_GROUP,
                WriterOptions.DEFAULT_COMMIT_RETRIES,
                WriterOptions.DEFAULT_RETRY_BACKOFF);
    }

    public CompactionOptions withTargetFileBytes(long bytes) {
        return new CompactionOptions(
                bytes, smallFileRatio, minInputFiles, maxFilesPerGroup, commitRetries, retryBackoff);
    }

    public CompactionOptions withSmallFileRatio(double ratio) {
        return new CompactionOptions(
                targetFileBytes, ratio, minInputFiles, maxFilesPerGroup, commitRetries, retryBackoff);
    }

    public CompactionOptions withMinInputFiles(int files) {
        return new CompactionOptions(
                targetFileBytes, smallFileRatio, files, maxFilesPerGroup, commitRetries, retryBackoff);
    }

    public CompactionOptions withMaxFilesPerGroup(int files) {
        return new CompactionOptions(
                targetFileBytes, smallFileRatio, minInputFiles, files, commitRetries, retryBackoff);
    }

    public CompactionOptions withCommitRetries(int retries) {
        return new CompactionOptions(
                targetFileBytes, smallFileRatio, minInputFiles, maxFilesPerGroup, retries, retryBackoff);
    }

    /** The threshold below which a file counts as small. */
    public long smallFileBytes() {
        return (long) (smallFileRatio * targetFileBytes);
    }
}
