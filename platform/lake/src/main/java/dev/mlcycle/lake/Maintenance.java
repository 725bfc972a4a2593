package dev.mlcycle.lake;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.lake.io.LocalFileIO;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.iceberg.ExpireSnapshots;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.ManifestContent;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.ManifestFiles;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.ReachableFileUtil;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.FileIO;

/**
 * Housekeeping of one table: snapshot expiry, orphan file removal, and tags that pin snapshots
 * against expiry. Metadata changes hold the table's {@link LakeTable#commitLock()} and retry like
 * appends.
 */
public final class Maintenance {
    /** The shortest grace period {@link #removeOrphanFiles} accepts. */
    public static final Duration MIN_ORPHAN_AGE = Duration.ofMinutes(1);

    private final LakeTable table;

    public Maintenance(LakeTable table) {
        this.table = Objects.requireNonNull(table, "table");
    }

    /**
     * Expires snapshots older than {@code olderThan}, keeping at least the {@code retainLast} newest
     * ancestors of the current snapshot, and deletes the files only expired snapshots referenced
     * (Iceberg {@code ExpireSnapshots} with {@code cleanExpiredFiles}). The current snapshot and
     * tagged snapshots are never expired, so their files stay readable.
     *
     * @throws MlcycleException {@link Reason#INVALID_ARGUMENT} for a negative age or {@code retainLast
     *     < 1}
     */
    public ExpiryResult expireSnapshots(Duration olderThan, int retainLast) {
        if (olderThan == null || olderThan.isNegative()) {
            throw new MlcycleException(Reason.INVALID_ARGUMENT, "olderThan must be >= 0, got " + olderThan);
        }
        if (retainLast < 1) {
            throw new MlcycleException(Reason.INVALID_ARGUMENT, "retainLast must be >= 1, got " + retainLast);
        }
        table.commitLock().lock();
        try {
            return loop("snapshot expiry of " + table.name()).run(n -> expireOnce(olderThan, retainLast));
        } finally {
            table.commitLock().unlock();
        }
    }

    private ExpiryResult expireOnce(Duration olderThan, int retainLast) {
        Table t = table.iceberg();
        t.refresh();
        long cutoff = System.currentTimeMillis() - olderThan.toMillis();
        List<Snapshot> expiring = t.expireSnapshots()
                .expireOlderThan(cutoff)
                .retainLast(retainLast)
                .apply();
        if (expiring.isEmpty()) {
            return new ExpiryResult(List.of(), 0, 0, List.of());
        }
        FileIO io = t.io();
        List<String> deleted = Collections.synchronizedList(new ArrayList<>());
        ExpireSnapshots expire = t.expireSnapshots()
                .expireOlderThan(cutoff)
                .retainLast(retainLast)
                .cleanupLevel(ExpireSnapshots.CleanupLevel.ALL)
                .deleteWith(path -> {
                    io.deleteFile(path);
                    deleted.add(path);
                });
        // Naming the snapshots makes Iceberg clean up by reachability: it then also deletes files that
        // a retained snapshot (a compaction) marked deleted, which its incremental cleanup leaves behind.
        expiring.forEach(s -> expire.expireSnapshotId(s.snapshotId()));
        try {
            expire.commit();
        } catch (IllegalArgumentException e) {
            // a snapshot got tagged or became current meanwhile (another process): plan again
            throw new CommitFailedException(e, "snapshots of %s changed during expiry: %s", t.name(), e.getMessage());
        }
        List<Long> expired = new ArrayList<>();
        expiring.forEach(s -> expired.add(s.snapshotId()));
        expired.sort(null);
        List<String> paths = new ArrayList<>(deleted);
        paths.sort(null);
        int data = (int) paths.stream().filter(p -> p.endsWith(".parquet")).count();
        return new ExpiryResult(expired, data, paths.size() - data, paths);
    }

    /**
     * Deletes files under the table's location ({@code data/} and {@code metadata/}) that nothing
     * references (no metadata file, manifest list, manifest or data file of any valid snapshot) and
     * that were last modified more than {@code olderThan} ago. The files are listed before the table
     * is refreshed, so a commit that lands meanwhile protects its files; files of a commit still in
     * flight are young and protected by the grace period, which must therefore exceed the longest
     * write-and-commit (compaction included).
     *
     * @throws MlcycleException {@link Reason#INVALID_ARGUMENT} if {@code olderThan} is under {@link
     *     #MIN_ORPHAN_AGE}
     */
    public OrphanResult removeOrphanFiles(Duration olderThan, boolean dryRun) {
        if (olderThan == null || olderThan.compareTo(MIN_ORPHAN_AGE) < 0) {
            throw new MlcycleException(
                    Reason.INVALID_ARGUMENT,
                    "olderThan must be at least " + MIN_ORPHAN_AGE
                            + " so that files of commits in flight are safe, got " + olderThan);
        }
        Table t = table.iceberg();
        long cutoff = System.currentTimeMillis() - olderThan.toMillis();
        Path location = LocalFileIO.path(t.location()).toAbsolutePath().normalize();
        List<FileOnDisk> onDisk = new ArrayList<>();
        list(location.resolve("data"), onDisk);
        list(location.resolve("metadata"), onDisk);

        t.refresh();
        Set<Path> referenced = referencedFiles(t);
        List<String> orphans = new ArrayList<>();
        long orphanBytes = 0;
        int referencedCount = 0;
        int young = 0;
        for (FileOnDisk f : onDisk) {
            if (referenced.contains(f.path)) {
                referencedCount++;
            } else if (f.modifiedMillis >= cutoff) {
                young++;
            } else {
                orphans.add(f.path.toString());
                orphanBytes += f.bytes;
            }
        }
        orphans.sort(null);
        if (!dryRun) {
            orphans.forEach(t.io()::deleteFile);
        }
        return new OrphanResult(orphans, orphanBytes, onDisk.size(), referencedCount, young, dryRun);
    }

    /** Every file the table's metadata references, through any snapshot still in it. */
    static Set<Path> referencedFiles(Table t) {
        FileIO io = t.io();
        Set<String> locations = new HashSet<>();
        locations.add(((HasTableOperations) t).operations().current().metadataFileLocation());
        locations.addAll(ReachableFileUtil.metadataFileLocations(t, true));
        locations.addAll(ReachableFileUtil.statisticsFilesLocations(t));
        Map<Integer, PartitionSpec> specs = t.specs();
        Set<String> manifestsRead = new HashSet<>();
        for (Snapshot s : t.snapshots()) {
            if (s.manifestListLocation() != null) {
                locations.add(s.manifestListLocation());
            }
            for (ManifestFile m : s.allManifests(io)) {
                locations.add(m.path());
                if (!manifestsRead.add(m.path())) {
                    continue;
                }
                try (CloseableIterable<String> paths = m.content() == ManifestContent.DATA
                        ? ManifestFiles.readPaths(m, io, specs)
                        : CloseableIterable.transform(
                                ManifestFiles.readDeleteManifest(m, io, specs), f -> f.location())) {
                    paths.forEach(locations::add);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read the manifest " + m.path() + ": " + e.getMessage(), e);
                }
            }
        }
        Set<Path> paths = new HashSet<>();
        for (String l : locations) {
            paths.add(LocalFileIO.path(l).toAbsolutePath().normalize());
        }
        return paths;
    }

    private static void list(Path dir, List<FileOnDisk> out) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                try {
                    BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                    if (a.isRegularFile()) {
                        out.add(new FileOnDisk(
                                p.toAbsolutePath().normalize(),
                                a.size(),
                                a.lastModifiedTime().toMillis()));
                    }
                } catch (NoSuchFileException gone) {
                    // deleted while listing
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Tags a snapshot, which pins it (and its files) against expiry; training tags what it read.
     * Tagging a snapshot again with the same name does nothing.
     *
     * @throws MlcycleException {@link Reason#NOT_FOUND} for an unknown snapshot, {@link
     *     Reason#CONFLICT} if the name already points elsewhere or names a branch, {@link
     *     Reason#INVALID_ARGUMENT} for a blank name
     */
    public void tag(long snapshotId, String name) {
        if (name == null || name.isBlank()) {
            throw new MlcycleException(Reason.INVALID_ARGUMENT, "a tag needs a name, got \"" + name + "\"");
        }
        table.commitLock().lock();
        try {
            loop("tagging " + table.name() + " snapshot " + snapshotId + " as " + name)
                    .run(n -> {
                        Table t = table.iceberg();
                        t.refresh();
                        SnapshotRef existing = t.refs().get(name);
                        if (existing != null) {
                            if (existing.isTag() && existing.snapshotId() == snapshotId) {
                                return null;
                            }
                            throw new MlcycleException(
                                    Reason.CONFLICT,
                                    "table " + table.name() + " already has a " + (existing.isTag() ? "tag" : "branch")
                                            + " \"" + name + "\" at snapshot " + existing.snapshotId());
                        }
                        if (t.snapshot(snapshotId) == null) {
                            throw new MlcycleException(
                                    Reason.NOT_FOUND, "table " + table.name() + " has no snapshot " + snapshotId);
                        }
                        t.manageSnapshots().createTag(name, snapshotId).commit();
                        return null;
                    });
        } finally {
            table.commitLock().unlock();
        }
    }

    /**
     * Removes a tag, so its snapshot may expire.
     *
     * @return false if there was no such tag
     * @throws MlcycleException {@link Reason#INVALID_ARGUMENT} if the name is a branch
     */
    public boolean removeTag(String name) {
        table.commitLock().lock();
        try {
            return loop("removing tag " + name + " of " + table.name()).run(n -> {
                Table t = table.iceberg();
                t.refresh();
                SnapshotRef existing = t.refs().get(name);
                if (existing == null) {
                    return false;
                }
                if (!existing.isTag()) {
                    throw new MlcycleException(
                            Reason.INVALID_ARGUMENT, "\"" + name + "\" is a branch of " + table.name() + ", not a tag");
                }
                t.manageSnapshots().removeTag(name).commit();
                return true;
            });
        } finally {
            table.commitLock().unlock();
        }
    }

    /** The table's tags: name to snapshot id. */
    public Map<String, Long> tags() {
        Table t = table.iceberg();
        t.refresh();
        Map<String, Long> tags = new java.util.TreeMap<>();
        t.refs().forEach((name, ref) -> {
            if (ref.isTag()) {
                tags.put(name, ref.snapshotId());
            }
        });
        return tags;
    }

    private static CommitLoop loop(String what) {
        return new CommitLoop(what, WriterOptions.DEFAULT_COMMIT_RETRIES, WriterOptions.DEFAULT_RETRY_BACKOFF);
    }

    private record FileOnDisk(Path path, long bytes, long modifiedMillis) {}
}
