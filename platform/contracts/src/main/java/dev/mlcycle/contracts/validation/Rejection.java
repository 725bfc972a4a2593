package dev.mlcycle.contracts.validation;

import java.util.Objects;

/**
 * Why one record was refused.
 *
 * @param reason the reason code
 * @param field the field at fault, or empty when the record as a whole is bad
 * @param detail what was expected and what came: {@code field "income": expected a number >= 0, got -5}
 */
public record Rejection(RejectReason reason, String field, String detail) {
    public Rejection {
        Objects.requireNonNull(reason, "reason");
        field = field == null ? "" : field;
        Objects.requireNonNull(detail, "detail");
    }

    static Rejection whole(RejectReason reason, String detail) {
        return new Rejection(reason, "", detail);
    }

    static Rejection of(RejectReason reason, String field, String expected, String got) {
        return new Rejection(reason, field, "field \"" + field + "\": expected " + expected + ", got " + got);
    }

    @Override
    public String toString() {
        return reason + ": " + detail;
    }
}
