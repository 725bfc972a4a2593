package dev.mlcycle.serving.batch;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link MicroBatcher} forms batches: a batch closes when it holds {@code maxBatchRows} rows or when the oldest
 * queued request has waited {@code maxDelay}. {@link #DEFAULTS} were chosen by measurement (serving-service/DESIGN.md).
 *
 * @param maxBatchRows the most rows one {@code predict} call gets, at least 1
 * @param maxDelay how long the oldest queued request may wait for others to join it, zero or more (zero: run at once
 *     whatever is queued)
 */
public record BatchOptions(int maxBatchRows, Duration maxDelay) {
    /**
     * The measured defaults: 64 rows, no added delay (batches still form from what queues while the previous batch
     * runs); see serving-service/DESIGN.md for the figures.
     */
    public static final BatchOptions DEFAULTS = new BatchOptions(64, Duration.ZERO);

    public BatchOptions {
        Objects.requireNonNull(maxDelay, "maxDelay");
        if (maxBatchRows < 1) {
            throw new MlcycleException(
                    Reason.INVALID_ARGUMENT, "batching max-batch-rows must be at least 1, got " + maxBatchRows);
        }
        if (maxDelay.isNegative()) {
            throw new MlcycleException(
                    Reason.INVALID_ARGUMENT, "batching max-delay must be zero or positive, got " + maxDelay);
        }
    }
}
