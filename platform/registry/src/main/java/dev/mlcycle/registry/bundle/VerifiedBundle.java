package dev.mlcycle.registry.bundle;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A bundle whose every listed file existed and matched its recorded sha256 when {@link
 * BundleStore#open} read it. The check holds for the bytes read then: load the files soon after.
 *
 * @param bundle its directory relative to the registry root
 * @param directory its absolute directory
 * @param files every verified file by name with its absolute path, sorted by name
 */
public record VerifiedBundle(String bundle, Path directory, Map<String, Path> files) {
    public VerifiedBundle {
        Objects.requireNonNull(bundle, "bundle");
        Objects.requireNonNull(directory, "directory");
        files = Collections.unmodifiableSortedMap(new TreeMap<>(files));
    }

    /**
     * The path of a verified file.
     *
     * @throws MlcycleException {@link Reason#NOT_FOUND} if the bundle lists no such file
     */
    public Path file(String name) {
        return find(name)
                .orElseThrow(() -> new MlcycleException(
                        Reason.NOT_FOUND,
                        "bundle " + bundle + " has no file \"" + name + "\"; expected one of " + files.keySet()));
    }

    /** The path of a verified file, or empty if the bundle lists no such file. */
    public Optional<Path> find(String name) {
        return Optional.ofNullable(files.get(name));
    }
}
