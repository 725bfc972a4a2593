package dev.mlcycle.contracts.spec;

/** Wording shared by spec expectations and validation messages. */
final class SpecText {
    private SpecText() {}

    static String range(Double min, Double max) {
        if (min != null && max != null) {
            return " in [" + num(min) + ", " + num(max) + "]";
        }
        if (min != null) {
            return " >= " + num(min);
        }
        if (max != null) {
            return " <= " + num(max);
        }
        return "";
    }

    static String num(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}
