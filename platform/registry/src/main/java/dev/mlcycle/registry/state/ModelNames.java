package dev.mlcycle.registry.state;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.contracts.Topics;

/**
 * Checks model names before they become directory names under the registry root, Kafka keys and
 * topic suffixes. A name is 1 to 63 characters of lower-case letters, digits, {@code -} and {@code _},
 * starting with a letter ({@link Topics#MODEL_NAME}); path tricks ({@code ..}, separators, NUL, a
 * leading dot or dash) are named explicitly in the refusal, so a caller sees why {@code ../etc} was
 * refused and not only that it failed a pattern.
 */
public final class ModelNames {
    /** What a valid name looks like, for error messages. */
    public static final String ALLOWED = "1 to 63 characters of lower-case letters, digits, '-' and '_',"
            + " starting with a letter (" + Topics.MODEL_NAME.pattern() + ")";

    private ModelNames() {}

    /**
     * Returns {@code name} if it is a valid model name.
     *
     * @throws MlcycleException {@link Reason#INVALID_ARGUMENT} naming what was wrong with the name and
     *     what is allowed
     */
    public static String require(String name) {
        String problem = problem(name);
        if (problem != null) {
            throw new MlcycleException(
                    Reason.INVALID_ARGUMENT, "model name " + shown(name) + ": " + problem + "; expected " + ALLOWED);
        }
        return name;
    }

    /** True if {@link #require(String)} would accept {@code name}. */
    public static boolean isValid(String name) {
        return problem(name) == null;
    }

    private static String problem(String name) {
        if (name == null) {
            return "missing";
        }
        if (name.isEmpty()) {
            return "empty";
        }
        if (name.indexOf('\0') >= 0) {
            return "contains a NUL character";
        }
        if (name.contains("..")) {
            return "contains \"..\", which could leave the registry directory";
        }
        if (name.indexOf('/') >= 0 || name.indexOf('\\') >= 0) {
            return "contains a path separator";
        }
        if (name.startsWith(".")) {
            return "starts with a dot (a hidden directory)";
        }
        if (name.startsWith("-")) {
            return "starts with a dash (read as an option by command-line tools)";
        }
        if (name.length() > 63) {
            return "is " + name.length() + " characters long";
        }
        if (!Topics.MODEL_NAME.matcher(name).matches()) {
            return "contains a character that is not allowed or does not start with a letter";
        }
        return null;
    }

    /** The name quoted, with control characters escaped so that a NUL shows in a log line. */
    private static String shown(String name) {
        if (name == null) {
            return "(none)";
        }
        StringBuilder b = new StringBuilder("\"");
        name.codePoints().limit(80).forEach(c -> {
            if (c < 0x20 || c == 0x7f) {
                b.append(String.format("\\u%04x", c));
            } else {
                b.appendCodePoint(c);
            }
        });
        if (name.codePointCount(0, name.length()) > 80) {
            b.append("...");
        }
        return b.append('"').toString();
    }
}
