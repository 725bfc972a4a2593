package dev.mlcycle.lake;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.contracts.Topics;
import dev.mlcycle.contracts.spec.DatasetSpec;
import dev.mlcycle.lake.io.LocalFileIO;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.Lock;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.jdbc.JdbcCatalog;

/**
 * The lake: Apache Iceberg tables under a JDBC catalog on SQLite, {@code <root>/catalog.db}, with
 * data and metadata under {@code <root>/warehouse/<dataset>/<kind>/}. Several processes may open the
 * same root at once (readers and writers): the catalog swaps a table's metadata pointer atomically
 * and SQLite serialises the swaps. One instance per process and root is enough; it is thread-safe.
 */
public final class Lake implements AutoCloseable {
    /** The Iceberg catalog name, as other engines should call it. */
    public static final String CATALOG_NAME = "mlcycle";
    /** The catalog database, under the root. */
    public static final String CATALOG_FILE = "catalog.db";
    /** The warehouse directory, under the root. */
    public static final String WAREHOUSE_DIR = "warehouse";

    private static final int OPEN_ATTEMPTS = 3;
    private static final Duration SQLITE_BUSY_TIMEOUT = Duration.ofSeconds(30);

    private final Path root;
    private final JdbcCatalog catalog;
    private final ConcurrentMap<String, LakeTable> tables = new ConcurrentHashMap<>();

    private Lake(Path root, JdbcCatalog catalog) {
        this.root = root;
        this.catalog = catalog;
    }

    /**
     * Opens (creating if needed) the lake under {@code root}: the directories, the SQLite catalog
     * file and its tables.
     *
     * @throws MlcycleException {@link Reason#UNAVAILABLE} if the directory or catalog cannot be opened
     */
    public static Lake open(Path root) {
        Path abs = root.toAbsolutePath().normalize();
        Path warehouse = abs.resolve(WAREHOUSE_DIR);
        try {
            Files.createDirectories(warehouse);
        } catch (IOException e) {
            throw new MlcycleException(
                    Reason.UNAVAILABLE, "cannot create the lake directory " + warehouse + ": " + e, e);
        }
        Map<String, String> props = catalogProperties(abs);
        RuntimeException last = null;
        for (int attempt = 1; attempt <= OPEN_ATTEMPTS; attempt++) {
            // The FileIO is built here rather than loaded by class name: Iceberg's reflective loading
            // picks the wrong class loader inside Quarkus (LocalFileIO "does not implement FileIO").
            JdbcCatalog catalog = new JdbcCatalog(
                    ioProps -> {
                        LocalFileIO io = new LocalFileIO();
                        io.initialize(ioProps);
                        return io;
                    },
                    null,
                    true);
            try {
                catalog.initialize(CATALOG_NAME, props);
                return new Lake(abs, catalog);
            } catch (RuntimeException e) {
                // Two processes creating a fresh catalog at once can collide on its DDL; the next try sees it made.
                last = e;
                closeQuietly(catalog);
            }
        }
        throw new MlcycleException(
                Reason.UNAVAILABLE,
                "cannot open the lake catalog " + abs.resolve(CATALOG_FILE) + " after " + OPEN_ATTEMPTS + " attempts: "
                        + last.getMessage(),
                last);
    }

    /**
     * The catalog properties, for other engines that want the same catalog: the JDBC URI of the
     * SQLite file, the warehouse, {@code jdbc.schema-version=V1} (so views work), WAL journal, busy
     * timeout and full sync.
     */
    public static Map<String, String> catalogProperties(Path root) {
        Path abs = root.toAbsolutePath().normalize();
        Map<String, String> p = new LinkedHashMap<>();
        p.put(CatalogProperties.URI, "jdbc:sqlite:" + abs.resolve(CATALOG_FILE));
        p.put(CatalogProperties.WAREHOUSE_LOCATION, abs.resolve(WAREHOUSE_DIR).toString());
        p.put(CatalogProperties.FILE_IO_IMPL, LocalFileIO.class.getName());
        p.put(JdbcCatalog.PROPERTY_PREFIX + "schema-version", "V1");
        // Passed to the SQLite driver (the jdbc. prefix is stripped):
        p.put(JdbcCatalog.PROPERTY_PREFIX + "journal_mode", "WAL");
        p.put(JdbcCatalog.PROPERTY_PREFIX + "synchronous", "FULL");
        p.put(JdbcCatalog.PROPERTY_PREFIX + "busy_timeout", Long.toString(SQLITE_BUSY_TIMEOUT.toMillis()));
        return p;
    }

    /** The lake's root directory (absolute). */
    public Path root() {
        return root;
    }

    /**
     * The table of {@code spec}'s dataset and {@code kind}: created if missing (schema, partition spec,
     * sort order, properties from the spec), else loaded and checked against the spec. An existing
     * table absorbs two kinds of change by evolution: a feature the table lacks is added as a new
     * optional column (older rows read it as null), and a new sort key replaces the sort order (older
     * files keep theirs; compaction re-sorts them). Any other difference (a column's type or
     * requiredness, a column the spec dropped, the partitioning, the id/key/time/label columns) is a
     * {@link Reason#SCHEMA_MISMATCH} that names every column that differs.
     */
    public LakeTable table(DatasetSpec spec, TableKind kind) {
        requireDatasetName(spec.name());
        TableDefinition def = TableDefinition.of(spec, kind);
        TableIdentifier id = identifier(spec.name(), kind);
        LakeTable cached = tables.get(id.toString());
        Table table;
        if (cached != null) {
            cached.refresh();
            table = cached.iceberg();
        } else {
            table = loadOrCreate(id, def);
        }
        reconcile(table, def, cached);
        return cache(id, table);
    }

    /** The existing table of a dataset and kind, without its spec (CLI, readers); empty if there is none. */
    public Optional<LakeTable> find(String dataset, TableKind kind) {
        requireDatasetName(dataset);
        TableIdentifier id = identifier(dataset, kind);
        LakeTable cached = tables.get(id.toString());
        if (cached != null) {
            cached.refresh();
            return Optional.of(cached);
        }
        try {
            return Optional.of(cache(id, catalog.loadTable(id)));
        } catch (NoSuchTableException e) {
            return Optional.empty();
        }
    }

    /**
     * Every mlcycle table in the catalog ({@code <dataset>.events}, {@code <dataset>.labels}), sorted by
     * name. Tables of other kinds or made by other tools are left out.
     */
    public List<LakeTable> tables() {
        List<LakeTable> out = new ArrayList<>();
        for (Namespace ns : catalog.listNamespaces()) {
            if (ns.levels().length != 1
                    || !Topics.DATASET_NAME.matcher(ns.level(0)).matches()) {
                continue;
            }
            for (TableIdentifier id : catalog.listTables(ns)) {
                TableKind kind = kindOf(id.name());
                if (kind == null) {
                    continue;
                }
                try {
                    find(ns.level(0), kind).ifPresent(out::add);
                } catch (MlcycleException notOurs) {
                    if (notOurs.reason() != Reason.SCHEMA_MISMATCH) {
                        throw notOurs;
                    }
                }
            }
        }
        out.sort(Comparator.comparing(LakeTable::name));
        return out;
    }

    /** Closes the catalog's connections. Tables got from this lake must not be used afterwards. */
    @Override
    public void close() {
        tables.clear();
        catalog.close();
    }

    @Override
    public String toString() {
        return "Lake[" + root + "]";
    }

    // ---- internals ----

    private Table loadOrCreate(TableIdentifier id, TableDefinition def) {
        try {
            return catalog.loadTable(id);
        } catch (NoSuchTableException missing) {
            ensureNamespace(id.namespace());
            try {
                return catalog.buildTable(id, def.schema())
                        .withPartitionSpec(def.partitionSpec())
                        .withSortOrder(def.sortOrder())
                        .withProperties(def.properties())
                        .create();
            } catch (AlreadyExistsException raced) {
                return catalog.loadTable(id); // another process created it first
            }
        }
    }

    private void ensureNamespace(Namespace ns) {
        if (!catalog.namespaceExists(ns)) {
            try {
                catalog.createNamespace(ns);
            } catch (AlreadyExistsException raced) {
                // made by another process meanwhile
            }
        }
    }

    /** Checks the table against the spec; evolves what can be evolved, under the commit lock. */
    private void reconcile(Table table, TableDefinition def, LakeTable cached) {
        TableDefinition.Differences d = def.differences(table);
        if (!d.problems().isEmpty()) {
            throw new MlcycleException(
                    Reason.SCHEMA_MISMATCH,
                    "table " + table.name() + " does not match the spec: " + String.join("; ", d.problems()));
        }
        if (d.columnsToAdd().isEmpty() && !d.sortOrderChanged()) {
            return;
        }
        Lock lock = cached == null ? null : cached.commitLock();
        if (lock != null) {
            lock.lock();
        }
        try {
            new CommitLoop(
                            "evolving " + table.name(),
                            WriterOptions.DEFAULT_COMMIT_RETRIES,
                            WriterOptions.DEFAULT_RETRY_BACKOFF)
                    .run(n -> {
                        table.refresh();
                        def.evolve(table);
                        return null;
                    });
        } finally {
            if (lock != null) {
                lock.unlock();
            }
        }
    }

    private LakeTable cache(TableIdentifier id, Table table) {
        return tables.computeIfAbsent(id.toString(), k -> new LakeTable(table));
    }

    private static TableIdentifier identifier(String dataset, TableKind kind) {
        return TableIdentifier.of(Namespace.of(dataset), kind.tableName());
    }

    private static TableKind kindOf(String tableName) {
        for (TableKind k : TableKind.values()) {
            if (k.tableName().equals(tableName)) {
                return k;
            }
        }
        return null;
    }

    private static void requireDatasetName(String dataset) {
        if (dataset == null || !Topics.DATASET_NAME.matcher(dataset).matches()) {
            throw new MlcycleException(
                    Reason.INVALID_ARGUMENT,
                    "invalid dataset name \"" + dataset + "\": expected " + Topics.DATASET_NAME.pattern());
        }
    }

    private static void closeQuietly(JdbcCatalog catalog) {
        try {
            catalog.close();
        } catch (RuntimeException ignored) {
            // it never opened
        }
    }
}
