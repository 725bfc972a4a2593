/**
 * Micro-batching and admission control for online inference (issue 13, items 4 and 5). A {@link
 * dev.mlcycle.serving.batch.MicroBatcher} per served model version joins concurrent requests into batches of at most
 * {@code maxBatchRows} rows, runs each through the model once and hands every request back exactly its own rows; an
 * {@link dev.mlcycle.serving.batch.Admission} per model caps the rows and requests in flight and refuses the rest at
 * once with a retry-after ({@link dev.mlcycle.serving.batch.Rejection}). No Quarkus here: the service wires them and
 * the metrics holder implements {@link dev.mlcycle.serving.batch.BatchListener}. The algorithm, its defaults and how
 * they were measured are in serving-service/DESIGN.md.
 */
package dev.mlcycle.serving.batch;
