package dev.mlcycle.contracts.validation;

import java.nio.ByteBuffer;
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

    /** True when the bytes are well-formed UTF-8. Plain ASCII is checked without decoding. */
    public static boolean isValid(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
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
