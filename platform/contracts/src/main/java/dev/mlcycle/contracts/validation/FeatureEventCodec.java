package dev.mlcycle.contracts.validation;

import com.fasterxml.jackson.core.JsonFactory;
import dev.mlcycle.contracts.record.FeatureEvent;
import dev.mlcycle.contracts.spec.DatasetSpec;
import dev.mlcycle.contracts.spec.FeatureSpec;
import dev.mlcycle.contracts.spec.LabelSpec;
import dev.mlcycle.contracts.validation.FlatJson.Raw;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads and writes the events of one dataset as flat JSON, checking each against the spec:
 *
 * <pre>{"event_id":"e-1","customer_id":"c-42","event_time":"2026-01-01T00:00:00Z","income":52000.0,"region":"north"}</pre>
 *
 * <p>Decoding never throws for bad input: it returns {@link Decoded.Invalid} with the reason code, the
 * field and what was expected against what came. Checks run in a fixed order (the bytes, then id, key,
 * event time, features in spec order, label), so the same record always gets the same reason. It is
 * thread-safe and allocation-light; ingest calls it for every record.
 */
public final class FeatureEventCodec {
    private static final JsonFactory WRITER = new JsonFactory();

    private final DatasetSpec spec;
    private final Clock clock;
    private final FlatJson json;
    private final Map<String, Integer> slots = new HashMap<>();
    private final FeatureSpec[] features;
    private final int idSlot;
    private final int keySlot;
    private final int timeSlot;
    private final int labelSlot;
    private final int size;
    private final PlainJsonWriter plainWriter;

    public FeatureEventCodec(DatasetSpec spec) {
        this(spec, Clock.systemUTC());
    }

    /** @param clock the clock the "not too far in the future" rule reads */
    public FeatureEventCodec(DatasetSpec spec, Clock clock) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.json = new FlatJson(
                spec.validation().maxRecordBytes(), spec.validation().maxDepth());
        this.features = spec.features().toArray(FeatureSpec[]::new);
        this.plainWriter = new PlainJsonWriter(spec);
        for (int i = 0; i < features.length; i++) {
            slots.put(features[i].name(), i);
        }
        idSlot = features.length;
        keySlot = idSlot + 1;
        timeSlot = idSlot + 2;
        labelSlot = idSlot + 3;
        size = idSlot + 4;
        slots.put(spec.id(), idSlot);
        slots.put(spec.key(), keySlot);
        slots.put(spec.timestamp(), timeSlot);
        slots.put(spec.label().name(), labelSlot);
    }

    public DatasetSpec spec() {
        return spec;
    }

    /** Decodes and checks one event value. */
    public Decoded<FeatureEvent> decode(byte[] value) {
        Raw[] raw = new Raw[size];
        List<String> unknown = new ArrayList<>(0);
        Rejection bad = json.read(value, sink(raw), unknown);
        if (bad != null) {
            return new Decoded.Invalid<>(bad);
        }
        if (!unknown.isEmpty() && spec.validation().rejectUnknownFields()) {
            String f = unknown.get(0);
            return new Decoded.Invalid<>(new Rejection(
                    RejectReason.UNKNOWN_FIELD,
                    f,
                    "field \"" + f + "\": expected only the fields of dataset " + spec.name()
                            + ", got an unknown field"));
        }
        Object[] out = new Object[1];
        Rejection r;
        if ((r = FieldChecks.identifier(spec.id(), raw[idSlot], out)) != null) {
            return new Decoded.Invalid<>(r);
        }
        String id = (String) out[0];
        if ((r = FieldChecks.identifier(spec.key(), raw[keySlot], out)) != null) {
            return new Decoded.Invalid<>(r);
        }
        String key = (String) out[0];
        if ((r = FieldChecks.timestamp(spec.timestamp(), raw[timeSlot], spec.validation(), clock, out)) != null) {
            return new Decoded.Invalid<>(r);
        }
        java.time.Instant time = (java.time.Instant) out[0];
        Map<String, Object> values = new LinkedHashMap<>(features.length * 2);
        for (int i = 0; i < features.length; i++) {
            if ((r = FieldChecks.feature(features[i], raw[i], out)) != null) {
                return new Decoded.Invalid<>(r);
            }
            values.put(features[i].name(), out[0]);
        }
        Object label = null;
        Raw rawLabel = raw[labelSlot];
        boolean inline = spec.label().arrives() == LabelSpec.Arrival.INLINE;
        if (inline || (rawLabel != null && !rawLabel.isNull())) {
            if ((r = FieldChecks.label(spec.label(), rawLabel, out)) != null) {
                return new Decoded.Invalid<>(r);
            }
            label = out[0];
        }
        return new Decoded.Valid<>(new FeatureEvent(id, key, time, values, label));
    }

    /** Encodes an event as compact flat JSON: id, key, event time, features in spec order, label. */
    public byte[] encode(FeatureEvent event) {
        Object[] values = new Object[features.length];
        for (int i = 0; i < features.length; i++) {
            values[i] = event.features().get(features[i].name());
        }
        return encode(event.id(), event.key(), event.timestamp(), values, event.label());
    }

    /**
     * Encodes an event given as its parts, the same bytes as {@link #encode(FeatureEvent)}; for writers
     * of many events (the generator) that hold rows, not {@link FeatureEvent}s.
     *
     * @param values the feature values in spec order, typed as in {@link FeatureEvent#features()}
     * @param label the inline label, or null to leave it out
     */
    public byte[] encode(String id, String key, Instant timestamp, Object[] values, Object label) {
        if (values.length != features.length) {
            throw new IllegalArgumentException("expected " + features.length + " feature values for dataset "
                    + spec.name() + ", got " + values.length);
        }
        byte[] plain = plainWriter.event(id, key, timestamp, values, label);
        return plain != null ? plain : FlatJson.write(WRITER, fields(id, key, timestamp, values, label));
    }

    /**
     * The event as an ordered field map, the form {@link #encode} writes. Tools that need a record
     * close to a valid one (fault injection, tests) start from this.
     */
    public LinkedHashMap<String, Object> fields(FeatureEvent event) {
        Object[] values = new Object[features.length];
        for (int i = 0; i < features.length; i++) {
            values[i] = event.features().get(features[i].name());
        }
        return fields(event.id(), event.key(), event.timestamp(), values, event.label());
    }

    private LinkedHashMap<String, Object> fields(
            String id, String key, Instant timestamp, Object[] values, Object label) {
        LinkedHashMap<String, Object> fields = new LinkedHashMap<>();
        fields.put(spec.id(), id);
        fields.put(spec.key(), key);
        fields.put(spec.timestamp(), timestamp);
        for (int i = 0; i < features.length; i++) {
            fields.put(features[i].name(), values[i]);
        }
        if (label != null) {
            fields.put(spec.label().name(), label);
        }
        return fields;
    }

    /** Writes any ordered field map as flat JSON, the same way {@link #encode} does. */
    public static byte[] encodeFields(Map<String, ?> fields) {
        return FlatJson.write(WRITER, fields);
    }

    private FlatJson.FieldSink sink(Raw[] raw) {
        return new FlatJson.FieldSink() {
            @Override
            public int slot(String name) {
                Integer i = slots.get(name);
                return i == null ? -1 : i;
            }

            @Override
            public void put(int slot, Raw value) {
                raw[slot] = value;
            }
        };
    }
}
