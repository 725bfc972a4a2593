/**
 * The records carried on mlcycle's topics: {@link dev.mlcycle.contracts.record.FeatureEvent} and
 * {@link dev.mlcycle.contracts.record.LabelEvent} on the per-dataset event and label topics, {@link
 * dev.mlcycle.contracts.record.LakeCommit} on {@code mlcycle.lake.commits}, {@link
 * dev.mlcycle.contracts.record.ModelRecord} on the compacted {@code mlcycle.registry}, {@link
 * dev.mlcycle.contracts.record.TrainingRun} on {@code mlcycle.training.runs}, {@link
 * dev.mlcycle.contracts.record.PredictionRecord} on {@code mlcycle.predictions.<model>}, {@link
 * dev.mlcycle.contracts.record.DriftReport} on {@code mlcycle.drift.reports} and {@link
 * dev.mlcycle.contracts.record.Alert} on {@code mlcycle.alerts}, with the records nested in them.
 *
 * <p>Records are immutable and check themselves: a compact constructor refuses a missing required
 * field or a value out of range with an {@link java.lang.IllegalArgumentException} that names the
 * JSON field ({@code missing field "snapshot_id"}, {@code field "rows": expected >= 0, got -3}).
 * Optional fields are boxed or nullable and left out of the JSON when absent; optional lists and maps
 * read as empty when absent. Field names are the components' names in {@code snake_case}; enums are
 * written by name. {@link dev.mlcycle.contracts.json.Codecs} has a codec per record; the golden files
 * under {@code src/test/resources/golden} pin the wire format.
 */
package dev.mlcycle.contracts.record;
