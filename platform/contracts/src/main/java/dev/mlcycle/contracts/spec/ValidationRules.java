package dev.mlcycle.contracts.spec;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Limits every record of a dataset is checked against, beyond the types of its fields.
 *
 * @param earliest the oldest event time accepted
 * @param maxFuture how far past the reader's clock an event time may be
 * @param rejectUnknownFields whether a field the spec does not name rejects the record (the default:
 *     silently dropping it would lose data); when false such fields are ignored
 * @param maxRecordBytes the largest record accepted, in bytes
 * @param maxDepth the deepest JSON nesting parsed before the record is rejected
 */
public record ValidationRules(
        Instant earliest, Duration maxFuture, boolean rejectUnknownFields, int maxRecordBytes, int maxDepth) {

    public static final Instant DEFAULT_EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    public static final Duration DEFAULT_MAX_FUTURE = Duration.ofDays(1);
    public static final int DEFAULT_MAX_RECORD_BYTES = 1 << 20;
    public static final int DEFAULT_MAX_DEPTH = 16;

    public static final ValidationRules DEFAULTS = new ValidationRules(
            DEFAULT_EARLIEST, DEFAULT_MAX_FUTURE, true, DEFAULT_MAX_RECORD_BYTES, DEFAULT_MAX_DEPTH);

    public ValidationRules {
        Objects.requireNonNull(earliest, "earliest");
        Objects.requireNonNull(maxFuture, "maxFuture");
    }
}
