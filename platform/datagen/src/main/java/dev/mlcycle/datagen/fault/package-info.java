/**
 * Fault injection: the fault kinds and the reason the codec rejects each malformed kind with, exact-count
 * position sampling (Knuth's selection sampling) and the {@link dev.mlcycle.datagen.fault.Malformer} that
 * breaks one field of an otherwise valid record.
 */
package dev.mlcycle.datagen.fault;
