package dev.mlcycle.datagen;

/** What a generated record is. */
public enum RecordKind {
    /** A valid feature event, on the events topic. */
    EVENT,
    /** A delayed label, on the labels topic. */
    LABEL,
    /** A malformed record, on the events topic; ingest must reject it. */
    MALFORMED
}
