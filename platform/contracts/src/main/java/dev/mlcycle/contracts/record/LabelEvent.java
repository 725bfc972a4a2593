package dev.mlcycle.contracts.record;

import java.time.Instant;
import java.util.Objects;

/**
 * A label that arrives after its event: the value of {@code mlcycle.labels.<dataset>}, keyed by event
 * id. Written by producers and {@code mlcycle generate}, read by ingest and monitoring. On the wire a
 * flat JSON object: the spec's id field, the spec's label field, and {@value #LABEL_TIME}; see {@link
 * dev.mlcycle.contracts.validation.LabelEventCodec}.
 *
 * @param id the event id the label belongs to
 * @param label a {@link String} class or a {@link Double} value
 * @param labelTime when the label became known
 */
public record LabelEvent(String id, Object label, Instant labelTime) {
    /** The JSON field carrying {@link #labelTime()}. */
    public static final String LABEL_TIME = "label_time";

    public LabelEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(labelTime, "labelTime");
    }
}
