package dev.mlcycle.ingest.adapter;

import dev.mlcycle.contracts.spec.DatasetSpec;
import dev.mlcycle.ingest.config.IngestConfig;
import dev.mlcycle.lake.Lake;
import dev.mlcycle.lake.LakeTable;
import dev.mlcycle.lake.TableKind;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;

/** The lake under {@code <data-dir>/lake}, opened on first use and closed with the service. */
@ApplicationScoped
public class LakeAccess {
    private final Path root;
    private Lake lake;

    public LakeAccess(IngestConfig config) {
        this.root = config.dataDir().resolve("lake");
    }

    public synchronized Lake lake() {
        if (lake == null) {
            lake = Lake.open(root);
        }
        return lake;
    }

    /**
     * Opens (creating if needed) a table. Serialized: pipelines starting together would otherwise race to create
     * the dataset's namespace in the catalog.
     */
    public synchronized LakeTable table(DatasetSpec spec, TableKind kind) {
        return lake().table(spec, kind);
    }

    public Path root() {
        return root;
    }

    @PreDestroy
    synchronized void close() {
        if (lake != null) {
            lake.close();
            lake = null;
        }
    }
}
