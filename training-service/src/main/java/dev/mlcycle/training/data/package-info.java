/**
 * A run's data once read from the lake: the labelled rows as columns ({@link dev.mlcycle.training.data.LabelledFrame}),
 * the checks they must pass before anything is trained ({@link dev.mlcycle.training.data.DataValidator}) and the
 * split by event time into train, validation and test ({@link dev.mlcycle.training.data.TimeSplit}). Pure: no I/O.
 */
package dev.mlcycle.training.data;
