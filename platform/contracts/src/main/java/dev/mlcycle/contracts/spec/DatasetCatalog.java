package dev.mlcycle.contracts.spec;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds dataset specs by name: a spec file under {@code <data>/datasets/<name>.yaml} wins over the
 * spec shipped in the contracts jar ({@code datasets/<name>.yaml}), so a user can adjust a shipped
 * dataset. The CLI and the services find datasets through it.
 */
public final class DatasetCatalog {
    /** Datasets whose spec and generator ship with mlcycle. */
    public static final List<String> BUILT_IN = List.of("credit", "housing");

    private final Path dataDir;

    public DatasetCatalog(Path dataDir) {
        this.dataDir = dataDir;
    }

    /** The spec of one dataset; {@link Reason#NOT_FOUND} if there is none. */
    public DatasetSpec load(String name) {
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
    public List<String> known() {
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
