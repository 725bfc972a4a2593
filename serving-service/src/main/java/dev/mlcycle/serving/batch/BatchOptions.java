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
 * @param directBudget when the batcher is idle (nothing queued, no batch running), {@code maxDelay} is zero and a
 *     request of at most {@code maxBatchRows} rows is expected (by the batcher's cost model) to run within this
 *     budget, it runs at once on the caller's thread instead of being handed to the worker; zero turns that off
 */
public record BatchOptions(int maxBatchRows, Duration maxDelay, Duration directBudget) {
    /** The measured default of {@link #directBudget}: a request expected to take at most 1 ms runs directly. */
    public static final Duration DEFAULT_DIRECT_BUDGET = Duration.ofMillis(1);

    /**
     * The measured defaults: 64 rows, no added delay (batches still form from what queues while the previous batch
     * runs), idle requests expected within 1 ms run directly; see serving-service/DESIGN.md for the figures.
     */
    public static final BatchOptions DEFAULTS = new BatchOptions(64, Duration.ZERO, DEFAULT_DIRECT_BUDGET);

    /** Options that always hand requests to the worker (no direct runs). */
    public BatchOptions(int maxBatchRows, Duration maxDelay) {
        this(maxBatchRows, maxDelay, Duration.ZERO);
    }

    public BatchOptions {
        Objects.requireNonNull(maxDelay, "maxDelay");
        Objects.requireNonNull(directBudget, "directBudget");
        if (directBudget.isNegative()) {
            throw new MlcycleException(
                    Reason.INVALID_ARGUMENT, "batching direct-budget must be zero or positive, got " + directBudget);
        }
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
