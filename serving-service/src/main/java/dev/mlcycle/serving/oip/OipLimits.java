package dev.mlcycle.serving.oip;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;

/**
 * Bounds on one infer request, checked before any work that grows with the input, so a hostile body fails fast.
 *
 * @param maxBodyBytes the largest body accepted (JSON header and binary tensors together); larger is 413
 * @param maxJsonDepth the deepest JSON nesting parsed (a request needs 5 levels for nested {@code [N,1]} data)
 * @param maxRowsPerRequest the most rows one request may carry; more is 413
 * @param maxStringLength the longest JSON string or BYTES element, in characters or bytes
 */
public record OipLimits(int maxBodyBytes, int maxJsonDepth, int maxRowsPerRequest, int maxStringLength) {
    /** 16 MiB, depth 16, 100,000 rows, 64 KiB strings. */
    public static final OipLimits DEFAULTS = new OipLimits(16 << 20, 16, 100_000, 64 << 10);

    public OipLimits {
        positive("maxBodyBytes", maxBodyBytes);
        if (maxJsonDepth < 5) {
            throw new MlcycleException(
                    Reason.INVALID_ARGUMENT,
                    "maxJsonDepth must be at least 5 (a request with nested data needs 5), got " + maxJsonDepth);
        }
        positive("maxRowsPerRequest", maxRowsPerRequest);
        positive("maxStringLength", maxStringLength);
    }

    private static void positive(String name, int value) {
        if (value <= 0) {
            throw new MlcycleException(Reason.INVALID_ARGUMENT, name + " must be positive, got " + value);
        }
    }
}
