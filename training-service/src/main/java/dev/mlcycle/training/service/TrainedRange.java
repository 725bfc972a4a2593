package dev.mlcycle.training.service;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * The rows a registered model may have been trained on, as its model card's lineage ({@link ModelCard.DataLineage})
 * tells them: events of its window (at or after {@code window_from}, when it had one) up to its validation split's
 * first event time. Its train split was the rows before that time; rows at exactly that time may have been on
 * either side of the cut (ties are broken by event id), so they count as trained on too.
 *
 * <p>This is conservative: a row inside the range that was not in the champion's events snapshot (an event
 * backfilled later with an old event time) is still counted, because which snapshot a row arrived in cannot be told
 * from the rows the candidate reads. Leaving a row out of a comparison is safe; scoring the champion on a row it
 * learned from is not.
 *
 * @param version the model version
 * @param eventsSnapshotId the events snapshot it was trained on, or null when its card does not say
 * @param fromMicros the first event time it may have seen, in microseconds, or null for no lower bound
 * @param throughMicros the last event time it may have trained on, in microseconds (inclusive); {@link
 *     Long#MAX_VALUE} when its card does not say, so every row counts as seen
 * @param reason why rows in the range are left out, in words, for the gate's evidence
 */
record TrainedRange(int version, Long eventsSnapshotId, Long fromMicros, long throughMicros, String reason) {

    /** Whether the model may have been trained on a row with this event time. */
    boolean mayHaveTrainedOn(long eventTimeMicros) {
        return (fromMicros == null || eventTimeMicros >= fromMicros) && eventTimeMicros <= throughMicros;
    }

    /**
     * The range a model card states.
     *
     * @param version the model's version, for the evidence
     * @param card the model card's JSON, or null when the bundle has none
     */
    static TrainedRange of(int version, JsonNode card) {
        JsonNode data = card == null ? null : card.get("data");
        Instant through = instant(data, "validation_from");
        if (through == null) {
            return new TrainedRange(
                    version,
                    null,
                    null,
                    Long.MAX_VALUE,
                    "its model card does not say which rows it was trained on (data.validation_from), so every"
                            + " row counts as seen");
        }
        Instant from = instant(data, "window_from");
        Long snapshot = data.path("events_snapshot_id").canConvertToLong()
                ? data.get("events_snapshot_id").asLong()
                : null;
        String reason = "event time "
                + (from == null ? "" : "from " + from + " ")
                + "at or before " + through + ", where its validation split starts, in events snapshot "
                + (snapshot == null ? "(unknown)" : snapshot) + " or backfilled since";
        return new TrainedRange(version, snapshot, from == null ? null : micros(from), micros(through), reason);
    }

    /** A {@link ModelCard.DataLineage} time field as the card writes it (ISO-8601), or null when absent or bad. */
    private static Instant instant(JsonNode data, String field) {
        JsonNode v = data == null ? null : data.get(field);
        if (v == null || !v.isTextual()) {
            return null;
        }
        try {
            return Instant.parse(v.asText());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static long micros(Instant t) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, t);
    }
}
