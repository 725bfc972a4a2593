package dev.mlcycle.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Small text helpers the commands share: byte sizes for people, safe previews of raw bytes, aligned
 * tables.
 */
final class Text {
    /** Marks a cut; ASCII, since a terminal in the C locale shows "…" as "?". */
    static final String ELLIPSIS = "...";

    private Text() {}

    /** A byte count for people: {@code 512 B}, {@code 1.5 KiB}, {@code 16.0 MiB}, {@code 2.3 GiB}. */
    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    /**
     * The start of a raw value as one safe line of at most {@code maxChars} characters (plus an
     * ellipsis when cut): UTF-8 characters as they are; control characters as {@code \n}, {@code \t},
     * {@code \r} or {@code \\u0000}; bytes that are not UTF-8 as {@code \xNN}; a backslash as {@code
     * \\}, so that every escape is unambiguous. Only the bytes needed are looked at, so a 16 MiB value
     * costs no more than a short one.
     */
    static String preview(byte[] value, int maxChars) {
        if (value == null) {
            return "(null)";
        }
        if (value.length == 0) {
            return "(empty)";
        }
        StringBuilder sb = new StringBuilder(Math.min(maxChars + 8, 256));
        int i = 0;
        while (i < value.length) {
            String piece;
            int len = sequenceLength(value, i);
            if (len == 0) {
                piece = String.format(Locale.ROOT, "\\x%02X", value[i] & 0xff);
                len = 1;
            } else {
                int cp = decode(value, i, len);
                piece = escape(cp);
            }
            if (sb.length() + piece.length() > maxChars) {
                return sb.append(ELLIPSIS).toString();
            }
            sb.append(piece);
            i += len;
        }
        return sb.toString();
    }

    private static String escape(int cp) {
        return switch (cp) {
            case '\n' -> "\\n";
            case '\r' -> "\\r";
            case '\t' -> "\\t";
            case '\\' -> "\\\\";
            default -> {
                // C0 and C1 controls, DEL, and the line/paragraph separators that break a terminal line.
                if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == 0x2028 || cp == 0x2029) {
                    yield String.format(Locale.ROOT, "\\u%04X", cp);
                }
                yield new String(Character.toChars(cp));
            }
        };
    }

    /**
     * Length of the well-formed UTF-8 sequence starting at {@code i} (Unicode 15, table 3-7), or 0 when
     * the bytes there are not one.
     */
    static int sequenceLength(byte[] b, int i) {
        int b0 = b[i] & 0xff;
        if (b0 < 0x80) {
            return 1;
        }
        int n;
        int lo = 0x80;
        int hi = 0xbf;
        if (b0 >= 0xc2 && b0 <= 0xdf) {
            n = 2;
        } else if (b0 >= 0xe0 && b0 <= 0xef) {
            n = 3;
            if (b0 == 0xe0) {
                lo = 0xa0; // no overlong forms
            } else if (b0 == 0xed) {
                hi = 0x9f; // no surrogates
            }
        } else if (b0 >= 0xf0 && b0 <= 0xf4) {
            n = 4;
            if (b0 == 0xf0) {
                lo = 0x90;
            } else if (b0 == 0xf4) {
                hi = 0x8f; // not above U+10FFFF
            }
        } else {
            return 0;
        }
        if (i + n > b.length) {
            return 0;
        }
        int b1 = b[i + 1] & 0xff;
        if (b1 < lo || b1 > hi) {
            return 0;
        }
        for (int k = 2; k < n; k++) {
            int bk = b[i + k] & 0xff;
            if (bk < 0x80 || bk > 0xbf) {
                return 0;
            }
        }
        return n;
    }

    private static int decode(byte[] b, int i, int n) {
        int b0 = b[i] & 0xff;
        return switch (n) {
            case 1 -> b0;
            case 2 -> ((b0 & 0x1f) << 6) | (b[i + 1] & 0x3f);
            case 3 -> ((b0 & 0x0f) << 12) | ((b[i + 1] & 0x3f) << 6) | (b[i + 2] & 0x3f);
            default -> ((b0 & 0x07) << 18) | ((b[i + 1] & 0x3f) << 12) | ((b[i + 2] & 0x3f) << 6) | (b[i + 3] & 0x3f);
        };
    }

    /** Cuts a one-line text to at most {@code max} characters, ending with an ellipsis when cut. */
    static String cut(String s, int max) {
        if (s == null) {
            return "";
        }
        String line = s.replace("\r", "\\r").replace("\n", "\\n");
        return line.length() <= max ? line : line.substring(0, Math.max(0, max - ELLIPSIS.length())) + ELLIPSIS;
    }

    /**
     * Rows as left-aligned columns two spaces apart, each column as wide as its widest cell, trailing
     * blanks stripped; the header is the first line. A null cell shows as {@code -}; a row shorter than
     * the header leaves its last columns empty.
     */
    static List<String> table(List<String> header, List<List<String>> rows) {
        int columns = header.size();
        int[] width = new int[columns];
        for (int c = 0; c < columns; c++) {
            width[c] = header.get(c).length();
        }
        for (List<String> row : rows) {
            for (int c = 0; c < Math.min(columns, row.size()); c++) {
                width[c] = Math.max(width[c], cell(row, c).length());
            }
        }
        List<String> lines = new ArrayList<>(rows.size() + 1);
        lines.add(line(header, width));
        for (List<String> row : rows) {
            lines.add(line(row, width));
        }
        return lines;
    }

    private static String cell(List<String> row, int c) {
        if (c >= row.size()) {
            return "";
        }
        String v = row.get(c);
        return v == null ? "-" : v;
    }

    private static String line(List<String> row, int[] width) {
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < width.length; c++) {
            String v = cell(row, c);
            sb.append(v);
            if (c < width.length - 1) {
                sb.append(" ".repeat(width[c] - v.length() + 2));
            }
        }
        return sb.toString().stripTrailing();
    }
}
