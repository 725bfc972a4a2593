package dev.mlcycle.serving.host;

import dev.mlcycle.contracts.spec.DatasetSpec;
import java.util.Optional;

/**
 * What serves one model right now: an immutable view, swapped atomically as a whole by the model host.
 *
 * <p>PLACEHOLDER from the log helper's branch, so that the router compiles against SERVING.md's interface before the
 * host lands: the host helper's file (which adds {@code Admission admission()}) replaces this one at merge.
 */
public interface Deployment {
    String model();

    DatasetSpec spec();

    /** The version the champion alias points at; never null. */
    ServedVersion champion();

    /** The version the challenger alias points at, when there is one. */
    Optional<ServedVersion> challenger();

    /** An aliased version or one of the last retained ones. */
    Optional<ServedVersion> version(int version);
}
