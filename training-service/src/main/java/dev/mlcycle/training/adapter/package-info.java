/**
 * training-service's I/O: reading lake snapshots ({@link dev.mlcycle.training.adapter.LakeSnapshotReader}), a run's
 * data report ({@link dev.mlcycle.training.adapter.RunReports}), following metadata topics and publishing records.
 */
package dev.mlcycle.training.adapter;
