package dev.mlcycle.features.check;

/**
 * One check of a run's data before training: what was measured, against which limit, and whether it passed.
 *
 * @param name the check: {@code schema}, {@code row-count}, {@code null-share}, {@code out-of-range},
 *     {@code class-share}, {@code label-variance}
 * @param field the column checked, or null for checks of the whole snapshot
 * @param value what was measured (a count or a share)
 * @param limit the bound it was held to
 * @param passed whether the data met the bound
 * @param detail the outcome in a sentence
 */
public record DataCheck(String name, String field, double value, double limit, boolean passed, String detail) {}
