package dev.mlcycle.contracts;

import dev.mlcycle.contracts.MlcycleException.Reason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The data directory every service and the CLI keep their state under ({@code MLCYCLE_DATA_DIR}):
 * checked the same way everywhere, with a message that names the setting that chose it.
 */
public final class DataDirectories {
    private DataDirectories() {}

    /**
     * Creates the directory if it is missing and checks that it is a writable directory.
     *
     * @param setting how the user chose the directory, e.g. {@code ingest.data-dir (env INGEST_DATA_DIR or
     *     MLCYCLE_DATA_DIR)}; it starts every error message
     * @return the directory, absolute and normalized
     * @throws MlcycleException {@link Reason#INVALID_ARGUMENT} naming the setting, the path and the problem
     */
    public static Path requireUsable(String setting, Path dataDir) {
        Path dir = dataDir.toAbsolutePath().normalize();
        String where = setting + " = " + dir;
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new MlcycleException(Reason.INVALID_ARGUMENT, where + ": expected a directory, found a file");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new MlcycleException(Reason.INVALID_ARGUMENT, where + ": cannot create the directory: " + e, e);
        }
        if (!Files.isWritable(dir)) {
            throw new MlcycleException(
                    Reason.INVALID_ARGUMENT, where + ": expected a writable directory, it is read-only");
        }
        return dir;
    }
}
