package dev.mlcycle.datagen;

import dev.mlcycle.datagen.fault.FaultKind;
import java.util.Objects;

/**
 * A fault carried by one generated record.
 *
 * @param kind the fault kind
 * @param field the field at fault, or null when the record is broken as a whole
 * @param value for an outlier, the new value as JSON text; otherwise null
 */
public record InjectedFault(FaultKind kind, String field, String value) {
    public InjectedFault {
        Objects.requireNonNull(kind, "kind");
    }
}
