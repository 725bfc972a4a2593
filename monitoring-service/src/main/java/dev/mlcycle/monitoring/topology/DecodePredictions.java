package dev.mlcycle.monitoring.topology;

import dev.mlcycle.contracts.Topics;
import dev.mlcycle.contracts.json.Codecs;
import dev.mlcycle.contracts.record.PredictionRecord;
import dev.mlcycle.monitoring.drift.Reference;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Reads a record of {@code mlcycle.predictions.<model>}: a malformed one, one for another model than its topic's, or
 * one of a version the registry does not have is counted and skipped, never stops the topology; a good one goes on
 * keyed by its model version.
 */
final class DecodePredictions implements Processor<byte[], byte[], String, Envelope> {
    private final ReferenceSource references;
    private final TopologyListener listener;
    private final boolean includeBatch;
    private ProcessorContext<String, Envelope> context;

    DecodePredictions(ReferenceSource references, TopologyListener listener, boolean includeBatch) {
        this.references = references;
        this.listener = listener;
        this.includeBatch = includeBatch;
    }

    @Override
    public void init(ProcessorContext<String, Envelope> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        String topic = context.recordMetadata().map(RecordMetadata::topic).orElse("?");
        if (record.value() == null) {
            listener.skipped(TopologyListener.SKIP_MALFORMED, topic, "a record without a value");
            return;
        }
        PredictionRecord p;
        try {
            p = Codecs.PREDICTION_RECORD.decode(record.value(), topic);
        } catch (RuntimeException e) {
            listener.skipped(TopologyListener.SKIP_MALFORMED, topic, e.getMessage());
            return;
        }
        if (!topic.equals(Topics.predictions(p.model()))) {
            listener.skipped(
                    TopologyListener.SKIP_MALFORMED,
                    topic,
                    "a prediction of model " + p.model() + " on the topic of another model");
            return;
        }
        if (!includeBatch && "batch".equals(p.variant())) {
            listener.skipped(TopologyListener.SKIP_BATCH, topic, "batch prediction");
            return;
        }
        Optional<Reference> reference = references.reference(p.model(), p.version());
        if (reference.isEmpty()) {
            listener.skipped(
                    TopologyListener.SKIP_NO_REFERENCE,
                    topic,
                    p.model() + " v" + p.version() + " has no loadable reference profile");
            return;
        }
        Envelope e = new Envelope(
                Envelope.Kind.PREDICTION,
                p.model(),
                p.version(),
                reference.get().dataset(),
                p.eventId() == null ? "" : p.eventId(),
                p.effectiveTime().toEpochMilli(),
                record.value());
        context.forward(
                record.withKey(Envelope.versionKey(p.model(), p.version())).withValue(e));
    }
}
