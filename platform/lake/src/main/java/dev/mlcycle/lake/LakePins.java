package dev.mlcycle.lake;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Pins: Iceberg tags that keep a dataset's snapshots, and so their files, through expiry and orphan cleanup
 * ({@link Maintenance} never expires a tagged snapshot, and orphan cleanup keeps every file a kept snapshot
 * references). A pin names a pair: the events snapshot and the labels snapshot that one reader of the lake read
 * together, tagged with the same name in both tables.
 *
 * <p>Names say who holds the pin: {@link #forVersion} for a registered model version (kept while the version
 * lives), {@link #forRun} for a training run in flight (so that its snapshots cannot expire under it).
 */
public final class LakePins {
    /** The prefix of every pin mlcycle makes; other tags are left alone. */
    public static final String PREFIX = "mlcycle.";

    private static final String VERSION = PREFIX + "model.";
    private static final String RUN = PREFIX + "run.";

    private final Lake lake;

    /** Pins in this lake. */
    public LakePins(Lake lake) {
        this.lake = Objects.requireNonNull(lake, "lake");
    }

    /** One pinned snapshot: a tag in one table. */
    public record Pin(String name, String dataset, TableKind table, long snapshotId) {}

    /** The pin of a registered model version: {@code mlcycle.model.<model>.v<version>}. */
    public static String forVersion(String model, int version) {
        return VERSION + model + ".v" + version;
    }

    /** The pin of a training run in flight: {@code mlcycle.run.<run id>}. */
    public static String forRun(String runId) {
        return RUN + runId;
    }

    /** True for a pin made by {@link #forVersion} (of any model). */
    public static boolean isVersionPin(String name) {
        return name.startsWith(VERSION);
    }

    /** True for a pin made by {@link #forRun}. */
    public static boolean isRunPin(String name) {
        return name.startsWith(RUN);
    }

    /**
     * Pins the events snapshot and, if given, the labels snapshot of a dataset under {@code name}. Pinning the same
     * pair again does nothing.
     *
     * @throws MlcycleException {@link Reason#NOT_FOUND} when a table or a snapshot is gone (expired before it was
     *     pinned), {@link Reason#CONFLICT} when the name already pins another snapshot
     */
    public void pin(String dataset, String name, long eventsSnapshot, Long labelsSnapshot) {
        new Maintenance(require(dataset, TableKind.EVENTS)).tag(eventsSnapshot, name);
        if (labelsSnapshot != null) {
            new Maintenance(require(dataset, TableKind.LABELS)).tag(labelsSnapshot, name);
        }
    }

    /**
     * Removes a pin from both tables of a dataset, so its snapshots may expire.
     *
     * @return true if a table had it
     */
    public boolean unpin(String dataset, String name) {
        boolean removed = false;
        for (TableKind kind : TableKind.values()) {
            Optional<LakeTable> table = lake.find(dataset, kind);
            if (table.isPresent()) {
                removed |= new Maintenance(table.get()).removeTag(name);
            }
        }
        return removed;
    }

    /** Every mlcycle pin of a dataset's tables, by name, then table. */
    public List<Pin> pins(String dataset) {
        List<Pin> out = new ArrayList<>();
        for (TableKind kind : TableKind.values()) {
            Optional<LakeTable> table = lake.find(dataset, kind);
            if (table.isEmpty()) {
                continue;
            }
            for (Map.Entry<String, Long> tag :
                    new Maintenance(table.get()).tags().entrySet()) {
                if (tag.getKey().startsWith(PREFIX)) {
                    out.add(new Pin(tag.getKey(), dataset, kind, tag.getValue()));
                }
            }
        }
        out.sort(Comparator.comparing(Pin::name).thenComparing(Pin::table));
        return out;
    }

    private LakeTable require(String dataset, TableKind kind) {
        return lake.find(dataset, kind)
                .orElseThrow(() -> new MlcycleException(
                        Reason.NOT_FOUND,
                        "cannot pin a snapshot of " + dataset + "." + kind.tableName() + ": the lake"
                                + " has no such table"));
    }
}
