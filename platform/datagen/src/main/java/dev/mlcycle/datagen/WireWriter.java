package dev.mlcycle.datagen;

import dev.mlcycle.contracts.record.LabelEvent;
import dev.mlcycle.contracts.spec.DatasetSpec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

/**
 * Writes valid events and labels in exactly the bytes {@link
 * dev.mlcycle.contracts.validation.FeatureEventCodec#encode} and {@link
 * dev.mlcycle.contracts.validation.LabelEventCodec#encode} produce, several times faster (no generator,
 * no maps, no formatter). Anything outside its plain path (a string that would need escaping, a non-finite
 * number, a year past 9999) returns null and the caller falls back to the codec. Tests compare both
 * writers on every record of a run, so the two cannot drift apart unnoticed.
 */
final class WireWriter {
    private final byte[] openId;
    private final byte[] keyName;
    private final byte[] timeName;
    private final byte[][] featureNames;
    private final byte[] labelName;
    private final byte[] labelTimeName;
    private byte[] buf = new byte[1024];
    private int pos;

    WireWriter(DatasetSpec spec) {
        openId = ascii("{\"" + spec.id() + "\":\"");
        keyName = ascii("\",\"" + spec.key() + "\":\"");
        timeName = ascii("\",\"" + spec.timestamp() + "\":\"");
        featureNames = new byte[spec.features().size()][];
        for (int i = 0; i < featureNames.length; i++) {
            featureNames[i] =
                    ascii((i == 0 ? "\"," : ",") + "\"" + spec.features().get(i).name() + "\":");
        }
        labelName = ascii(",\"" + spec.label().name() + "\":");
        labelTimeName = ascii(",\"" + LabelEvent.LABEL_TIME + "\":\"");
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** The event's bytes, or null if it needs the codec. {@code label} null leaves the label out. */
    byte[] event(String id, String key, Instant time, Object[] row, String label) {
        pos = 0;
        put(openId);
        if (!plain(id)) {
            return null;
        }
        put(keyName);
        if (!plain(key)) {
            return null;
        }
        put(timeName);
        if (!instant(time)) {
            return null;
        }
        if (row.length == 0) {
            put((byte) '"');
        }
        for (int i = 0; i < row.length; i++) {
            put(featureNames[i]);
            if (!value(row[i])) {
                return null;
            }
        }
        if (label != null) {
            put(labelName);
            put((byte) '"');
            if (!plain(label)) {
                return null;
            }
            put((byte) '"');
        }
        put((byte) '}');
        return Arrays.copyOf(buf, pos);
    }

    /** The label event's bytes, or null if it needs the codec. */
    byte[] label(String id, String label, Instant time) {
        pos = 0;
        put(openId);
        if (!plain(id)) {
            return null;
        }
        put((byte) '"');
        put(labelName);
        put((byte) '"');
        if (!plain(label)) {
            return null;
        }
        put((byte) '"');
        put(labelTimeName);
        if (!instant(time)) {
            return null;
        }
        put((byte) '"');
        put((byte) '}');
        return Arrays.copyOf(buf, pos);
    }

    private boolean value(Object v) {
        if (v == null) {
            text("null");
        } else if (v instanceof Double d) {
            if (!Double.isFinite(d)) {
                return false;
            }
            text(Double.toString(d));
        } else if (v instanceof Long l) {
            text(Long.toString(l));
        } else if (v instanceof String s) {
            put((byte) '"');
            if (!plain(s)) {
                return false;
            }
            put((byte) '"');
        } else if (v instanceof Boolean b) {
            text(b ? "true" : "false");
        } else {
            return false;
        }
        return true;
    }

    /** Writes {@code s} if it is printable ASCII without quote or backslash (needs no escaping). */
    private boolean plain(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7E || c == '"' || c == '\\') {
                return false;
            }
            buf[pos++] = (byte) c;
        }
        return true;
    }

    private void text(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[pos++] = (byte) s.charAt(i);
        }
    }

    /** {@link Instant#toString()} for years 0 to 9999: {@code 2026-01-01T00:00:01.250Z}. */
    private boolean instant(Instant t) {
        long seconds = t.getEpochSecond();
        int nanos = t.getNano();
        long days = Math.floorDiv(seconds, 86_400L);
        long secOfDay = Math.floorMod(seconds, 86_400L);
        // Civil date from days since 1970-01-01 (H. Hinnant, "chrono-Compatible Low-Level Date Algorithms").
        long z = days + 719_468L;
        long era = Math.floorDiv(z, 146_097L);
        long doe = z - era * 146_097L;
        long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        long day = doy - (153 * mp + 2) / 5 + 1;
        long month = mp < 10 ? mp + 3 : mp - 9;
        long year = yoe + era * 400 + (month <= 2 ? 1 : 0);
        if (year < 0 || year > 9999) {
            return false;
        }
        ensure(32);
        digits(year, 4);
        buf[pos++] = '-';
        digits(month, 2);
        buf[pos++] = '-';
        digits(day, 2);
        buf[pos++] = 'T';
        digits(secOfDay / 3600, 2);
        buf[pos++] = ':';
        digits(secOfDay / 60 % 60, 2);
        buf[pos++] = ':';
        digits(secOfDay % 60, 2);
        if (nanos > 0) {
            buf[pos++] = '.';
            if (nanos % 1_000_000 == 0) {
                digits(nanos / 1_000_000, 3);
            } else if (nanos % 1_000 == 0) {
                digits(nanos / 1_000, 6);
            } else {
                digits(nanos, 9);
            }
        }
        buf[pos++] = 'Z';
        return true;
    }

    private void digits(long v, int width) {
        for (int i = width - 1; i >= 0; i--) {
            buf[pos + i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        pos += width;
    }

    private void put(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buf, pos, b.length);
        pos += b.length;
    }

    private void put(byte b) {
        ensure(1);
        buf[pos++] = b;
    }

    private void ensure(int more) {
        if (pos + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + more));
        }
    }
}
