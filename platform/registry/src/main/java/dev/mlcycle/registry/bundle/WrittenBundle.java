package dev.mlcycle.registry.bundle;

import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A bundle that {@link BundleStore#write} has made durable and visible.
 *
 * @param bundle its directory relative to the registry root, {@code <model>/<version>}, as {@link
 *     dev.mlcycle.contracts.record.ModelVersion#bundle()} records it
 * @param directory its absolute directory
 * @param files every file by name (relative to the bundle, forward slashes) with its sha256 as 64
 *     lower-case hex digits, sorted by name, the {@value BundleFiles#MANIFEST} included
 */
public record WrittenBundle(String bundle, Path directory, Map<String, String> files) {
    public WrittenBundle {
        Objects.requireNonNull(bundle, "bundle");
        Objects.requireNonNull(directory, "directory");
        files = Collections.unmodifiableSortedMap(new TreeMap<>(files));
    }
}
