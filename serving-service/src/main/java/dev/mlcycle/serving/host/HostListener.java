package dev.mlcycle.serving.host;

import java.time.Duration;
import java.time.Instant;

/**
 * Told by a {@link ModelHost} what happens to the models it serves, for logs and metrics. Called on the host's
 * loader thread, one call at a time; an exception thrown here is logged and ignored. Every method does nothing by
 * default.
 */
public interface HostListener {
    /** A version was verified, loaded and warmed (it is served from its next swap on). */
    default void loaded(String model, int version, Duration load, Duration warm) {}

    /** A version failed to verify, load, warm or start: it is not served, the one before keeps serving. */
    default void failed(String model, ModelStatus.Failure failure) {}

    /** A model's champion or challenger changed: the new deployment answers from now on. */
    default void swapped(Swap swap) {}

    /** A version was released: no lease was left and it is neither aliased nor retained; its batcher is closed. */
    default void released(String model, int version) {}

    /** A model left the registry (or this host's models): it is no longer served. */
    default void removed(String model) {}

    /**
     * One swap.
     *
     * @param model the model
     * @param championBefore the champion served before, or null for the first deployment
     * @param champion the champion served now
     * @param challengerBefore the challenger served before, or null
     * @param challenger the challenger served now, or null
     * @param recordAt when the registry record that asked for it was written
     * @param at when the new deployment was swapped in
     */
    record Swap(
            String model,
            Integer championBefore,
            int champion,
            Integer challengerBefore,
            Integer challenger,
            Instant recordAt,
            Instant at) {
        /** From the registry record to the swap (negative if the clocks disagree). */
        public Duration latency() {
            return Duration.between(recordAt, at);
        }
    }
}
