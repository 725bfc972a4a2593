/**
 * Where monitoring finds what it compares with: each model version's reference profile and test metrics, read from
 * its bundle in the registry (every file's sha256 verified by platform/registry's {@code BundleStore}), and each
 * dataset's spec from the catalog.
 */
package dev.mlcycle.monitoring.reference;
