package dev.mlcycle.serving.oip;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.contracts.validation.Utf8;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The binary tensor data extension's element layout: little-endian, row-major, no padding; BOOL one byte (0 or 1);
 * BYTES a 4-byte little-endian unsigned length and that many bytes per element. Reads one tensor into the values a
 * JSON parser would have given (Boolean, Long or BigInteger, Double, String), and writes FP64 and BYTES tensors.
 */
final class BinaryTensors {
    private BinaryTensors() {}

    /**
     * The {@code count} elements of a tensor of type {@code t} in {@code body[from, from + size)}.
     *
     * @throws MlcycleException {@link Reason#INVALID_ARGUMENT} naming the input and the row if the bytes do not hold
     *     exactly {@code count} well-formed elements
     */
    static Object[] read(Datatype t, byte[] body, int from, int size, int count, String input, int maxString) {
        ByteBuffer b = ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN);
        if (t == Datatype.BYTES) {
            return readBytes(body, b, from, size, count, input, maxString);
        }
        long expected = (long) count * t.size;
        if (size != expected) {
            throw new MlcycleException(
                    Reason.INVALID_ARGUMENT,
                    "input \"" + input + "\": parameters.binary_data_size is " + size + " bytes, expected " + count
                            + " elements x " + t.size + " bytes of " + t + " = " + expected);
        }
        Object[] out = new Object[count];
        for (int r = 0; r < count; r++) {
            int at = from + r * t.size;
            out[r] = switch (t) {
                case BOOL -> {
                    byte v = b.get(at);
                    if (v != 0 && v != 1) {
                        throw new MlcycleException(
                                Reason.INVALID_ARGUMENT,
                                "input \"" + input + "\", row " + r + ": expected a BOOL byte 0 or 1, got " + v);
                    }
                    yield v == 1;
                }
                case UINT8 -> (long) (b.get(at) & 0xFF);
                case UINT16 -> (long) (b.getShort(at) & 0xFFFF);
                case UINT32 -> b.getInt(at) & 0xFFFF_FFFFL;
                case UINT64 -> {
                    long v = b.getLong(at);
                    yield v >= 0 ? (Object) v : new BigInteger(Long.toUnsignedString(v));
                }
                case INT8 -> (long) b.get(at);
                case INT16 -> (long) b.getShort(at);
                case INT32 -> (long) b.getInt(at);
                case INT64 -> b.getLong(at);
                case FP32 -> (double) b.getFloat(at);
                case FP64 -> b.getDouble(at);
                case BYTES -> throw new IllegalStateException("BYTES is read by readBytes");
            };
        }
        return out;
    }

    private static Object[] readBytes(
            byte[] body, ByteBuffer b, int from, int size, int count, String input, int maxString) {
        Object[] out = new Object[count];
        int end = from + size;
        int at = from;
        for (int r = 0; r < count; r++) {
            if (end - at < Integer.BYTES) {
                throw new MlcycleException(
                        Reason.INVALID_ARGUMENT,
                        "input \"" + input + "\", row " + r + ": expected a 4-byte BYTES length, only " + (end - at)
                                + " bytes of the tensor's " + size + " are left");
            }
            long len = b.getInt(at) & 0xFFFF_FFFFL;
            at += Integer.BYTES;
            if (len > end - at) {
                throw new MlcycleException(
                        Reason.INVALID_ARGUMENT,
                        "input \"" + input + "\", row " + r + ": a BYTES element of " + len + " bytes runs past the end"
                                + " of the tensor (" + (end - at) + " bytes left of parameters.binary_data_size "
                                + size + ")");
            }
            if (len > maxString) {
                throw new MlcycleException(
                        Reason.INVALID_ARGUMENT,
                        "input \"" + input + "\", row " + r + ": expected a BYTES element of at most " + maxString
                                + " bytes, got " + len);
            }
            byte[] bytes = Arrays.copyOfRange(body, at, at + (int) len);
            String s = Utf8.decodeOrNull(bytes);
            if (s == null) {
                throw new MlcycleException(
                        Reason.INVALID_ARGUMENT,
                        "input \"" + input + "\", row " + r + ": expected UTF-8 text, got bytes that are not UTF-8");
            }
            out[r] = s;
            at += (int) len;
        }
        if (at != end) {
            throw new MlcycleException(
                    Reason.INVALID_ARGUMENT,
                    "input \"" + input + "\": " + count + " BYTES elements take " + (at - from)
                            + " bytes, but parameters.binary_data_size says " + size);
        }
        return out;
    }

    /** FP64 elements, little-endian. */
    static byte[] fp64(double[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * Double.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            b.putDouble(v);
        }
        return b.array();
    }

    /** BYTES elements: each a 4-byte little-endian length and its UTF-8 bytes. */
    static byte[] bytes(String[] values) {
        byte[][] encoded = new byte[values.length][];
        int total = 0;
        for (int i = 0; i < values.length; i++) {
            encoded[i] = values[i] == null ? new byte[0] : values[i].getBytes(java.nio.charset.StandardCharsets.UTF_8);
            total += Integer.BYTES + encoded[i].length;
        }
        ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        for (byte[] e : encoded) {
            b.putInt(e.length);
            b.put(e);
        }
        return b.array();
    }
}
