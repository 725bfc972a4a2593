package dev.mlcycle.monitoring.topology;

import dev.mlcycle.contracts.json.Codecs;
import dev.mlcycle.contracts.json.JsonCodec;
import dev.mlcycle.contracts.record.PredictionRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Joins labels to predictions by dataset and event id, in either order: a prediction waits in {@link
 * MonitoringTopology#PENDING} for its label, a label waits in {@link MonitoringTopology#LABEL_STORE} for predictions that
 * come after it (a shadow, a retry), each for {@link TopologySettings#labelMaxDelay()} on the wall clock; a prediction
 * still unlabelled then is dropped and counted. Several versions' predictions of one event (champion and shadow)
 * each get the label. A joined pair goes on keyed by its model version.
 */
final class LabelJoin implements Processor<String, Envelope, String, Envelope> {
    /** Separates the parts of a pending key; event ids never hold it (they are JSON text). */
    static final char SEP = '\u0000';

    private static final JsonCodec<Joined> JOINED = JsonCodec.of(Joined.class);

    private final TopologySettings settings;
    private final TopologyListener listener;
    private ProcessorContext<String, Envelope> context;
    private KeyValueStore<String, Envelope> pending;
    private KeyValueStore<String, Envelope> labels;

    LabelJoin(TopologySettings settings, TopologyListener listener) {
        this.settings = settings;
        this.listener = listener;
    }

    @Override
    public void init(ProcessorContext<String, Envelope> context) {
        this.context = context;
        this.pending = context.getStateStore(MonitoringTopology.PENDING);
        this.labels = context.getStateStore(MonitoringTopology.LABEL_STORE);
        context.schedule(settings.checkInterval(), PunctuationType.WALL_CLOCK_TIME, this::expire);
    }

    @Override
    public void process(Record<String, Envelope> record) {
        Envelope e = record.value();
        long now = context.currentSystemTimeMs();
        if (e.kind() == Envelope.Kind.PREDICTION) {
            Envelope label = labels.get(e.joinKey());
            if (label != null) {
                emit(record, e, label);
            } else {
                pending.put(e.joinKey() + SEP + e.model() + SEP + e.version(), stamped(e, now));
            }
            return;
        }
        List<String> done = new ArrayList<>();
        try (KeyValueIterator<String, Envelope> it = pending.prefixScan(e.joinKey() + SEP, new StringSerializer())) {
            while (it.hasNext()) {
                KeyValue<String, Envelope> kv = it.next();
                emit(record, kv.value, e);
                done.add(kv.key);
            }
        }
        done.forEach(pending::delete);
        labels.put(e.joinKey(), stamped(e, now));
    }

    private void emit(Record<String, Envelope> record, Envelope prediction, Envelope label) {
        PredictionRecord p;
        try {
            p = Codecs.PREDICTION_RECORD.decode(prediction.payload(), "pending prediction");
        } catch (RuntimeException ex) {
            listener.skipped(TopologyListener.SKIP_MALFORMED, "pending", ex.getMessage());
            return;
        }
        byte[] joined = JOINED.encode(new Joined(p, new String(label.payload(), StandardCharsets.UTF_8)));
        Envelope out = new Envelope(
                Envelope.Kind.JOINED,
                prediction.model(),
                prediction.version(),
                prediction.dataset(),
                prediction.eventId(),
                p.effectiveTime().toEpochMilli(),
                joined);
        listener.joined(prediction.model(), prediction.version());
        context.forward(record.withKey(Envelope.versionKey(prediction.model(), prediction.version()))
                .withValue(out));
    }

    /** The envelope with {@code time} set to when it was stored, which is what expiry measures. */
    private static Envelope stamped(Envelope e, long now) {
        return new Envelope(e.kind(), e.model(), e.version(), e.dataset(), e.eventId(), now, e.payload());
    }

    private void expire(long now) {
        long before = now - settings.labelMaxDelay().toMillis();
        sweep(pending, before, true);
        sweep(labels, before, false);
    }

    private void sweep(KeyValueStore<String, Envelope> store, long before, boolean count) {
        List<KeyValue<String, Envelope>> old = new ArrayList<>();
        try (KeyValueIterator<String, Envelope> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<String, Envelope> kv = it.next();
                if (kv.value.time() < before) {
                    old.add(kv);
                }
            }
        }
        for (KeyValue<String, Envelope> kv : old) {
            store.delete(kv.key);
            if (count) {
                listener.expired(kv.value.dataset());
            }
        }
    }
}
