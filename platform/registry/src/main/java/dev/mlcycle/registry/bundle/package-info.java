/**
 * Model bundles on disk: {@link dev.mlcycle.registry.bundle.BundleStore} writes a bundle in a staging
 * directory and renames it atomically into a directory it has just created, {@code
 * <root>/<model>/<version>/} (or {@code <version>-<8 hex digits>} if that is taken), after fsyncing
 * and hashing every file, never moving, overwriting or deleting anything under a model directory;
 * verifies every sha256 before handing out paths, and sweeps what a crash left in
 * the staging area. {@link dev.mlcycle.registry.bundle.BundleFiles} names the usual files.
 */
package dev.mlcycle.registry.bundle;
