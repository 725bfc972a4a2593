package dev.mlcycle.stats.drift;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;

/** Argument checks shared by the drift statistics; every message names the argument and what was expected. */
final class Checks {
    private Checks() {}

    static MlcycleException invalid(String message) {
        return new MlcycleException(Reason.INVALID_ARGUMENT, message);
    }

    static <T> T notNull(T value, String name) {
        if (value == null) {
            throw invalid(name + ": expected a value, got null");
        }
        return value;
    }

    /** Checks that every count is {@code >= 0} and returns their sum (exact as long as it fits a long). */
    static long counts(long[] counts, String name) {
        notNull(counts, name);
        long sum = 0;
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] < 0) {
                throw invalid(name + "[" + i + "]: expected a count >= 0, got " + counts[i]);
            }
            sum = Math.addExact(sum, counts[i]);
        }
        return sum;
    }

    static void sameLength(long[] a, String aName, long[] b, String bName) {
        if (a.length != b.length) {
            throw invalid(bName + ": expected " + a.length + " counts (one per bin of " + aName + "), got " + b.length);
        }
    }
}
