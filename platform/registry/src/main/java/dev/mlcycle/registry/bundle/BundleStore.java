package dev.mlcycle.registry.bundle;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.contracts.record.ModelVersion;
import dev.mlcycle.registry.state.ModelNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The artifact store: immutable model bundles under a registry root, {@code <root>/<model>/<version>/},
 * each file named in the registry record with its sha256.
 *
 * <p>A bundle is written in a staging directory, {@code <root>/.staging/<uuid>/}; the store then
 * fsyncs every file, hashes it, writes {@value BundleFiles#MANIFEST}, fsyncs the directories and
 * renames the staging directory to its final name in one atomic step, then fsyncs the parent. A
 * crash at any point leaves either no bundle, or a whole one: a half-written bundle only ever exists
 * under {@code .staging}, which readers never look at and {@link #sweepStaging} clears.
 *
 * <p>Bundles are immutable, and no writer ever moves, overwrites or deletes anything under a model
 * directory: {@link #write} claims its final name by creating that directory ({@code mkdir}, which
 * fails if the name exists), so it only ever renames into a directory it has just created itself,
 * empty. The name is {@code <model>/<version>}, or {@code <model>/<version>-<8 hex digits>} if that
 * one is taken (by a bundle no record names, left by a writer that stopped or lost a race), so
 * whoever publishes a record names the very directory its own write created. Only {@link
 * #sweepStaging} deletes, and only in the staging area, which no record can name ({@link #open}
 * refuses it). {@link #open} re-hashes every file before handing out paths. The store is generic:
 * training decides what the files hold ({@link BundleFiles} names the usual ones). Thread-safe;
 * several processes may read and write one root at once.
 */
public final class BundleStore {
    /** The staging area under the root, where bundles are written before they become visible. */
    public static final String STAGING = ".staging";

    private static final Logger LOG = LoggerFactory.getLogger(BundleStore.class);
    private static final int BUFFER = 1 << 16;
    /** How many suffixed names {@link #write} tries after {@code <model>/<version>} is taken. */
    private static final int SUFFIXED_NAMES = 8;

    private static final boolean WINDOWS =
            System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).startsWith("windows");

    private final Path root;

    /**
     * A store over {@code registryRoot}; nothing is created until the first {@link #write}.
     *
     * @param registryRoot the registry root, e.g. {@code <data>/registry}
     */
    public BundleStore(Path registryRoot) {
        this.root = Objects.requireNonNull(registryRoot, "registryRoot")
                .toAbsolutePath()
                .normalize();
    }

    /** The registry root, absolute. */
    public Path root() {
        return root;
    }

    /**
     * The directory relative to the root that a bundle of this version gets unless it is taken: {@code
     * <model>/<version>}. The registry record ({@link WrittenBundle#bundle()}, {@link
     * dev.mlcycle.contracts.record.ModelVersion#bundle()}) says where a bundle really is.
     */
    public static String bundleDir(String model, int version) {
        ModelNames.require(model);
        requireVersion(model, version);
        return model + "/" + version;
    }

    /** True if a directory exists under this version's usual name {@link #bundleDir} (registered or not). */
    public boolean exists(String model, int version) {
        return Files.exists(root.resolve(bundleDir(model, version)), LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * Writes a new bundle: hands {@code contents} a fresh staging directory, then makes what it wrote
     * durable and visible under a directory nobody had, {@code <root>/<model>/<version>/} or, if that
     * exists already, {@code <root>/<model>/<version>-<8 hex digits>/}, in one atomic rename. Nothing
     * that exists under the model directory is moved, overwritten or deleted.
     *
     * @return the bundle's relative directory and the sha256 of each of its files
     * @throws MlcycleException {@link Reason#INVALID_ARGUMENT} for a bad model name or version, an empty
     *     bundle, a link, a file name that cannot be recorded, or a file named {@value
     *     BundleFiles#MANIFEST}; {@link Reason#UNAVAILABLE} if the writer or the file system fails
     */
    public WrittenBundle write(String model, int version, BundleWriter contents) {
        String relative = bundleDir(model, version);
        Objects.requireNonNull(contents, "contents");
        Path modelDir = root.resolve(model);
        if (Files.isSymbolicLink(modelDir)) {
            throw invalid(relative, modelDir + " is a symbolic link; expected a plain directory under the root");
        }
        Path staging = createStaging();
        boolean moved = false;
        try {
            try {
                contents.writeTo(staging);
            } catch (IOException e) {
                throw new MlcycleException(
                        Reason.UNAVAILABLE,
                        "bundle " + relative + ": writing its files into " + staging + " failed: " + e,
                        e);
            }
            SortedMap<String, String> files = seal(relative, staging);
            Path target;
            try {
                if (!Files.isDirectory(modelDir)) {
                    Files.createDirectories(modelDir);
                    fsyncDirectory(root);
                }
                target = claim(modelDir, model, version);
                // rename(2) replaces an empty directory: the one claim() has just created, nobody else's.
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
                moved = true;
                fsyncDirectory(modelDir);
            } catch (AtomicMoveNotSupportedException e) {
                throw new MlcycleException(
                        Reason.UNAVAILABLE,
                        "bundle " + relative + ": the file system of " + root + " cannot rename " + staging
                                + " atomically; expected a local file system",
                        e);
            } catch (IOException e) {
                throw new MlcycleException(
                        Reason.UNAVAILABLE,
                        "bundle " + relative + ": cannot move " + staging + " into " + modelDir + ": " + e,
                        e);
            }
            return new WrittenBundle(model + "/" + target.getFileName(), target, files);
        } finally {
            if (!moved) {
                deleteTree(staging);
            }
        }
    }

    /**
     * Opens a registered bundle after re-hashing every file its record lists.
     *
     * @throws MlcycleException {@link Reason#INVALID_ARGUMENT} if the bundle directory or a file leaves
     *     the root (through {@code ..}, the staging area or a symbolic link); {@link
     *     Reason#INVALID_RECORD} if a file's sha256 differs from the record, naming each such file with
     *     the expected and the actual sha256 (and any missing file); {@link Reason#NOT_FOUND} if files
     *     or the bundle are missing but nothing differs
     */
    public VerifiedBundle open(ModelVersion version) {
        Objects.requireNonNull(version, "version");
        String relative = version.bundle();
        Path dir = inside(relative);
        if (!Files.isDirectory(dir)) {
            throw new MlcycleException(
                    Reason.NOT_FOUND,
                    "bundle " + relative + " (version " + version.version() + "): directory " + dir
                            + " does not exist");
        }
        Path realRoot = realPath(root);
        Path realDir = realPath(dir);
        if (!realDir.startsWith(realRoot) || realDir.equals(realRoot)) {
            throw escapes(relative, "resolves to " + realDir);
        }
        Map<String, Path> paths = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        boolean differs = false;
        for (Map.Entry<String, String> file : new TreeMap<>(version.files()).entrySet()) {
            String name = file.getKey();
            Path path = dir.resolve(name).normalize();
            if (!path.startsWith(dir) || path.equals(dir)) {
                throw escapes(relative, "file \"" + name + "\" resolves to " + path);
            }
            if (!Files.isRegularFile(path)) {
                problems.add(name + ": missing (expected sha256 " + file.getValue() + ")");
                continue;
            }
            Path realFile = realPath(path);
            if (!realFile.startsWith(realRoot)) {
                throw escapes(relative, "file \"" + name + "\" resolves to " + realFile);
            }
            String actual = sha256(path, false);
            if (!actual.equals(file.getValue())) {
                problems.add(name + ": expected sha256 " + file.getValue() + ", got " + actual);
                differs = true;
                continue;
            }
            paths.put(name, path);
        }
        if (!problems.isEmpty()) {
            throw new MlcycleException(
                    differs ? Reason.INVALID_RECORD : Reason.NOT_FOUND,
                    "bundle " + relative + " (version " + version.version() + ") failed verification in " + dir + ": "
                            + String.join("; ", problems));
        }
        return new VerifiedBundle(relative, dir, paths);
    }

    /**
     * Deletes staging directories whose newest file is older than {@code olderThan}: what a crash
     * during {@link #write} left behind. Training calls it at start, with an age well above the time a
     * bundle takes to write. It never looks outside the staging area, which no record can name, so it
     * never deletes a registered bundle. A directory that cannot be deleted is logged and left for the
     * next sweep.
     *
     * @return the staging directories deleted, sorted
     * @throws MlcycleException {@link Reason#INVALID_ARGUMENT} if {@code olderThan} is negative
     */
    public List<Path> sweepStaging(Duration olderThan) {
        Objects.requireNonNull(olderThan, "olderThan");
        if (olderThan.isNegative()) {
            throw new MlcycleException(Reason.INVALID_ARGUMENT, "staging sweep age: expected >= 0, got " + olderThan);
        }
        Path staging = root.resolve(STAGING);
        if (!Files.isDirectory(staging, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        Instant cutoff = Instant.now().minus(olderThan);
        List<Path> candidates;
        try (Stream<Path> children = Files.list(staging)) {
            candidates = children.sorted().toList();
        } catch (IOException e) {
            throw new MlcycleException(Reason.UNAVAILABLE, "cannot list the staging area " + staging + ": " + e, e);
        }
        List<Path> removed = new ArrayList<>();
        for (Path candidate : candidates) {
            try {
                if (newestModification(candidate).toInstant().isBefore(cutoff)) {
                    deleteTreeOrFail(candidate);
                    removed.add(candidate);
                }
            } catch (IOException | UncheckedIOException e) {
                LOG.warn("cannot sweep the stale staging directory {}; the next sweep retries: {}", candidate, e);
            }
        }
        if (!removed.isEmpty()) {
            LOG.info(
                    "swept {} stale staging director{} under {}",
                    removed.size(),
                    removed.size() == 1 ? "y" : "ies",
                    staging);
        }
        return List.copyOf(removed);
    }

    /**
     * Creates the bundle's final directory, empty, under a name that did not exist: {@code <version>},
     * else {@code <version>-<8 hex digits>}. Creating it is what reserves the name: {@code mkdir} fails
     * if the name exists, so two writers never get the same one, and an existing bundle is never a
     * candidate.
     */
    private static Path claim(Path modelDir, String model, int version) throws IOException {
        Path usual = modelDir.resolve(Integer.toString(version));
        for (int i = 0; i <= SUFFIXED_NAMES; i++) {
            Path candidate = i == 0
                    ? usual
                    : modelDir.resolve(
                            version + "-" + UUID.randomUUID().toString().substring(0, 8));
            try {
                Files.createDirectory(candidate);
            } catch (FileAlreadyExistsException e) {
                continue;
            }
            if (i > 0) {
                LOG.warn(
                        "bundle {}/{} exists already and is left alone (a writer that stopped before publishing"
                                + " it, or lost a race); writing this one as {}/{}",
                        model,
                        version,
                        model,
                        candidate.getFileName());
            }
            return candidate;
        }
        throw new FileAlreadyExistsException(
                usual.toString(), null, "and " + SUFFIXED_NAMES + " suffixed names next to it exist already");
    }

    /** Lists, checks, fsyncs and hashes what the writer left in the staging directory, adds the manifest. */
    private SortedMap<String, String> seal(String relative, Path staging) {
        SortedMap<String, String> files = new TreeMap<>();
        List<Path> directories = new ArrayList<>();
        try {
            Files.walkFileTree(staging, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    directories.add(dir);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    String name = relativeName(staging, file);
                    if (!attrs.isRegularFile()) {
                        throw invalid(
                                relative,
                                "\"" + name + "\" is " + (attrs.isSymbolicLink() ? "a link" : "not a regular file")
                                        + "; expected regular files only");
                    }
                    checkName(relative, name);
                    files.put(name, sha256(file, true));
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new MlcycleException(
                    Reason.UNAVAILABLE, "bundle " + relative + ": cannot read back " + staging + ": " + e, e);
        }
        if (files.isEmpty()) {
            throw invalid(relative, "the writer wrote no files into " + staging + "; expected at least one");
        }
        StringBuilder manifest = new StringBuilder();
        files.forEach(
                (name, sha) -> manifest.append(sha).append("  ").append(name).append('\n'));
        Path manifestFile = staging.resolve(BundleFiles.MANIFEST);
        try {
            Files.writeString(
                    manifestFile,
                    manifest,
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE);
            files.put(BundleFiles.MANIFEST, sha256(manifestFile, true));
            for (int i = directories.size() - 1; i >= 0; i--) {
                fsyncDirectory(directories.get(i));
            }
        } catch (IOException e) {
            throw new MlcycleException(
                    Reason.UNAVAILABLE,
                    "bundle " + relative + ": cannot write its manifest in " + staging + ": " + e,
                    e);
        }
        return Collections.unmodifiableSortedMap(files);
    }

    private static void checkName(String relative, String name) {
        if (name.equals(BundleFiles.MANIFEST)) {
            throw invalid(relative, "\"" + name + "\" is written by the store; expected the writer to leave it out");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '\\' || c == ':') {
                throw invalid(
                        relative,
                        "file name \"" + name.replaceAll("\\p{Cntrl}", "?")
                                + "\" has a control character, '\\' or ':'; expected plain names joined by '/'");
            }
        }
    }

    private static String relativeName(Path base, Path file) {
        List<String> parts = new ArrayList<>();
        for (Path part : base.relativize(file)) {
            parts.add(part.toString());
        }
        return String.join("/", parts);
    }

    /** The root-relative path resolved, refusing anything outside the root or in the staging area. */
    private Path inside(String relative) {
        Path dir = root.resolve(relative).normalize();
        if (!dir.startsWith(root) || dir.equals(root)) {
            throw escapes(relative, "resolves to " + dir);
        }
        if (dir.startsWith(root.resolve(STAGING))) {
            throw escapes(relative, "is in the staging area " + root.resolve(STAGING));
        }
        return dir;
    }

    private MlcycleException escapes(String relative, String detail) {
        return new MlcycleException(
                Reason.INVALID_ARGUMENT,
                "bundle path \"" + relative + "\" " + detail + ", outside the registry root " + root
                        + "; expected a bundle directory under it like credit-default/3");
    }

    private static MlcycleException invalid(String relative, String detail) {
        return new MlcycleException(Reason.INVALID_ARGUMENT, "bundle " + relative + ": " + detail);
    }

    private static void requireVersion(String model, int version) {
        if (version < 1) {
            throw new MlcycleException(
                    Reason.INVALID_ARGUMENT, "model " + model + ": version: expected >= 1, got " + version);
        }
    }

    private Path createStagingRoot() {
        Path staging = root.resolve(STAGING);
        try {
            if (!Files.isDirectory(staging)) {
                Files.createDirectories(staging);
                fsyncDirectory(root);
            }
            return staging;
        } catch (IOException e) {
            throw new MlcycleException(Reason.UNAVAILABLE, "cannot create the staging area " + staging + ": " + e, e);
        }
    }

    private Path createStaging() {
        Path dir = createStagingRoot().resolve(UUID.randomUUID().toString());
        try {
            return Files.createDirectory(dir);
        } catch (IOException e) {
            throw new MlcycleException(Reason.UNAVAILABLE, "cannot create the staging directory " + dir + ": " + e, e);
        }
    }

    private static Path realPath(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            throw new MlcycleException(Reason.UNAVAILABLE, "cannot resolve " + path + ": " + e, e);
        }
    }

    /**
     * The sha256 of a file as 64 lower-case hex digits; with {@code fsync}, the file is forced to disk
     * first.
     */
    static String sha256(Path file, boolean fsync) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new MlcycleException(Reason.INTERNAL, "this JVM has no SHA-256", e);
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            if (fsync) {
                channel.force(true);
            }
            ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
            while (channel.read(buffer) >= 0) {
                buffer.flip();
                digest.update(buffer);
                buffer.clear();
            }
        } catch (IOException e) {
            throw new MlcycleException(Reason.UNAVAILABLE, "cannot read " + file + " to hash it: " + e, e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Forces a directory's entries to disk, so a created or renamed entry survives a crash. */
    static void fsyncDirectory(Path dir) throws IOException {
        if (WINDOWS) {
            return; // Windows cannot open a directory as a channel; NTFS journals its metadata.
        }
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    private static FileTime newestModification(Path dir) throws IOException {
        FileTime[] newest = {Files.getLastModifiedTime(dir, LinkOption.NOFOLLOW_LINKS)};
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.lastModifiedTime().compareTo(newest[0]) > 0) {
                    newest[0] = attrs.lastModifiedTime();
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                if (attrs.lastModifiedTime().compareTo(newest[0]) > 0) {
                    newest[0] = attrs.lastModifiedTime();
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return newest[0];
    }

    /** Deletes a tree without following links; throws on the first failure. */
    private static void deleteTreeOrFail(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.deleteIfExists(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void deleteTree(Path dir) {
        try {
            deleteTreeOrFail(dir);
        } catch (IOException e) {
            LOG.warn("cannot delete the staging directory {}; the next sweep removes it: {}", dir, e.toString());
        }
    }
}
