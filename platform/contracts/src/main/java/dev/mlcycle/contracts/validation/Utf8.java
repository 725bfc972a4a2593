package dev.mlcycle.contracts.validation;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict UTF-8: well-formed sequences only (no lone surrogates, no overlong forms), unlike {@code new String(bytes,
 * UTF_8)}, which replaces bad bytes silently. The codecs use it to reject values; tools that show raw values (the
 * dead-letter views) use it to choose between text and base64.
 */
public final class Utf8 {
    private Utf8() {}

    /** Eight bytes of an array at once, for the ASCII scan. */
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    /** The high bit of each of eight bytes: set only in the bytes of multi-byte sequences (and in invalid bytes). */
    private static final long HIGH_BITS = 0x8080808080808080L;

    /**
     * True when the bytes are well-formed UTF-8. Plain ASCII, the common case, is checked eight bytes at a time
     * without decoding; anything else is decoded strictly.
     */
    public static boolean isValid(byte[] bytes) {
        int n = bytes.length;
        int i = 0;
        for (; i <= n - Long.BYTES; i += Long.BYTES) {
            if (((long) LONGS.get(bytes, i) & HIGH_BITS) != 0) {
                return decodeOrNull(bytes) != null;
            }
        }
        for (; i < n; i++) {
            if (bytes[i] < 0) {
                return decodeOrNull(bytes) != null;
            }
        }
        return true;
    }

    /** The text, or null when the bytes are not well-formed UTF-8. */
    public static String decodeOrNull(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
