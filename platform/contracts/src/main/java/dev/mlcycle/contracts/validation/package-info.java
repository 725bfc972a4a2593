/**
 * Spec-driven validation of incoming records. {@link dev.mlcycle.contracts.validation.FeatureEventCodec}
 * and {@link dev.mlcycle.contracts.validation.LabelEventCodec} turn bytes into records or into a
 * {@link dev.mlcycle.contracts.validation.Rejection} with a stable
 * {@link dev.mlcycle.contracts.validation.RejectReason} code, the field, and what was expected against
 * what came. Poison input (not UTF-8, not JSON, too large, too deep) is refused before any field is read.
 */
package dev.mlcycle.contracts.validation;
