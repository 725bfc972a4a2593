/**
 * The dataset spec: the one description of a dataset's key, id, event time, label and features, from
 * which validation, lake sorting and partitioning, feature encoding and drift tests all follow.
 * {@link dev.mlcycle.contracts.spec.DatasetSpecs} loads and checks it.
 */
package dev.mlcycle.contracts.spec;
