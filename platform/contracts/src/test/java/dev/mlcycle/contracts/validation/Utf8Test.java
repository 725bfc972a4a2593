package dev.mlcycle.contracts.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Utf8Test {

    @Test
    void recognisesUtf8() {
        assertThat(Utf8.isValid("plain ü 🙂".getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(Utf8.isValid(new byte[] {(byte) 0xff})).isFalse();
        // A lone surrogate encoded as three bytes: what lenient decoders let through.
        assertThat(Utf8.isValid(new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}))
                .isFalse();
        assertThat(Utf8.isValid(new byte[0])).isTrue();
    }

    @Test
    void findsABadByteOrAMultiByteCharacterAtAnyPositionOfAnyLength() {
        byte[] e = "é".getBytes(StandardCharsets.UTF_8);
        for (int n = 1; n <= 40; n++) {
            for (int at = 0; at < n; at++) {
                byte[] bad = "x".repeat(n).getBytes(StandardCharsets.US_ASCII);
                bad[at] = (byte) 0xff;
                assertThat(Utf8.isValid(bad)).as("0xff at %d of %d", at, n).isFalse();
                if (at + 1 < n) {
                    byte[] good = bad.clone();
                    good[at] = e[0];
                    good[at + 1] = e[1];
                    assertThat(Utf8.isValid(good)).as("é at %d of %d", at, n).isTrue();
                    good[at + 1] = 'x';
                    assertThat(Utf8.isValid(good))
                            .as("a cut é at %d of %d", at, n)
                            .isFalse();
                }
            }
            assertThat(Utf8.isValid("y".repeat(n).getBytes(StandardCharsets.US_ASCII)))
                    .isTrue();
        }
    }

    @Test
    void decodesOnlyWellFormedText() {
        assertThat(Utf8.decodeOrNull("ü".getBytes(StandardCharsets.UTF_8))).isEqualTo("ü");
        assertThat(Utf8.decodeOrNull(new byte[] {'a', (byte) 0xc3})).isNull();
    }
}
