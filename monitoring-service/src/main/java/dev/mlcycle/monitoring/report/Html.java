package dev.mlcycle.monitoring.report;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Escaping and number formats for the report page. Every string from a record goes through {@link #text}. */
final class Html {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter SHORT_TIME =
            DateTimeFormatter.ofPattern("MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

    private Html() {}

    /**
     * Text safe in element content and in quoted attribute values (HTML and SVG): {@code & < > " '} as character
     * references; control characters other than tab, line feed and carriage return dropped (they are not allowed in
     * HTML text). Null is the empty string.
     */
    static String text(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> {
                    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) {
                        continue;
                    }
                    b.append(c);
                }
            }
        }
        return b.toString();
    }

    /** A number for people: 4 significant digits, scientific when tiny or huge; "-" for null. */
    static String num(Double v) {
        if (v == null) {
            return "-";
        }
        double a = Math.abs(v);
        if (v == 0) {
            return "0";
        }
        if (a < 1e-3 || a >= 1e6) {
            return String.format(Locale.ROOT, "%.3e", v);
        }
        return String.format(Locale.ROOT, "%.4g", v);
    }

    /** A coordinate in SVG: two decimals, no exponent. */
    static String px(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    static String time(Instant t) {
        return t == null ? "-" : TIME.format(t);
    }

    static String shortTime(Instant t) {
        return t == null ? "-" : SHORT_TIME.format(t);
    }
}
