package dev.mlcycle.training.learn;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;

/**
 * One hyper-parameter an algorithm takes: its name as written in configuration and requests, its default and its
 * allowed range. Values arrive as strings (configuration, REST, the CLI) and are parsed and checked here, so a
 * wrong value fails before any data is read, with a message naming the parameter.
 *
 * @param name the name, lower case with dashes: {@code max-depth}
 * @param integer whether the value is a whole number
 * @param defaultValue the value when none is given
 * @param min the lowest allowed value
 * @param max the highest allowed value
 * @param description what it does, in a few words
 */
public record Param(String name, boolean integer, double defaultValue, double min, double max, String description) {

    static Param ofInt(String name, int defaultValue, int min, int max, String description) {
        return new Param(name, true, defaultValue, min, max, description);
    }

    static Param ofDouble(String name, double defaultValue, double min, double max, String description) {
        return new Param(name, false, defaultValue, min, max, description);
    }

    /**
     * The value of {@code text}, checked.
     *
     * @throws MlcycleException {@link Reason#INVALID_ARGUMENT} when it is not a number of the right kind or out of
     *     range
     */
    public double parse(String algorithm, String text) {
        double v;
        try {
            v = integer ? Long.parseLong(text.trim()) : Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new MlcycleException(
                    Reason.INVALID_ARGUMENT,
                    algorithm + " parameter " + name + ": expected " + (integer ? "a whole number" : "a number")
                            + " in [" + format(min) + ", " + format(max) + "], got \"" + text + "\"");
        }
        if (!(v >= min && v <= max)) {
            throw new MlcycleException(
                    Reason.INVALID_ARGUMENT,
                    algorithm + " parameter " + name + ": expected a value in [" + format(min) + ", " + format(max)
                            + "], got " + text.trim());
        }
        return v;
    }

    /** The default as it would be written. */
    public String defaultText() {
        return format(defaultValue);
    }

    private String format(double v) {
        if (integer || (v == Math.rint(v) && Math.abs(v) < 1e15)) {
            return Long.toString((long) v);
        }
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
}
