package dev.mlcycle.serving.host;

import dev.mlcycle.serving.model.ServedModel;
import java.util.Optional;
import java.util.Set;

/**
 * One loaded version of a model as a {@link Deployment} offers it. A request {@linkplain #acquire() leases} it
 * before submitting to its batcher and closes the lease when answered: a version is released (its batcher
 * closed) only when no lease is left and it is neither aliased nor among the retained versions. Thread-safe.
 *
 * @param <B> the batcher type of the {@link VersionRuntime}
 */
public interface ServedVersion<B> {
    /** The loaded model: spec, classes, {@link ServedModel#predict}. */
    ServedModel model();

    /** The batcher that scores this version's requests. */
    B batcher();

    /** The version number. */
    int version();

    /** The aliases this version serves under in the deployment it came from ({@code champion}, {@code challenger}). */
    Set<String> aliases();

    /**
     * A lease that keeps this version from being released until closed; empty once it has been released (then
     * look the deployment up again: a newer one serves).
     */
    Optional<Lease> acquire();

    /** Holds a version; {@link #close} releases the hold exactly once (later calls do nothing). */
    interface Lease extends AutoCloseable {
        @Override
        void close();
    }
}
