package dev.mlcycle.contracts.record;

import java.time.Instant;

/**
 * One change to a model's registry record: who did what, when and why. Nested in {@link
 * ModelRecord}, on {@code mlcycle.registry}; appended by training (the registry's single writer)
 * and read by the CLI ({@code mlcycle status}) and people auditing a promotion.
 *
 * @param at when the change was made
 * @param actor who made it: a user from the bearer token, or a service such as {@code
 *     training-service}
 * @param action what was done: {@code register}, {@code promote}, {@code rollback}, {@code archive},
 *     ...
 * @param alias optional: the alias moved, e.g. {@code champion}
 * @param fromVersion optional: the version the alias pointed at before; absent if it was unset
 * @param toVersion optional: the version registered, or the one the alias points at now
 * @param reason optional: why, in a sentence (a gate result, a rollback note)
 */
public record AuditEntry(
        Instant at, String actor, String action, String alias, Integer fromVersion, Integer toVersion, String reason) {

    public AuditEntry {
        Fields.required(at, "at");
        Fields.text(actor, "actor");
        Fields.text(action, "action");
        Fields.optionalText(alias, "alias");
        Fields.optionalAtLeast(fromVersion, 1, "from_version");
        Fields.optionalAtLeast(toVersion, 1, "to_version");
    }
}
