package dev.mlcycle.datagen.fault;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.contracts.validation.RejectReason;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The faults a run can inject. {@link #NULLS} and {@link #OUTLIERS} change valid events, which stay
 * valid; the others are malformed records emitted in addition to the valid events, each of which {@link
 * dev.mlcycle.contracts.validation.FeatureEventCodec#decode} rejects with {@link #expectedReason()}.
 */
public enum FaultKind {
    /** A nullable feature of a valid event set to null. */
    NULLS(null),
    /** A numeric feature of a valid event pushed far into its tail, still inside the spec's range. */
    OUTLIERS(null),
    /** Truncated or garbled JSON. */
    BROKEN_JSON(RejectReason.NOT_JSON),
    /** A field of the wrong JSON type: a number as a string, a string as a number, an object. */
    WRONG_TYPE(RejectReason.WRONG_TYPE),
    /** A required field removed: the id, the key, the timestamp or a non-nullable feature. */
    MISSING_FIELD(RejectReason.MISSING_FIELD),
    /** A category outside the values of a feature with {@code unseen: reject}. */
    UNKNOWN_CATEGORY(RejectReason.UNKNOWN_CATEGORY),
    /** A number outside the spec's min and max. */
    OUT_OF_RANGE(RejectReason.OUT_OF_RANGE),
    /** An unparseable event time, or one before the spec's earliest. */
    BAD_TIMESTAMP(RejectReason.BAD_TIMESTAMP);

    private final RejectReason expectedReason;

    FaultKind(RejectReason expectedReason) {
        this.expectedReason = expectedReason;
    }

    /** The reason the codec rejects this kind with; null for faults in valid events. */
    public RejectReason expectedReason() {
        return expectedReason;
    }

    /** Whether this kind is a malformed record (rather than a change to a valid event). */
    public boolean malformed() {
        return expectedReason != null;
    }

    /** The name used on the command line and in the manifest: {@code broken_json}. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The six malformed kinds, in declaration order (the order a {@code malformed=R} remainder goes). */
    public static List<FaultKind> malformedKinds() {
        return Arrays.stream(values()).filter(FaultKind::malformed).toList();
    }

    /** The kind called {@code name} (as {@link #cliName()}, case-insensitive, {@code -} allowed for {@code _}). */
    public static FaultKind parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        for (FaultKind k : values()) {
            if (k.cliName().equals(n)) {
                return k;
            }
        }
        throw new MlcycleException(
                Reason.INVALID_ARGUMENT,
                "fault kind \"" + name + "\": expected one of "
                        + String.join(
                                ", ",
                                Arrays.stream(values()).map(FaultKind::cliName).toList())
                        + " or malformed");
    }
}
