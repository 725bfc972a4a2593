package dev.mlcycle.contracts.validation;

/**
 * Why a record was rejected. The name travels in the {@code mlcycle.reason} header of dead letters and
 * tags the rejection counters, so names are stable.
 */
public enum RejectReason {
    /** No value at all (a tombstone) or zero bytes. */
    EMPTY,
    /** Larger than the spec's {@code max_record_bytes}. */
    TOO_LARGE,
    /** The bytes are not valid UTF-8. */
    NOT_UTF8,
    /** Not parseable JSON, or trailing content after it. */
    NOT_JSON,
    /** Nested deeper than the spec's {@code max_depth}. */
    TOO_DEEP,
    /** JSON, but not an object. */
    NOT_AN_OBJECT,
    /** The same field twice in one object. */
    DUPLICATE_FIELD,
    /** A field the spec does not name, with {@code unknown_fields: reject}. */
    UNKNOWN_FIELD,
    /** A required field is absent. */
    MISSING_FIELD,
    /** A field that is not nullable is null. */
    NULL_VALUE,
    /** A field has the wrong JSON type. */
    WRONG_TYPE,
    /** A number outside the spec's min and max, or not finite. */
    OUT_OF_RANGE,
    /** A category outside the spec's values, with {@code unseen: reject}. */
    UNKNOWN_CATEGORY,
    /** An event time that cannot be parsed, is before {@code earliest} or too far in the future. */
    BAD_TIMESTAMP,
    /** A blank or oversized id or key. */
    INVALID_VALUE,
    /** An event id seen before in the same batch. */
    DUPLICATE_ID,
    /** The Kafka key differs from the event's key field. */
    KEY_MISMATCH
}
