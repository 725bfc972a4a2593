/**
 * Batch scoring over the lake: {@link dev.mlcycle.serving.score.BatchJobs} runs jobs one at a time, each reading a
 * {@code <dataset>.events} snapshot (or an event-time window of it) through the lake's snapshot reader, checking it
 * with the data checks training runs, scoring it in batches with the same {@link
 * dev.mlcycle.serving.model.ServedModel} as online, and writing {@code <dataset>.predictions} in one commit per job
 * (a rerun adds nothing). {@link dev.mlcycle.serving.score.ModelSource} is the one place that loads the model.
 */
package dev.mlcycle.serving.score;
