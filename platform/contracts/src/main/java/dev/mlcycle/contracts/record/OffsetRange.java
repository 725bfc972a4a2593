package dev.mlcycle.contracts.record;

/**
 * The Kafka offsets {@code [fromOffset, untilOffset)} of one topic partition that something covers:
 * the records a lake commit holds, the data a training run saw. Nested in {@link LakeCommit} (on
 * {@code mlcycle.lake.commits}) and {@link TrainingRun} (on {@code mlcycle.training.runs}); it has no
 * topic of its own.
 *
 * @param topic the topic, e.g. {@code mlcycle.events.credit}
 * @param partition the partition, {@code >= 0}
 * @param fromOffset the first offset covered, {@code >= 0}
 * @param untilOffset one past the last offset covered, {@code >= fromOffset}; equal means none
 */
public record OffsetRange(String topic, int partition, long fromOffset, long untilOffset) {

    public OffsetRange {
        Fields.text(topic, "topic");
        Fields.atLeast(partition, 0, "partition");
        Fields.atLeast(fromOffset, 0, "from_offset");
        Fields.atLeast(untilOffset, fromOffset, "until_offset");
    }

    /** How many offsets the range covers (records, plus any transaction markers among them). */
    public long count() {
        return untilOffset - fromOffset;
    }
}
