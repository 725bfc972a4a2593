package dev.mlcycle.serving.oip;

import dev.mlcycle.contracts.spec.FeatureType;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The tensor datatypes this codec reads, with their size in the binary tensor data extension. */
enum Datatype {
    BOOL(1),
    UINT8(1),
    UINT16(2),
    UINT32(4),
    UINT64(8),
    INT8(1),
    INT16(2),
    INT32(4),
    INT64(8),
    FP32(4),
    FP64(8),
    /** Each element a 4-byte little-endian length and that many bytes (UTF-8 text here). */
    BYTES(-1);

    private static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    /** Bytes per element in binary form; -1 for BYTES (length-prefixed). */
    final int size;

    Datatype(int size) {
        this.size = size;
    }

    static Optional<Datatype> parse(String name) {
        for (Datatype d : values()) {
            if (d.name().equals(name)) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    static String known() {
        return Arrays.toString(values());
    }

    boolean isInteger() {
        return this != BOOL && this != BYTES && !isFloat();
    }

    boolean isFloat() {
        return this == FP32 || this == FP64;
    }

    /** The datatypes a feature of this type accepts, the first the one the model's metadata advertises. */
    static List<Datatype> accepted(FeatureType type) {
        return switch (type) {
            case NUMERIC -> List.of(FP64, FP32, INT64, INT32, INT16, INT8, UINT64, UINT32, UINT16, UINT8);
            case INTEGER -> List.of(INT64, INT32, INT16, INT8, UINT64, UINT32, UINT16, UINT8, FP64, FP32);
            case CATEGORICAL -> List.of(BYTES);
            case BOOLEAN -> List.of(BOOL);
        };
    }

    /** The smallest value of an integer datatype. */
    BigInteger min() {
        return switch (this) {
            case INT8 -> BigInteger.valueOf(Byte.MIN_VALUE);
            case INT16 -> BigInteger.valueOf(Short.MIN_VALUE);
            case INT32 -> BigInteger.valueOf(Integer.MIN_VALUE);
            case INT64 -> BigInteger.valueOf(Long.MIN_VALUE);
            default -> BigInteger.ZERO;
        };
    }

    /** The largest value of an integer datatype. */
    BigInteger max() {
        return switch (this) {
            case INT8 -> BigInteger.valueOf(Byte.MAX_VALUE);
            case INT16 -> BigInteger.valueOf(Short.MAX_VALUE);
            case INT32 -> BigInteger.valueOf(Integer.MAX_VALUE);
            case INT64 -> BigInteger.valueOf(Long.MAX_VALUE);
            case UINT8 -> BigInteger.valueOf(0xFF);
            case UINT16 -> BigInteger.valueOf(0xFFFF);
            case UINT32 -> BigInteger.valueOf(0xFFFF_FFFFL);
            case UINT64 -> UINT64_MAX;
            default -> BigInteger.ZERO;
        };
    }

    String describe() {
        return isInteger() ? name() + " (an integer in [" + min() + ", " + max() + "])" : name();
    }
}
