package dev.mlcycle.contracts;

/**
 * Header names on {@code mlcycle.dlq.<dataset>} records. The value of a dead letter is the original
 * bytes, untouched; these headers say why it was rejected and where it came from.
 */
public final class DlqHeaders {
    /** A {@link dev.mlcycle.contracts.validation.RejectReason} name, e.g. {@code UNKNOWN_CATEGORY}. */
    public static final String REASON = "mlcycle.reason";
    /** The field at fault, empty when the record as a whole was bad (not JSON, too large). */
    public static final String FIELD = "mlcycle.field";
    /** A sentence saying what was expected and what came. */
    public static final String DETAIL = "mlcycle.detail";

    public static final String SOURCE_TOPIC = "mlcycle.source.topic";
    public static final String SOURCE_PARTITION = "mlcycle.source.partition";
    public static final String SOURCE_OFFSET = "mlcycle.source.offset";
    /** Epoch milliseconds of the source record's Kafka timestamp. */
    public static final String SOURCE_TIMESTAMP = "mlcycle.source.timestamp";

    private DlqHeaders() {}
}
