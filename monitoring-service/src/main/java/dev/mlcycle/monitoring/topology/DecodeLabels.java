package dev.mlcycle.monitoring.topology;

import dev.mlcycle.contracts.Topics;
import dev.mlcycle.contracts.record.LabelEvent;
import dev.mlcycle.contracts.spec.DatasetSpec;
import dev.mlcycle.contracts.validation.Decoded;
import dev.mlcycle.contracts.validation.LabelEventCodec;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Reads a record of {@code mlcycle.labels.<dataset>} against the dataset's spec, as ingest does: a label that does not
 * decode is counted and skipped; a good one goes on keyed by dataset and event id.
 */
final class DecodeLabels implements Processor<byte[], byte[], String, Envelope> {
    private final ReferenceSource references;
    private final TopologyListener listener;
    private final Map<String, LabelEventCodec> codecs = new HashMap<>();
    private ProcessorContext<String, Envelope> context;

    DecodeLabels(ReferenceSource references, TopologyListener listener) {
        this.references = references;
        this.listener = listener;
    }

    @Override
    public void init(ProcessorContext<String, Envelope> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        String topic = context.recordMetadata().map(RecordMetadata::topic).orElse("?");
        String dataset = topic.substring(Topics.LABELS_PREFIX.length());
        LabelEventCodec codec = codecs.get(dataset);
        if (codec == null) {
            Optional<DatasetSpec> spec = references.spec(dataset);
            if (spec.isEmpty()) {
                listener.skipped(TopologyListener.SKIP_UNKNOWN_DATASET, topic, "no spec for dataset " + dataset);
                return;
            }
            codec = new LabelEventCodec(spec.get());
            codecs.put(dataset, codec);
        }
        if (record.value() == null) {
            listener.skipped(TopologyListener.SKIP_MALFORMED, topic, "a record without a value");
            return;
        }
        Decoded<LabelEvent> decoded;
        try {
            decoded = codec.decode(record.value());
        } catch (RuntimeException e) {
            listener.skipped(TopologyListener.SKIP_MALFORMED, topic, String.valueOf(e.getMessage()));
            return;
        }
        if (decoded instanceof Decoded.Invalid<LabelEvent> invalid) {
            listener.skipped(
                    TopologyListener.SKIP_MALFORMED,
                    topic,
                    invalid.rejection().reason() + ", " + invalid.rejection().detail());
            return;
        }
        LabelEvent label = ((Decoded.Valid<LabelEvent>) decoded).value();
        Envelope e = new Envelope(
                Envelope.Kind.LABEL,
                "",
                0,
                dataset,
                label.id(),
                label.labelTime().toEpochMilli(),
                String.valueOf(label.label()).getBytes(StandardCharsets.UTF_8));
        context.forward(record.withKey(e.joinKey()).withValue(e));
    }
}
