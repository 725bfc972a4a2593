package dev.mlcycle.lake;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link TableWriter} writes and commits.
 *
 * @param targetFileBytes a data file is closed and a new one started once it reaches this size
 *     (the file may exceed it by a little: see {@link TableWriter#write})
 * @param commitRetries how many times a failed commit is retried after the first attempt
 * @param retryBackoff the wait before the first retry; it doubles per retry, capped at {@link
 *     #MAX_BACKOFF}, with jitter
 */
public record WriterOptions(long targetFileBytes, int commitRetries, Duration retryBackoff) {
    /** 128 MiB, Iceberg's default target file size. */
    public static final long DEFAULT_TARGET_FILE_BYTES = 128L << 20;
    /** Retries after the first commit attempt. */
    public static final int DEFAULT_COMMIT_RETRIES = 10;
    /** The first backoff. */
    public static final Duration DEFAULT_RETRY_BACKOFF = Duration.ofMillis(100);
    /** The longest wait between two attempts. */
    public static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    /** The smallest target file size accepted: smaller files only make a lake slow. */
    public static final long MIN_TARGET_FILE_BYTES = 16L << 10;

    public WriterOptions {
        if (targetFileBytes < MIN_TARGET_FILE_BYTES) {
            throw new IllegalArgumentException(
                    "targetFileBytes must be >= " + MIN_TARGET_FILE_BYTES + ", got " + targetFileBytes);
        }
        if (commitRetries < 0) {
            throw new IllegalArgumentException("commitRetries must be >= 0, got " + commitRetries);
        }
        Objects.requireNonNull(retryBackoff, "retryBackoff");
        if (retryBackoff.isNegative()) {
            throw new IllegalArgumentException("retryBackoff must not be negative, got " + retryBackoff);
        }
    }

    /** 128 MiB files, 10 retries, 100 ms first backoff. */
    public static WriterOptions defaults() {
        return new WriterOptions(DEFAULT_TARGET_FILE_BYTES, DEFAULT_COMMIT_RETRIES, DEFAULT_RETRY_BACKOFF);
    }

    public WriterOptions withTargetFileBytes(long bytes) {
        return new WriterOptions(bytes, commitRetries, retryBackoff);
    }

    public WriterOptions withCommitRetries(int retries) {
        return new WriterOptions(targetFileBytes, retries, retryBackoff);
    }

    public WriterOptions withRetryBackoff(Duration backoff) {
        return new WriterOptions(targetFileBytes, commitRetries, backoff);
    }
}
