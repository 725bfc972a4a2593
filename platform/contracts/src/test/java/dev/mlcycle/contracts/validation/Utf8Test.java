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
    void decodesOnlyWellFormedText() {
        assertThat(Utf8.decodeOrNull("ü".getBytes(StandardCharsets.UTF_8))).isEqualTo("ü");
        assertThat(Utf8.decodeOrNull(new byte[] {'a', (byte) 0xc3})).isNull();
    }
}
