package dev.mlcycle.cli;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.contracts.spec.DatasetSpec;
import dev.mlcycle.contracts.spec.DatasetSpecs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds dataset specs by name: a spec file under {@code <data>/datasets/<name>.yaml} wins over the
 * spec shipped in the jar ({@code datasets/<name>.yaml}), so a user can adjust a shipped dataset.
 */
final class DatasetCatalog {
    /** Datasets whose spec and generator ship with mlcycle. */
    static final List<String> BUILT_IN = List.of("credit");

    private final Path dataDir;

    DatasetCatalog(Path dataDir) {
        this.dataDir = dataDir;
    }

    DatasetSpec load(String name) {
        Path local = dataDir.resolve("datasets").resolve(name + ".yaml");
        if (Files.isRegularFile(local)) {
            return DatasetSpecs.load(local);
        }
        if (!BUILT_IN.contains(name)) {
            throw new MlcycleException(
                    Reason.NOT_FOUND,
                    "no dataset named \"" + name + "\": expected one of " + known() + " (built in, or a spec file at "
                            + local + ")");
        }
        return DatasetSpecs.loadResource(DatasetCatalog.class.getClassLoader(), "datasets/" + name + ".yaml");
    }

    /** Every dataset this data directory knows: the built-in ones and any spec files. */
    List<String> known() {
        Map<String, Boolean> names = new LinkedHashMap<>();
        BUILT_IN.forEach(n -> names.put(n, true));
        Path dir = dataDir.resolve("datasets");
        if (Files.isDirectory(dir)) {
            try (var files = Files.list(dir)) {
                files.map(p -> p.getFileName().toString())
                        .filter(f -> f.endsWith(".yaml"))
                        .sorted()
                        .forEach(f -> names.put(f.substring(0, f.length() - 5), true));
            } catch (java.io.IOException e) {
                throw new MlcycleException(Reason.UNAVAILABLE, "cannot list " + dir + ": " + e.getMessage(), e);
            }
        }
        return new ArrayList<>(names.keySet());
    }
}
