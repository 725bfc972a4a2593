package dev.mlcycle.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.contracts.Topics;
import dev.mlcycle.contracts.json.Json;
import dev.mlcycle.lake.Lake;
import dev.mlcycle.lake.LakePins;
import dev.mlcycle.lake.LakeTable;
import dev.mlcycle.lake.LiveFile;
import dev.mlcycle.lake.PartitionStats;
import dev.mlcycle.lake.SnapshotInfo;
import dev.mlcycle.lake.SourcePartition;
import dev.mlcycle.lake.TableKind;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mlcycle lake}: the lake's tables at a glance, or one table in detail: its snapshots,
 * partitions, live data files and the Kafka offsets it has committed. Reads only: it never creates a
 * lake or a table.
 */
@Command(
        name = "lake",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Show the lake's tables, or one table with its snapshots, partitions and files.",
            "The lake is <data-dir>/lake: Iceberg tables of sorted Parquet files. Also",
            "shows the Kafka offsets each table has committed, and the pins: snapshots kept",
            "for registered model versions (mlcycle.model.<model>.v<N>) and runs in flight. Reads only."
        },
        footer = {
            "",
            "Examples:",
            "  mlcycle lake                                  every table at a glance",
            "  mlcycle lake --dataset credit                 credit.events in detail",
            "  mlcycle lake --dataset credit --table labels --snapshot 4242424242",
            "  mlcycle lake --dataset credit --json          the detail as JSON",
            "  mlcycle lake --dataset credit --files | xargs ls -l",
            "  duckdb -c \"select count(*) from read_parquet([$(mlcycle lake \\",
            "      --dataset credit --files | sed \"s/.*/'&'/\" | paste -sd,)])\""
        })
final class LakeCommand implements Callable<Integer> {
    /** Snapshots shown in the text detail; {@code --json} has them all. */
    static final int SNAPSHOTS_SHOWN = 10;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description = "Where mlcycle keeps the broker, lake and registry (default: $MLCYCLE_DATA_DIR or ./data).")
    Path dataDir;

    @Option(
            names = "--dataset",
            paramLabel = "NAME",
            description = "Show this dataset's table in detail (default: list every table).")
    String dataset;

    @Option(
            names = "--table",
            paramLabel = "KIND",
            defaultValue = "events",
            description = "Which table of the dataset: events or labels (default: ${DEFAULT-VALUE}).")
    String table;

    @Option(
            names = "--snapshot",
            paramLabel = "ID",
            description = "Show this past snapshot instead of the current one.")
    Long snapshot;

    @Option(
            names = "--files",
            description = "Print only the absolute paths of the snapshot's live data files, one per line.")
    boolean files;

    @Option(names = "--json", description = "Print as JSON.")
    boolean json;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (files && json) {
            throw new MlcycleException(
                    Reason.INVALID_ARGUMENT, "--files and --json exclude each other: --json lists the files too");
        }
        if (dataset == null
                && (snapshot != null
                        || files
                        || spec.commandLine().getParseResult().hasMatchedOption("--table"))) {
            throw new MlcycleException(
                    Reason.INVALID_ARGUMENT,
                    "--table, --snapshot and --files need --dataset: mlcycle lake --dataset NAME ...");
        }
        TableKind kind = TableKind.parse(table);
        if (dataset != null) {
            Topics.requireDatasetName(dataset);
        }
        Path root = CommonOptions.dataDirPath(dataDir).resolve("lake");
        if (!Files.isRegularFile(root.resolve(Lake.CATALOG_FILE))) {
            String sentence = "no lake at " + root + " yet: start `mlcycle up` and ingest some events";
            if (dataset != null) {
                throw new MlcycleException(Reason.NOT_FOUND, sentence);
            }
            if (json) {
                out.println(write(listingJson(root, List.of())));
            } else {
                out.println(sentence);
            }
            out.flush();
            return 0;
        }
        try (Lake lake = Lake.open(root)) {
            if (dataset == null) {
                List<TableSummary> summaries = new ArrayList<>();
                for (LakeTable t : lake.tables()) {
                    summaries.add(TableSummary.of(t));
                }
                if (json) {
                    out.println(write(listingJson(root, summaries)));
                } else {
                    printListing(out, root, summaries);
                }
                out.flush();
                return 0;
            }
            Optional<LakeTable> found = lake.find(dataset, kind);
            if (found.isEmpty()) {
                List<String> names = lake.tables().stream().map(LakeTable::name).toList();
                throw new MlcycleException(
                        Reason.NOT_FOUND,
                        "no table " + dataset + "." + kind.tableName() + " in the lake at " + root + ": "
                                + (names.isEmpty() ? "it has no tables yet" : "it has " + String.join(", ", names)));
            }
            Detail d = Detail.of(found.get(), snapshot == null ? OptionalLong.empty() : OptionalLong.of(snapshot));
            if (files) {
                d.files().forEach(f -> out.println(f.path()));
            } else if (json) {
                out.println(write(detailJson(root, d)));
            } else {
                printDetail(out, root, d);
            }
            out.flush();
            return 0;
        }
    }

    /** One line of the listing. */
    record TableSummary(
            String name,
            OptionalLong snapshotId,
            int snapshots,
            int partitions,
            long files,
            long rows,
            long bytes,
            long offsetsSum,
            int pins) {
        static TableSummary of(LakeTable t) {
            OptionalLong current = t.currentSnapshotId();
            List<PartitionStats> parts = t.partitions(current);
            List<SnapshotInfo> snapshots = t.snapshots();
            return new TableSummary(
                    t.name(),
                    current,
                    snapshots.size(),
                    parts.size(),
                    parts.stream().mapToLong(PartitionStats::files).sum(),
                    parts.stream().mapToLong(PartitionStats::rows).sum(),
                    parts.stream().mapToLong(PartitionStats::bytes).sum(),
                    sum(current.isEmpty() ? Map.of() : t.committedOffsets(current.getAsLong())),
                    pinsOf(snapshots).size());
        }
    }

    /** The snapshots mlcycle pins (model versions, runs in flight), by pin name. */
    static Map<String, SnapshotInfo> pinsOf(List<SnapshotInfo> snapshots) {
        Map<String, SnapshotInfo> pins = new TreeMap<>();
        for (SnapshotInfo s : snapshots) {
            s.tags().stream().filter(tag -> tag.startsWith(LakePins.PREFIX)).forEach(tag -> pins.put(tag, s));
        }
        return pins;
    }

    /** Everything the detail shows, read once. */
    record Detail(
            LakeTable table,
            OptionalLong currentId,
            SnapshotInfo selected,
            List<SnapshotInfo> history,
            List<PartitionStats> partitions,
            List<LiveFile> files,
            Map<SourcePartition, Long> offsets) {
        static Detail of(LakeTable t, OptionalLong asked) {
            OptionalLong current = t.currentSnapshotId();
            OptionalLong id = asked.isPresent() ? asked : current;
            List<SnapshotInfo> all = t.snapshots();
            if (id.isEmpty()) {
                return new Detail(t, current, null, all, List.of(), List.of(), Map.of());
            }
            // Throws NOT_FOUND for an unknown id, naming the table.
            List<LiveFile> files = t.liveFiles(id);
            SnapshotInfo selected = all.stream()
                    .filter(s -> s.snapshotId() == id.getAsLong())
                    .findFirst()
                    .orElse(null);
            List<SnapshotInfo> history = selected == null ? all : all.subList(0, all.indexOf(selected) + 1);
            return new Detail(
                    t,
                    current,
                    selected,
                    history,
                    t.partitions(id),
                    files,
                    new TreeMap<>(t.committedOffsets(id.getAsLong())));
        }

        OptionalLong selectedId() {
            return selected == null ? OptionalLong.empty() : OptionalLong.of(selected.snapshotId());
        }

        long rows() {
            return files.stream().mapToLong(LiveFile::rows).sum();
        }

        long bytes() {
            return files.stream().mapToLong(LiveFile::bytes).sum();
        }
    }

    static long sum(Map<SourcePartition, Long> offsets) {
        return offsets.values().stream().mapToLong(Long::longValue).sum();
    }

    // ---- text ----

    static void printListing(PrintWriter out, Path root, List<TableSummary> tables) {
        if (tables.isEmpty()) {
            out.println(
                    "the lake at " + root + " has no tables yet: ingest some events (mlcycle up, mlcycle generate)");
            return;
        }
        int w = Math.max(
                "TABLE".length(),
                tables.stream().mapToInt(t -> t.name().length()).max().orElse(0));
        String fmt = "%-" + w + "s  %20s  %9s  %10s  %8s  %14s  %10s  %14s  %5s%n";
        out.printf(
                Locale.ROOT,
                fmt,
                "TABLE",
                "SNAPSHOT",
                "SNAPSHOTS",
                "PARTITIONS",
                "FILES",
                "ROWS",
                "BYTES",
                "OFFSETS",
                "PINS");
        for (TableSummary t : tables) {
            out.printf(
                    Locale.ROOT,
                    fmt,
                    t.name(),
                    t.snapshotId().isPresent() ? Long.toString(t.snapshotId().getAsLong()) : "-",
                    String.format(Locale.ROOT, "%,d", t.snapshots()),
                    String.format(Locale.ROOT, "%,d", t.partitions()),
                    String.format(Locale.ROOT, "%,d", t.files()),
                    String.format(Locale.ROOT, "%,d", t.rows()),
                    Text.bytes(t.bytes()),
                    String.format(Locale.ROOT, "%,d", t.offsetsSum()),
                    String.format(Locale.ROOT, "%,d", t.pins()));
        }
        out.println("lake " + root + "; OFFSETS: sum of the next Kafka offsets the table has committed; PINS: snapshots"
                + " kept for model versions and runs (mlcycle lake --dataset D lists them)");
    }

    static void printDetail(PrintWriter out, Path root, Detail d) {
        LakeTable t = d.table();
        out.printf(Locale.ROOT, "%s  (lake %s)%n", t.name(), root);
        out.printf(Locale.ROOT, "  location   %s%n", t.iceberg().location());
        if (d.selected() == null) {
            out.println("  snapshot   none: nothing committed yet");
            return;
        }
        SnapshotInfo s = d.selected();
        boolean isCurrent = d.currentId().isPresent() && d.currentId().getAsLong() == s.snapshotId();
        out.printf(
                Locale.ROOT,
                "  snapshot   %d (%s), %s at %s%n",
                s.snapshotId(),
                isCurrent ? "current" : "past; current is " + d.currentId().getAsLong(),
                s.operation(),
                time(s.committedAt()));
        out.printf(
                Locale.ROOT,
                "  data       %,d rows in %,d files, %s, %,d partitions%n",
                d.rows(),
                d.files().size(),
                Text.bytes(d.bytes()),
                d.partitions().size());

        List<SnapshotInfo> history = d.history();
        int from = Math.max(0, history.size() - SNAPSHOTS_SHOWN);
        out.println();
        out.printf(
                Locale.ROOT,
                "SNAPSHOTS (%s of %,d)%n",
                from == 0 ? "all" : "last " + (history.size() - from),
                history.size());
        String sfmt = "  %1s %20s  %-20s  %-9s  %11s  %12s  %14s%n";
        out.printf(
                Locale.ROOT, sfmt, "", "SNAPSHOT", "COMMITTED", "OPERATION", "ADDED FILES", "ADDED ROWS", "TOTAL ROWS");
        for (SnapshotInfo h : history.subList(from, history.size())) {
            out.printf(
                    Locale.ROOT,
                    sfmt,
                    h.snapshotId() == s.snapshotId() ? "*" : "",
                    h.snapshotId(),
                    time(h.committedAt()),
                    h.operation(),
                    String.format(Locale.ROOT, "%,d", h.addedFiles()),
                    String.format(Locale.ROOT, "%,d", h.addedRows()),
                    String.format(Locale.ROOT, "%,d", h.totalRows()));
        }

        out.println();
        Map<String, SnapshotInfo> pins = pinsOf(d.table().snapshots());
        out.println("PINS (snapshots kept, with their files, through expiry and cleanup)");
        if (pins.isEmpty()) {
            out.println("  none");
        } else {
            int pw = pins.keySet().stream().mapToInt(String::length).max().orElse(0);
            String pinFmt = "  %-" + pw + "s  %20s  %-20s%n";
            out.printf(Locale.ROOT, pinFmt, "PIN", "SNAPSHOT", "COMMITTED");
            pins.forEach(
                    (name, snap) -> out.printf(Locale.ROOT, pinFmt, name, snap.snapshotId(), time(snap.committedAt())));
        }

        out.println();
        out.println("PARTITIONS");
        if (d.partitions().isEmpty()) {
            out.println("  none");
        } else {
            int w = Math.max(
                    "PARTITION".length(),
                    d.partitions().stream()
                            .mapToInt(p -> p.partition().length())
                            .max()
                            .orElse(0));
            String pfmt = "  %-" + w + "s  %6s  %12s  %10s  %10s  %10s%n";
            out.printf(Locale.ROOT, pfmt, "PARTITION", "FILES", "ROWS", "BYTES", "SMALLEST", "LARGEST");
            for (PartitionStats p : d.partitions()) {
                out.printf(
                        Locale.ROOT,
                        pfmt,
                        p.partition(),
                        String.format(Locale.ROOT, "%,d", p.files()),
                        String.format(Locale.ROOT, "%,d", p.rows()),
                        Text.bytes(p.bytes()),
                        Text.bytes(p.minFileBytes()),
                        Text.bytes(p.maxFileBytes()));
            }
        }

        out.println();
        out.println("COMMITTED OFFSETS (the next offset to read, per topic partition)");
        if (d.offsets().isEmpty()) {
            out.println("  none");
        } else {
            int w = Math.max(
                    "TOPIC-PARTITION".length(),
                    d.offsets().keySet().stream()
                            .mapToInt(tp -> tp.toString().length())
                            .max()
                            .orElse(0));
            String ofmt = "  %-" + w + "s  %14s%n";
            out.printf(Locale.ROOT, ofmt, "TOPIC-PARTITION", "NEXT");
            d.offsets()
                    .forEach((tp, next) ->
                            out.printf(Locale.ROOT, ofmt, tp.toString(), String.format(Locale.ROOT, "%,d", next)));
            out.printf(Locale.ROOT, ofmt, "total", String.format(Locale.ROOT, "%,d", sum(d.offsets())));
        }
    }

    private static String time(Instant t) {
        return t == null ? "?" : t.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    // ---- JSON: keys are a contract (e2e tests and benchmarks parse them); add, never rename ----

    static ObjectNode listingJson(Path root, List<TableSummary> tables) {
        ObjectNode o = Json.mapper().createObjectNode();
        o.put("lake", root.toString());
        ArrayNode arr = o.putArray("tables");
        for (TableSummary t : tables) {
            ObjectNode j = arr.addObject();
            j.put("name", t.name());
            putId(j, "snapshot_id", t.snapshotId());
            j.put("snapshots", t.snapshots());
            j.put("partitions", t.partitions());
            j.put("files", t.files());
            j.put("rows", t.rows());
            j.put("bytes", t.bytes());
            j.put("committed_offsets_sum", t.offsetsSum());
            j.put("pins", t.pins());
        }
        return o;
    }

    /**
     * {@code {dataset, table, name, lake, snapshot_id, current_snapshot_id, snapshots:[...],
     * partitions:[...], files:[{path, partition, rows, bytes}], committed_offsets:{topic:{partition:
     * next}}, rows, bytes}}; {@code snapshots} lists every snapshot up to the selected one, oldest first.
     */
    static ObjectNode detailJson(Path root, Detail d) {
        LakeTable t = d.table();
        ObjectNode o = Json.mapper().createObjectNode();
        o.put("dataset", t.dataset());
        o.put("table", t.kind().tableName());
        o.put("name", t.name());
        o.put("lake", root.toString());
        o.put("location", t.iceberg().location());
        putId(o, "snapshot_id", d.selectedId());
        putId(o, "current_snapshot_id", d.currentId());
        ArrayNode snapshots = o.putArray("snapshots");
        for (SnapshotInfo s : d.history()) {
            ObjectNode j = snapshots.addObject();
            j.put("snapshot_id", s.snapshotId());
            if (s.parentId() == null) {
                j.putNull("parent_id");
            } else {
                j.put("parent_id", s.parentId());
            }
            j.put(
                    "committed_at",
                    s.committedAt() == null ? null : s.committedAt().toString());
            j.put("operation", s.operation());
            j.put("added_files", s.addedFiles());
            j.put("added_rows", s.addedRows());
            j.put("deleted_files", s.deletedFiles());
            j.put("deleted_rows", s.deletedRows());
            j.put("total_files", s.totalFiles());
            j.put("total_rows", s.totalRows());
            j.put("total_bytes", s.totalBytes());
            j.put("commit_id", s.commitId());
            ArrayNode tags = j.putArray("tags");
            s.tags().forEach(tags::add);
        }
        ObjectNode pinsJson = o.putObject("pins");
        pinsOf(t.snapshots()).forEach((name, snap) -> pinsJson.put(name, snap.snapshotId()));
        ArrayNode partitions = o.putArray("partitions");
        for (PartitionStats p : d.partitions()) {
            ObjectNode j = partitions.addObject();
            j.put("partition", p.partition());
            j.put("files", p.files());
            j.put("rows", p.rows());
            j.put("bytes", p.bytes());
            j.put("min_file_bytes", p.minFileBytes());
            j.put("max_file_bytes", p.maxFileBytes());
        }
        ArrayNode files = o.putArray("files");
        for (LiveFile f : d.files()) {
            ObjectNode j = files.addObject();
            j.put("path", f.path());
            j.put("partition", f.partition());
            j.put("rows", f.rows());
            j.put("bytes", f.bytes());
        }
        ObjectNode offsets = o.putObject("committed_offsets");
        d.offsets().forEach((tp, next) -> {
            ObjectNode topic =
                    offsets.has(tp.topic()) ? (ObjectNode) offsets.get(tp.topic()) : offsets.putObject(tp.topic());
            topic.put(Integer.toString(tp.partition()), next);
        });
        o.put("rows", d.rows());
        o.put("bytes", d.bytes());
        return o;
    }

    private static void putId(ObjectNode o, String name, OptionalLong id) {
        if (id.isPresent()) {
            o.put(name, id.getAsLong());
        } else {
            o.putNull(name);
        }
    }

    private static String write(ObjectNode o) {
        try {
            return Json.mapper().writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new MlcycleException(Reason.INTERNAL, "cannot write the lake as JSON", e);
        }
    }
}
