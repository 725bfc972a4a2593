package dev.mlcycle.serving.batch;

import java.time.Duration;

/**
 * What a {@link MicroBatcher} reports as it works; the service's metrics holder implements it (batch size in rows,
 * why each batch closed, queue wait, expired requests). Called on the batcher's worker thread, or on the caller's
 * thread for a request run directly ({@link Closed#DIRECT}): keep it quick. An
 * exception it throws is logged and otherwise ignored; it never costs a request its answer.
 */
public interface BatchListener {
    /** Why a batch closed. */
    enum Closed {
        /** It held {@code maxBatchRows} rows. */
        FULL,
        /** Its oldest request had waited {@code maxDelay}. */
        TIMER,
        /** The batcher was closing and ran what was left without waiting. */
        DRAIN,
        /**
         * The batcher was idle (nothing queued or running) and the request small enough: it ran at once on the
         * caller's thread, as a batch of its own, without the hand-off to the worker.
         */
        DIRECT
    }

    /** A listener that ignores everything. */
    BatchListener NONE = new BatchListener() {
        @Override
        public void batchRan(String name, int rows, int requests, Closed why, Duration run) {}

        @Override
        public void queueWait(String name, Duration waited) {}

        @Override
        public void expired(String name, int rows) {}
    };

    /**
     * A batch ran (or failed) in {@code predict}.
     *
     * @param rows the rows in the batch, at most {@code maxBatchRows}
     * @param requests how many requests (or parts of split requests) it held
     */
    void batchRan(String name, int rows, int requests, Closed why, Duration run);

    /** A request's first rows joined a batch after waiting {@code waited} in the queue. */
    void queueWait(String name, Duration waited);

    /** A request's deadline passed before its rows ran: it was answered DEADLINE_EXCEEDED and {@code rows} not run. */
    void expired(String name, int rows);
}
