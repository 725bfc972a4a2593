package dev.mlcycle.features;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;

/**
 * Type checks of row values, shared by fitting and encoding so both accept exactly the same rows. A
 * value of the wrong type is a {@link Reason#SCHEMA_MISMATCH} naming the feature, what was expected
 * and what was got. Only the error path allocates.
 */
final class Values {
    private static final int MAX_SHOWN = 60;

    private Values() {}

    /** A non-null value of a numeric or integer feature as a finite double. */
    static double number(String feature, Object v) {
        double x;
        if (v instanceof Double d) {
            x = d;
        } else if (v instanceof Number n) {
            x = n.doubleValue();
        } else {
            throw mismatch(feature, "a number", v);
        }
        if (!Double.isFinite(x)) {
            throw mismatch(feature, "a finite number", v);
        }
        return x;
    }

    /** A non-null value of a categorical feature. */
    static String category(String feature, Object v) {
        if (v instanceof String s) {
            return s;
        }
        throw mismatch(feature, "a string (a category)", v);
    }

    /** A non-null value of a boolean feature. */
    static boolean bool(String feature, Object v) {
        if (v instanceof Boolean b) {
            return b;
        }
        throw mismatch(feature, "true or false", v);
    }

    static MlcycleException mismatch(String feature, String expected, Object got) {
        return new MlcycleException(
                Reason.SCHEMA_MISMATCH, "feature \"" + feature + "\": expected " + expected + ", got " + describe(got));
    }

    /** A value in words for an error message: {@code the string "abc"}, {@code the number NaN}. */
    static String describe(Object v) {
        if (v == null) {
            return "nothing";
        }
        if (v instanceof String s) {
            return "the string \"" + (s.length() > MAX_SHOWN ? s.substring(0, MAX_SHOWN) + "..." : s) + "\"";
        }
        if (v instanceof Boolean b) {
            return "the boolean " + b;
        }
        if (v instanceof Number n) {
            return "the number " + n + " (" + n.getClass().getSimpleName() + ")";
        }
        return "a " + v.getClass().getName();
    }
}
