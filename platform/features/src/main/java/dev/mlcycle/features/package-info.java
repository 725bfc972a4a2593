/**
 * Dataset rows to Tribuo examples: one code path for training, online inference and batch scoring.
 *
 * <ul>
 *   <li>{@link dev.mlcycle.features.FeatureEncoder#fit} learns an {@link
 *       dev.mlcycle.features.EncoderState} from the train split only: for numeric and integer features
 *       the exact median (imputed for missing values, with a {@code <name>.missing} flag column for
 *       every nullable feature) and the standard scaling; for categorical features a one-hot vocabulary
 *       (declared values, then frequent train values where the spec allows unseen ones) with a {@code
 *       __unseen__} bucket and a {@code __missing__} column; booleans as 0/1.
 *   <li>{@link dev.mlcycle.features.FeatureEncoder#of} compiles a state into an encoder that writes
 *       {@code double[]} rows (also allocation-free) or Tribuo {@code Example}s, and counts values that
 *       fell into {@code __unseen__}.
 *   <li>{@link dev.mlcycle.features.EncoderState#toJson()} is the state's file in a model bundle; read
 *       back, it encodes bit-identically; {@link dev.mlcycle.features.EncoderState#requireCompatible}
 *       refuses a spec whose dataset, features or types differ.
 *   <li>{@link dev.mlcycle.features.LabelTarget} gives the Tribuo output factory of a label and turns
 *       label values into {@code Label}s or {@code Regressor}s.
 * </ul>
 */
package dev.mlcycle.features;
