package dev.mlcycle.kafka.local;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses a JVM heap size as {@code -Xmx} takes it: {@code 512m}, {@code 1g}, {@code 262144k}, bytes. */
final class HeapSize {
    private static final Pattern SIZE = Pattern.compile("(\\d{1,12})([kmg]?)");

    private HeapSize() {}

    static long parse(String text) {
        Matcher m = text == null ? null : SIZE.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (m == null || !m.matches()) {
            throw new MlcycleException(
                    Reason.INVALID_ARGUMENT, "heap size: expected a number with k, m or g (like 512m), got " + text);
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "k" -> n * 1024;
            case "m" -> n * 1024 * 1024;
            case "g" -> n * 1024 * 1024 * 1024;
            default -> n;
        };
    }
}
