package dev.mlcycle.contracts.validation;

import com.fasterxml.jackson.core.JsonFactory;
import dev.mlcycle.contracts.record.LabelEvent;
import dev.mlcycle.contracts.spec.DatasetSpec;
import dev.mlcycle.contracts.spec.ValidationRules;
import dev.mlcycle.contracts.validation.FlatJson.Raw;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;

/**
 * Reads and writes the label events of one dataset as flat JSON, checked against the spec:
 *
 * <pre>{"event_id":"e-1","default":"yes","label_time":"2026-01-02T00:00:00Z"}</pre>
 *
 * <p>Like {@link FeatureEventCodec}, decoding returns a {@link Decoded} and never throws for bad input.
 */
public final class LabelEventCodec {
    private static final JsonFactory WRITER = new JsonFactory();
    private static final int ID = 0;
    private static final int LABEL = 1;
    private static final int TIME = 2;

    private final DatasetSpec spec;
    private final Clock clock;
    private final FlatJson json;
    private final PlainJsonWriter plainWriter;

    public LabelEventCodec(DatasetSpec spec) {
        this(spec, Clock.systemUTC());
    }

    public LabelEventCodec(DatasetSpec spec, Clock clock) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.clock = Objects.requireNonNull(clock, "clock");
        ValidationRules rules = spec.validation();
        this.json = new FlatJson(rules.maxRecordBytes(), rules.maxDepth());
        this.plainWriter = new PlainJsonWriter(spec);
    }

    public Decoded<LabelEvent> decode(byte[] value) {
        Raw[] raw = new Raw[3];
        List<String> unknown = new ArrayList<>(0);
        Rejection bad = json.read(
                value,
                new FlatJson.FieldSink() {
                    @Override
                    public int slot(String name) {
                        if (name.equals(spec.id())) {
                            return ID;
                        }
                        if (name.equals(spec.label().name())) {
                            return LABEL;
                        }
                        return name.equals(LabelEvent.LABEL_TIME) ? TIME : -1;
                    }

                    @Override
                    public void put(int slot, Raw v) {
                        raw[slot] = v;
                    }
                },
                unknown);
        if (bad != null) {
            return new Decoded.Invalid<>(bad);
        }
        if (!unknown.isEmpty() && spec.validation().rejectUnknownFields()) {
            String f = unknown.get(0);
            return new Decoded.Invalid<>(new Rejection(
                    RejectReason.UNKNOWN_FIELD,
                    f,
                    "field \"" + f + "\": expected only " + spec.id() + ", "
                            + spec.label().name() + " and " + LabelEvent.LABEL_TIME + ", got an unknown field"));
        }
        Object[] out = new Object[1];
        Rejection r;
        if ((r = FieldChecks.identifier(spec.id(), raw[ID], out)) != null) {
            return new Decoded.Invalid<>(r);
        }
        String id = (String) out[0];
        if ((r = FieldChecks.label(spec.label(), raw[LABEL], out)) != null) {
            return new Decoded.Invalid<>(r);
        }
        Object label = out[0];
        if ((r = FieldChecks.timestamp(LabelEvent.LABEL_TIME, raw[TIME], spec.validation(), clock, out)) != null) {
            return new Decoded.Invalid<>(r);
        }
        return new Decoded.Valid<>(new LabelEvent(id, label, (Instant) out[0]));
    }

    public byte[] encode(LabelEvent event) {
        byte[] plain = plainWriter.label(event.id(), event.label(), event.labelTime());
        if (plain != null) {
            return plain;
        }
        LinkedHashMap<String, Object> fields = new LinkedHashMap<>();
        fields.put(spec.id(), event.id());
        fields.put(spec.label().name(), event.label());
        fields.put(LabelEvent.LABEL_TIME, event.labelTime());
        return FlatJson.write(WRITER, fields);
    }
}
