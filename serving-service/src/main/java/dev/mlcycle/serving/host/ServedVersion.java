package dev.mlcycle.serving.host;

import dev.mlcycle.serving.model.ServedModel;
import java.util.Optional;
import java.util.Set;

/**
 * One loaded model version as the host serves it.
 *
 * <p>PLACEHOLDER from the log helper's branch, so that the router compiles against SERVING.md's interface before the
 * host lands: the host helper's file (which adds {@code MicroBatcher batcher()}) replaces this one at merge.
 */
public interface ServedVersion {
    ServedModel model();

    int version();

    Set<String> aliases();

    /** A lease that keeps this version from being released until closed; empty once released. */
    Optional<Lease> acquire();

    interface Lease extends AutoCloseable {
        @Override
        void close();
    }
}
