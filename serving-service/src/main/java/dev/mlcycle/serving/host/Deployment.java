package dev.mlcycle.serving.host;

import dev.mlcycle.contracts.spec.DatasetSpec;
import java.util.List;
import java.util.Optional;

/**
 * What serves one model at one moment: its champion, its challenger if any, and every version addressable by
 * number. Immutable; {@link ModelHost} swaps a model's whole deployment atomically, so a request that read one
 * sees a consistent champion, challenger and version set.
 *
 * @param <A> the admission type of the {@link VersionRuntime}
 * @param <B> the batcher type of the {@link VersionRuntime}
 */
public interface Deployment<A, B> {
    /** The model name. */
    String model();

    /** The dataset spec the model's inputs follow. */
    DatasetSpec spec();

    /** The model's admission, shared by all its versions and deployments. */
    A admission();

    /** The version answering by default; never null. */
    ServedVersion<B> champion();

    /** The challenger, when the registry names one that loaded. */
    Optional<ServedVersion<B>> challenger();

    /** A version by number: the aliased versions and the last retained ones; empty for any other. */
    Optional<ServedVersion<B>> version(int version);

    /** Every addressable version, highest number first. */
    List<ServedVersion<B>> versions();
}
