package dev.mlcycle.serving.batch;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;

/**
 * The caps of an {@link Admission}: rows admitted and not yet answered, and requests admitted and not yet answered
 * (the bounded queue). {@link #DEFAULTS} follow from the batching defaults (serving-service/DESIGN.md).
 *
 * @param maxRowsInFlight the most rows admitted and not yet answered, at least 1
 * @param maxQueuedRequests the most requests admitted and not yet answered, at least 1
 */
public record AdmissionOptions(int maxRowsInFlight, int maxQueuedRequests) {
    /** 4,096 rows and 1,024 requests in flight per model (see serving-service/DESIGN.md). */
    public static final AdmissionOptions DEFAULTS = new AdmissionOptions(4096, 1024);

    public AdmissionOptions {
        if (maxRowsInFlight < 1) {
            throw new MlcycleException(
                    Reason.INVALID_ARGUMENT, "admission max-rows-in-flight must be at least 1, got " + maxRowsInFlight);
        }
        if (maxQueuedRequests < 1) {
            throw new MlcycleException(
                    Reason.INVALID_ARGUMENT,
                    "admission max-queued-requests must be at least 1, got " + maxQueuedRequests);
        }
    }
}
