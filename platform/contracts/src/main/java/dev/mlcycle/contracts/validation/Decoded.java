package dev.mlcycle.contracts.validation;

import dev.mlcycle.contracts.MlcycleException;
import java.util.Objects;

/**
 * The outcome of decoding one record against a spec: the value, or why it was rejected. A bad record
 * is an expected outcome, not an exception, so a batch carries on past it.
 *
 * @param <T> the record type
 */
public sealed interface Decoded<T> {

    record Valid<T>(T value) implements Decoded<T> {
        public Valid {
            Objects.requireNonNull(value, "value");
        }
    }

    record Invalid<T>(Rejection rejection) implements Decoded<T> {
        public Invalid {
            Objects.requireNonNull(rejection, "rejection");
        }
    }

    default boolean isValid() {
        return this instanceof Valid<T>;
    }

    /** The value, or an {@link MlcycleException} naming {@code source} and the rejection. */
    default T orThrow(String source) {
        if (this instanceof Valid<T> v) {
            return v.value();
        }
        Rejection r = ((Invalid<T>) this).rejection();
        throw new MlcycleException(
                MlcycleException.Reason.INVALID_RECORD, source + ": " + r.reason() + ", " + r.detail());
    }
}
