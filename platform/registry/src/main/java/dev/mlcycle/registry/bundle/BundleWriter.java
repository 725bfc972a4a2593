package dev.mlcycle.registry.bundle;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes the files of a new bundle into the directory it is handed, a fresh, empty staging directory
 * under the registry root. Files may sit in subdirectories; they must be regular files (no links),
 * their names free of control characters, {@code \} and {@code :}, and none may be called {@value
 * BundleFiles#MANIFEST}, which the store writes. The directory must not be touched once the call
 * returns.
 */
@FunctionalInterface
public interface BundleWriter {
    /**
     * Writes the bundle's files into {@code directory}.
     *
     * @param directory the staging directory, empty, {@code <root>/.staging/<uuid>/}
     * @throws IOException if a file cannot be written; the staging directory is then deleted
     */
    void writeTo(Path directory) throws IOException;
}
