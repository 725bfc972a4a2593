package dev.mlcycle.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TextTest {
    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void previewShowsShortPrintableValuesAsTheyAre() {
        assertThat(Text.preview(utf8("{\"region\":\"mars\",\"städte\":\"Zürich\"}"), 60))
                .isEqualTo("{\"region\":\"mars\",\"städte\":\"Zürich\"}");
    }

    @Test
    void previewEscapesControlCharactersAndBackslashes() {
        assertThat(Text.preview(utf8("a\nb\tc\rd\u0000e\u001bf\u007fg\\h\u2028"), 60))
                .isEqualTo("a\\nb\\tc\\rd\\u0000e\\u001Bf\\u007Fg\\\\h\\u2028");
    }

    @Test
    void previewEscapesBytesThatAreNotUtf8AndKeepsTheValidOnes() {
        byte[] value = {
            'o', 'k', (byte) 0xff, (byte) 0xc3, (byte) 0xa9, (byte) 0xc3, 'x', (byte) 0xed, (byte) 0xa0, (byte) 0x80
        };
        // 0xff is never UTF-8; c3 a9 is "é"; a lone c3 is cut short; ed a0 80 would be a surrogate.
        assertThat(Text.preview(value, 60)).isEqualTo("ok\\xFFé\\xC3x\\xED\\xA0\\x80");
    }

    @Test
    void previewRejectsOverlongEncodings() {
        byte[] overlongSlash = {(byte) 0xc0, (byte) 0xaf, (byte) 0xe0, (byte) 0x80, (byte) 0xaf};
        assertThat(Text.preview(overlongSlash, 60)).isEqualTo("\\xC0\\xAF\\xE0\\x80\\xAF");
    }

    @Test
    void previewKeepsFourByteCharactersWhole() {
        assertThat(Text.preview(utf8("🙂x"), 60)).isEqualTo("🙂x");
    }

    @Test
    void previewCutsLongValuesWithoutSplittingAnEscape() {
        String cut = Text.preview(utf8("x".repeat(59) + "\n" + "y".repeat(100)), 60);
        assertThat(cut).isEqualTo("x".repeat(59) + Text.ELLIPSIS);
        assertThat(Text.preview(utf8("z".repeat(60)), 60)).isEqualTo("z".repeat(60));
        assertThat(Text.preview(utf8("z".repeat(61)), 60)).isEqualTo("z".repeat(60) + Text.ELLIPSIS);
    }

    @Test
    void previewOfAHugeValueLooksOnlyAtItsStart() {
        byte[] huge = new byte[16 << 20];
        Arrays.fill(huge, (byte) 'a');
        huge[huge.length - 1] = (byte) 0xff;
        assertThat(Text.preview(huge, 60)).isEqualTo("a".repeat(60) + Text.ELLIPSIS);
    }

    @Test
    void previewNamesNullAndEmptyValues() {
        assertThat(Text.preview(null, 60)).isEqualTo("(null)");
        assertThat(Text.preview(new byte[0], 60)).isEqualTo("(empty)");
    }

    @Test
    void showsByteCountsInBinaryUnits() {
        assertThat(Text.bytes(0)).isEqualTo("0 B");
        assertThat(Text.bytes(1023)).isEqualTo("1023 B");
        assertThat(Text.bytes(1024)).isEqualTo("1.0 KiB");
        assertThat(Text.bytes(1536)).isEqualTo("1.5 KiB");
        assertThat(Text.bytes(16L << 20)).isEqualTo("16.0 MiB");
        assertThat(Text.bytes(Long.MAX_VALUE)).isEqualTo("8.0 EiB");
    }

    @Test
    void cutsOneLineTexts() {
        assertThat(Text.cut(null, 10)).isEmpty();
        assertThat(Text.cut("short", 10)).isEqualTo("short");
        assertThat(Text.cut("a\nb", 10)).isEqualTo("a\\nb");
        assertThat(Text.cut("0123456789abc", 10)).isEqualTo("0123456...").hasSize(10);
    }

    @Test
    void tableAlignsColumnsToTheWidestCellAndStripsTrailingBlanks() {
        assertThat(Text.table(
                        java.util.List.of("NAME", "V", "NOTE"),
                        java.util.List.of(
                                java.util.List.of("roc_auc", "0.8123", ""),
                                java.util.Arrays.asList("a", null, "long note"),
                                java.util.List.of("short"))))
                .containsExactly("NAME     V       NOTE", "roc_auc  0.8123", "a        -       long note", "short");
    }

    @Test
    void tableOfNoRowsIsItsHeader() {
        assertThat(Text.table(java.util.List.of("A", "B"), java.util.List.of())).containsExactly("A  B");
    }
}
