package dev.mlcycle.training.adapter;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.lake.SourcePartition;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The end offsets of topics as the lake names partitions: training compares them with the offsets the lake has
 * committed, to know how far ingest is behind. The reading is platform/topics' {@link dev.mlcycle.topics.TopicEnds}.
 */
public final class TopicEnds {
    private final dev.mlcycle.topics.TopicEnds ends;

    /** End offsets from these brokers. */
    public TopicEnds(String bootstrap) {
        this.ends = new dev.mlcycle.topics.TopicEnds(bootstrap, "mlcycle-training-topic-ends");
    }

    /**
     * The end offset of every partition of these topics; a topic that does not exist has none.
     *
     * @throws MlcycleException {@link Reason#UNAVAILABLE} when the brokers do not answer in time
     */
    public Map<SourcePartition, Long> of(List<String> topics) {
        Map<SourcePartition, Long> out = new TreeMap<>();
        ends.of(topics).forEach((tp, end) -> out.put(new SourcePartition(tp.topic(), tp.partition()), end));
        return out;
    }
}
