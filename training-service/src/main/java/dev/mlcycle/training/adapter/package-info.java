/**
 * training-service's I/O: reading lake snapshots ({@link dev.mlcycle.training.adapter.LakeSnapshotReader}), following
 * metadata topics and publishing records.
 */
package dev.mlcycle.training.adapter;
