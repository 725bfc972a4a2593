/**
 * Model bundles on disk: {@link dev.mlcycle.registry.bundle.BundleStore} writes a bundle in a staging
 * directory and renames it into {@code <root>/<model>/<version>/} atomically after fsyncing and
 * hashing every file, verifies every sha256 before handing out paths, and sweeps what a crash left in
 * the staging area. {@link dev.mlcycle.registry.bundle.BundleFiles} names the usual files.
 */
package dev.mlcycle.registry.bundle;
