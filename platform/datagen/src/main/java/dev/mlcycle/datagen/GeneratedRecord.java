package dev.mlcycle.datagen;

import dev.mlcycle.contracts.record.FeatureEvent;
import dev.mlcycle.contracts.record.LabelEvent;
import dev.mlcycle.contracts.spec.DatasetSpec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;

/**
 * One record of a generated stream, in emission order: what a sink sends ({@link #topic()}, {@link
 * #key()}, {@link #value()}) plus what tests and manifests need to know about it. The byte arrays are
 * not copied; do not change them. Immutable; {@link #event()} is built on first use.
 */
public final class GeneratedRecord {
    private final long seq;
    private final RecordKind kind;
    private final String topic;
    private final byte[] key;
    private final byte[] value;
    private final long index;
    private final String eventId;
    private final Instant time;
    private final LabelEvent label;
    private final Truth truth;
    private final List<InjectedFault> faults;
    // For EVENT: what event() is built from.
    private final DatasetSpec spec;
    private final Object[] row;
    private final Object inlineLabel;
    private FeatureEvent event;

    GeneratedRecord(
            long seq,
            RecordKind kind,
            String topic,
            byte[] key,
            byte[] value,
            long index,
            String eventId,
            Instant time,
            LabelEvent label,
            Truth truth,
            List<InjectedFault> faults,
            DatasetSpec spec,
            Object[] row,
            Object inlineLabel) {
        this.seq = seq;
        this.kind = Objects.requireNonNull(kind, "kind");
        this.topic = Objects.requireNonNull(topic, "topic");
        this.key = key;
        this.value = Objects.requireNonNull(value, "value");
        this.index = index;
        this.eventId = eventId;
        this.time = time;
        this.label = label;
        this.truth = truth;
        this.faults = List.copyOf(faults);
        this.spec = spec;
        this.row = row;
        this.inlineLabel = inlineLabel;
    }

    /** The position in the emitted stream, from 0, over both topics. */
    public long seq() {
        return seq;
    }

    /** Event, label or malformed record. */
    public RecordKind kind() {
        return kind;
    }

    /** The Kafka topic. */
    public String topic() {
        return topic;
    }

    /** The Kafka key: the customer id of events and malformed records, the event id of labels. */
    public byte[] key() {
        return key;
    }

    /**
     * The Kafka value: flat JSON exactly as {@link dev.mlcycle.contracts.validation.FeatureEventCodec}
     * and {@link dev.mlcycle.contracts.validation.LabelEventCodec} encode it, or malformed bytes.
     */
    public byte[] value() {
        return value;
    }

    /**
     * The valid-event index: of the event (EVENT), of the labelled event (LABEL), or of the valid event a
     * malformed record is emitted just before (MALFORMED).
     */
    public long index() {
        return index;
    }

    /** The event id, or null for a malformed record that carries none intact. */
    public String eventId() {
        return eventId;
    }

    /**
     * The event time (EVENT), the label time (LABEL), or the event time a malformed record was built with
     * (MALFORMED: its position's nominal time plus jitter, whatever its fault did to the field).
     */
    public Instant time() {
        return time;
    }

    /** What the value decodes to (EVENT only; null otherwise). */
    public FeatureEvent event() {
        FeatureEvent e = event;
        if (e == null && row != null) {
            LinkedHashMap<String, Object> values = new LinkedHashMap<>(row.length * 2);
            for (int f = 0; f < row.length; f++) {
                values.put(spec.features().get(f).name(), row[f]);
            }
            e = new FeatureEvent(eventId, keyString(), time, values, inlineLabel);
            event = e;
        }
        return e;
    }

    /** What the value decodes to (LABEL only; null otherwise). */
    public LabelEvent label() {
        return label;
    }

    /** The ground truth (EVENT only; null otherwise). */
    public Truth truth() {
        return truth;
    }

    /**
     * The faults this record carries: nulls and outliers for events, exactly one for a malformed record,
     * none for labels.
     */
    public List<InjectedFault> faults() {
        return faults;
    }

    /** The key as text. */
    public String keyString() {
        return key == null ? null : new String(key, StandardCharsets.UTF_8);
    }

    /** The value as text (every generated value is UTF-8). */
    public String valueString() {
        return new String(value, StandardCharsets.UTF_8);
    }

    /** The malformed kind's fault, or null for events and labels. */
    public InjectedFault malformation() {
        return kind == RecordKind.MALFORMED ? faults.get(0) : null;
    }

    @Override
    public String toString() {
        return "GeneratedRecord[seq=" + seq + ", kind=" + kind + ", topic=" + topic + ", key=" + keyString()
                + ", value=" + valueString() + ", faults=" + faults + "]";
    }
}
