package dev.mlcycle.registry.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.contracts.record.ModelVersion;
import dev.mlcycle.contracts.record.ModelVersion.VersionStatus;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleStoreTest {
    static final String MODEL = "credit-default";
    static final String EMPTY_SHA = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    @TempDir
    Path root;

    BundleStore store() {
        return new BundleStore(root);
    }

    static BundleWriter usual() {
        return dir -> {
            Files.writeString(dir.resolve(BundleFiles.MODEL), "model bytes");
            Files.writeString(dir.resolve(BundleFiles.ENCODER), "{\"income\":{\"mean\":1.0}}");
            Files.writeString(dir.resolve(BundleFiles.MODEL_CARD), "{\"seed\":7}");
            Files.writeString(dir.resolve(BundleFiles.REFERENCE_PROFILE), "{\"bins\":[]}");
        };
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    static ModelVersion version(int version, String bundle, Map<String, String> files) {
        return new ModelVersion(
                version,
                "run-1",
                Instant.parse("2026-01-01T00:00:00Z"),
                bundle,
                files,
                Map.of(),
                null,
                null,
                VersionStatus.REGISTERED);
    }

    static ModelVersion version(WrittenBundle b, int version) {
        return version(version, b.bundle(), b.files());
    }

    static void assertFails(ThrowingCallable call, Reason reason, String... fragments) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(
                        MlcycleException.class,
                        e -> assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason))
                .hasMessageContainingAll(fragments);
    }

    List<Path> stagingEntries() throws IOException {
        Path staging = root.resolve(BundleStore.STAGING);
        if (!Files.isDirectory(staging)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(staging)) {
            return s.toList();
        }
    }

    // --- write ------------------------------------------------------------------------------

    @Test
    void writesABundleWithTheSha256OfEveryFileSortedAndLeavesNoStaging() throws Exception {
        WrittenBundle b = store().write(MODEL, 3, dir -> {
            usual().writeTo(dir);
            Files.createDirectories(dir.resolve("extra/deep"));
            Files.writeString(dir.resolve("extra/deep/notes.txt"), "hello");
        });
        assertThat(b.bundle()).isEqualTo("credit-default/3");
        assertThat(b.directory()).isEqualTo(root.toAbsolutePath().resolve("credit-default/3"));
        assertThat(b.files().keySet())
                .containsExactly(
                        BundleFiles.MANIFEST,
                        "encoder.json",
                        "extra/deep/notes.txt",
                        "model-card.json",
                        "model.tribuo",
                        "reference-profile.json");
        for (Map.Entry<String, String> f : b.files().entrySet()) {
            assertThat(f.getValue())
                    .as(f.getKey())
                    .isEqualTo(sha256(Files.readAllBytes(b.directory().resolve(f.getKey()))));
        }
        assertThat(b.files()).containsEntry("extra/deep/notes.txt", sha256("hello".getBytes(StandardCharsets.UTF_8)));
        assertThat(stagingEntries()).isEmpty();
        assertThat(store().exists(MODEL, 3)).isTrue();
        assertThat(store().exists(MODEL, 4)).isFalse();
    }

    @Test
    void writesAManifestThatSha256sumAccepts() throws Exception {
        WrittenBundle b = store().write(MODEL, 1, usual());
        List<String> lines = Files.readAllLines(b.directory().resolve(BundleFiles.MANIFEST));
        assertThat(lines).hasSize(4).allSatisfy(l -> assertThat(l).matches("[0-9a-f]{64}  [a-z.-]+"));
        assertThat(lines)
                .extracting(l -> l.substring(66))
                .containsExactly("encoder.json", "model-card.json", "model.tribuo", "reference-profile.json");
        assertThat(lines)
                .extracting(l -> l.substring(0, 64))
                .containsExactly(
                        b.files().get("encoder.json"),
                        b.files().get("model-card.json"),
                        b.files().get("model.tribuo"),
                        b.files().get("reference-profile.json"));
        Process check;
        try {
            check = new ProcessBuilder("sha256sum", "--check", "--strict", BundleFiles.MANIFEST)
                    .directory(b.directory().toFile())
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException noTool) {
            org.junit.jupiter.api.Assumptions.abort("sha256sum is not installed: " + noTool);
            return;
        }
        String out = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(check.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(check.exitValue()).as(out).isZero();
        assertThat(out).contains("model.tribuo: OK");
    }

    @Test
    void hashesAnEmptyFileAndAFileLargerThanTheReadBuffer() throws Exception {
        byte[] big = new byte[5 * 1024 * 1024 + 17];
        new Random(1).nextBytes(big);
        WrittenBundle b = store().write(MODEL, 1, dir -> {
            Files.write(dir.resolve("empty.bin"), new byte[0]);
            Files.write(dir.resolve("big.bin"), big);
        });
        assertThat(b.files()).containsEntry("empty.bin", EMPTY_SHA).containsEntry("big.bin", sha256(big));
        assertThat(store().open(version(b, 1)).file("big.bin")).hasBinaryContent(big);
    }

    @Test
    void writesBesideAnExistingVersionWithoutTouchingIt() throws Exception {
        WrittenBundle first = store().write(MODEL, 2, usual());
        WrittenBundle second =
                store().write(MODEL, 2, dir -> Files.writeString(dir.resolve(BundleFiles.MODEL), "other"));
        WrittenBundle third =
                store().write(MODEL, 2, dir -> Files.writeString(dir.resolve(BundleFiles.MODEL), "third"));

        assertThat(first.bundle()).isEqualTo("credit-default/2");
        assertThat(second.bundle()).matches("credit-default/2-[0-9a-f]{8}");
        assertThat(third.bundle()).matches("credit-default/2-[0-9a-f]{8}").isNotEqualTo(second.bundle());
        assertThat(second.directory()).isEqualTo(root.toAbsolutePath().resolve(second.bundle()));
        assertThat(store().open(version(first, 2)).file(BundleFiles.MODEL)).hasContent("model bytes");
        assertThat(store().open(version(second, 2)).file(BundleFiles.MODEL)).hasContent("other");
        assertThat(store().open(version(third, 2)).file(BundleFiles.MODEL)).hasContent("third");
        assertThat(stagingEntries()).isEmpty();
    }

    @Test
    void leavesAnEmptyDirectoryUnderTheUsualNameAloneAndWritesBesideIt() throws Exception {
        // What a writer that died between claiming the name and renaming into it leaves.
        Files.createDirectories(root.resolve("credit-default/4"));
        WrittenBundle b = store().write(MODEL, 4, usual());
        assertThat(b.bundle()).matches("credit-default/4-[0-9a-f]{8}");
        assertThat(root.resolve("credit-default/4")).isEmptyDirectory();
        assertThat(store().open(version(b, 4)).files()).hasSize(5);
    }

    @Test
    void twoWritersOfTheSameVersionAtOnceEachGetTheirOwnWholeBundle() throws Exception {
        CountDownLatch bothWriting = new CountDownLatch(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<WrittenBundle>> results = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                String content = "writer " + w;
                results.add(pool.submit(() -> store().write(MODEL, 1, dir -> {
                    Files.writeString(dir.resolve(BundleFiles.MODEL), content);
                    bothWriting.countDown();
                    try {
                        bothWriting.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                })));
            }
            List<String> names = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                WrittenBundle b = results.get(w).get(30, TimeUnit.SECONDS);
                names.add(b.bundle());
                assertThat(store().open(version(b, 1)).file(BundleFiles.MODEL)).hasContent("writer " + w);
            }
            assertThat(names)
                    .as("one gets the usual name, the other one beside it")
                    .anySatisfy(n -> assertThat(n).isEqualTo("credit-default/1"))
                    .anySatisfy(n -> assertThat(n).matches("credit-default/1-[0-9a-f]{8}"));
            assertThat(stagingEntries()).isEmpty();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void refusesAnEmptyBundle() throws Exception {
        assertFails(
                () -> store().write(MODEL, 1, dir -> {}),
                Reason.INVALID_ARGUMENT,
                "bundle credit-default/1: the writer wrote no files",
                "expected at least one");
        assertThat(store().exists(MODEL, 1)).isFalse();
        assertThat(stagingEntries()).isEmpty();
    }

    @Test
    void refusesLinksReservedNamesAndNamesARecordCannotHold() throws Exception {
        Path outside = Files.writeString(Files.createTempFile("outside", ".txt"), "secret");
        try {
            assertFails(
                    () -> store().write(
                                    MODEL, 1, dir -> Files.createSymbolicLink(dir.resolve("model.tribuo"), outside)),
                    Reason.INVALID_ARGUMENT,
                    "\"model.tribuo\" is a link; expected regular files only");
        } finally {
            Files.delete(outside);
        }
        assertFails(
                () -> store().write(MODEL, 1, dir -> Files.writeString(dir.resolve(BundleFiles.MANIFEST), "x")),
                Reason.INVALID_ARGUMENT,
                "\"MANIFEST.sha256\" is written by the store");
        assertFails(
                () -> store().write(MODEL, 1, dir -> Files.writeString(dir.resolve("a:b"), "x")),
                Reason.INVALID_ARGUMENT,
                "file name \"a:b\"");
        assertFails(
                () -> store().write(MODEL, 1, dir -> Files.writeString(dir.resolve("line\nbreak"), "x")),
                Reason.INVALID_ARGUMENT,
                "file name \"line?break\" has a control character");
        assertThat(store().exists(MODEL, 1)).isFalse();
        assertThat(stagingEntries()).isEmpty();
    }

    @Test
    void aFailingWriterLeavesNothingBehind() throws Exception {
        assertFails(
                () -> store().write(MODEL, 1, dir -> {
                    Files.writeString(dir.resolve("model.tribuo"), "half");
                    throw new IOException("disk full");
                }),
                Reason.UNAVAILABLE,
                "bundle credit-default/1: writing its files into",
                "disk full");
        assertThatThrownBy(() -> store().write(MODEL, 1, dir -> {
                    Files.writeString(dir.resolve("model.tribuo"), "half");
                    throw new IllegalStateException("training bug");
                }))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("training bug");
        assertThat(store().exists(MODEL, 1)).isFalse();
        assertThat(stagingEntries()).isEmpty();
    }

    @Test
    void refusesBadModelNamesAndVersions() {
        assertFails(() -> store().write("../etc", 1, usual()), Reason.INVALID_ARGUMENT, "contains \"..\"");
        assertFails(() -> store().write(".staging", 1, usual()), Reason.INVALID_ARGUMENT, "starts with a dot");
        assertFails(() -> store().write(MODEL, 0, usual()), Reason.INVALID_ARGUMENT, "version: expected >= 1, got 0");
        assertFails(() -> BundleStore.bundleDir(MODEL, -3), Reason.INVALID_ARGUMENT, "got -3");
        assertThat(BundleStore.bundleDir(MODEL, Integer.MAX_VALUE)).isEqualTo("credit-default/2147483647");
    }

    // --- open -------------------------------------------------------------------------------

    @Test
    void opensAVerifiedBundleWithThePathOfEveryFile() throws Exception {
        WrittenBundle b = store().write(MODEL, 1, usual());
        VerifiedBundle v = store().open(version(b, 1));
        assertThat(v.bundle()).isEqualTo("credit-default/1");
        assertThat(v.directory()).isEqualTo(b.directory());
        assertThat(v.file(BundleFiles.MODEL)).hasContent("model bytes");
        assertThat(v.files().keySet()).containsExactlyElementsOf(b.files().keySet());
        assertThat(v.find("nope.bin")).isEmpty();
        assertFails(
                () -> v.file("nope.bin"),
                Reason.NOT_FOUND,
                "bundle credit-default/1 has no file \"nope.bin\"; expected one of [MANIFEST.sha256, encoder.json");
    }

    @Test
    void refusesATamperedFileNamingItWithExpectedAndActualHash() throws Exception {
        WrittenBundle b = store().write(MODEL, 1, usual());
        Files.writeString(b.directory().resolve(BundleFiles.MODEL), "model bytez");
        String expected = b.files().get(BundleFiles.MODEL);
        String actual = sha256("model bytez".getBytes(StandardCharsets.UTF_8));
        assertFails(
                () -> store().open(version(b, 1)),
                Reason.INVALID_RECORD,
                "bundle credit-default/1 (version 1) failed verification",
                "model.tribuo: expected sha256 " + expected + ", got " + actual);
    }

    @Test
    void refusesAMissingFileAndListsEveryProblem() throws Exception {
        WrittenBundle b = store().write(MODEL, 1, usual());
        Files.delete(b.directory().resolve(BundleFiles.ENCODER));
        assertFails(
                () -> store().open(version(b, 1)),
                Reason.NOT_FOUND,
                "encoder.json: missing (expected sha256 " + b.files().get(BundleFiles.ENCODER) + ")");
        Files.writeString(b.directory().resolve(BundleFiles.MODEL_CARD), "{}");
        assertFails(
                () -> store().open(version(b, 1)),
                Reason.INVALID_RECORD,
                "encoder.json: missing",
                "model-card.json: expected sha256");
    }

    @Test
    void refusesAFileTheRecordListsButTheBundleNeverHad() throws Exception {
        WrittenBundle b = store().write(MODEL, 1, usual());
        Map<String, String> files = new java.util.TreeMap<>(b.files());
        files.put("sub/extra.bin", EMPTY_SHA);
        assertFails(() -> store().open(version(1, b.bundle(), files)), Reason.NOT_FOUND, "sub/extra.bin: missing");
    }

    @Test
    void refusesAMissingBundleDirectory() {
        assertFails(
                () -> store().open(version(4, "credit-default/4", Map.of("m", EMPTY_SHA))),
                Reason.NOT_FOUND,
                "bundle credit-default/4 (version 4): directory",
                "does not exist");
    }

    @Test
    void refusesBundlePathsThatEscapeTheRoot(@TempDir Path elsewhere) throws Exception {
        Path outsideBundle = Files.createDirectories(elsewhere.resolve("1"));
        Files.write(outsideBundle.resolve("m"), new byte[0]);
        Files.createSymbolicLink(root.resolve("evil"), elsewhere);
        assertFails(
                () -> store().open(version(1, "evil/1", Map.of("m", EMPTY_SHA))),
                Reason.INVALID_ARGUMENT,
                "bundle path \"evil/1\" resolves to",
                "outside the registry root");

        Path stagingBundle = Files.createDirectories(root.resolve(".staging/abc"));
        Files.write(stagingBundle.resolve("m"), new byte[0]);
        assertFails(
                () -> store().open(version(1, ".staging/abc", Map.of("m", EMPTY_SHA))),
                Reason.INVALID_ARGUMENT,
                "is in the staging area");

        WrittenBundle b = store().write(MODEL, 1, usual());
        Files.createSymbolicLink(b.directory().resolve("linked"), outsideBundle.resolve("m"));
        Map<String, String> files = new java.util.TreeMap<>(b.files());
        files.put("linked", EMPTY_SHA);
        assertFails(
                () -> store().open(version(1, b.bundle(), files)),
                Reason.INVALID_ARGUMENT,
                "file \"linked\" resolves to",
                "outside the registry root");
    }

    @Test
    void refusesToWriteThroughAModelDirectoryThatIsALink(@TempDir Path elsewhere) throws Exception {
        Files.createSymbolicLink(root.resolve(MODEL), elsewhere);
        assertFails(
                () -> store().write(MODEL, 1, usual()),
                Reason.INVALID_ARGUMENT,
                "is a symbolic link; expected a plain directory under the root");
        try (Stream<Path> s = Files.list(elsewhere)) {
            assertThat(s.toList()).isEmpty();
        }
    }

    @Test
    void theContractAlreadyRefusesDotDotAndAbsoluteBundlePaths() {
        assertThatThrownBy(() -> version(1, "../other/1", Map.of("m", EMPTY_SHA)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected a relative path");
        assertThatThrownBy(() -> version(1, "/etc/1", Map.of("m", EMPTY_SHA)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // --- staging, crashes -------------------------------------------------------------------

    @Test
    void sweepsOnlyStagingDirectoriesOlderThanTheAge() throws Exception {
        assertThat(store().sweepStaging(Duration.ofMinutes(5))).isEmpty();
        WrittenBundle kept = store().write(MODEL, 1, usual());
        Path old = Files.createDirectories(root.resolve(".staging/old/sub"));
        Files.writeString(old.resolve("model.tribuo"), "partial");
        Path fresh = Files.createDirectories(root.resolve(".staging/fresh"));
        Files.writeString(fresh.resolve("model.tribuo"), "partial");
        ageTree(root.resolve(".staging/old"), Duration.ofHours(2));

        assertThat(store().sweepStaging(Duration.ofHours(1))).containsExactly(root.resolve(".staging/old"));
        assertThat(stagingEntries()).containsExactly(fresh);
        assertThat(store().sweepStaging(Duration.ZERO)).containsExactly(fresh);
        assertThat(stagingEntries()).isEmpty();
        assertThat(store().open(version(kept, 1)).files()).hasSize(5);
        assertFails(
                () -> store().sweepStaging(Duration.ofSeconds(-1)),
                Reason.INVALID_ARGUMENT,
                "staging sweep age: expected >= 0");
    }

    @Test
    void keepsAnOldStagingDirectoryThatIsStillBeingWritten() throws Exception {
        Path busy = Files.createDirectories(root.resolve(".staging/busy"));
        Files.writeString(busy.resolve("old.bin"), "x");
        ageTree(busy, Duration.ofHours(3));
        Files.writeString(busy.resolve("new.bin"), "y");
        Files.setLastModifiedTime(busy, FileTime.from(Instant.now().minus(Duration.ofHours(3))));
        assertThat(store().sweepStaging(Duration.ofHours(1))).isEmpty();
    }

    @Test
    void aProcessKilledWhileWritingLeavesNoBundleOnlyStagingThatIsSwept() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(
                        java,
                        "-Xmx64m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        CrashingWriter.class.getName(),
                        root.toString())
                .redirectErrorStream(true)
                .start();
        String staged;
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            staged = out.readLine();
            assertThat(staged).as("the child's first line").startsWith(CrashingWriter.STAGED);
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            child.destroyForcibly();
        }
        Path stagingDir = Path.of(staged.substring(CrashingWriter.STAGED.length()));
        assertThat(stagingDir.getParent()).isEqualTo(root.toAbsolutePath().resolve(BundleStore.STAGING));
        assertThat(stagingDir.resolve(BundleFiles.MODEL)).exists();

        assertThat(store().exists(CrashingWriter.MODEL, 1)).isFalse();
        assertThat(root.resolve(CrashingWriter.MODEL)).doesNotExist();
        assertFails(
                () -> store().open(version(1, CrashingWriter.MODEL + "/1", Map.of(BundleFiles.MODEL, EMPTY_SHA))),
                Reason.NOT_FOUND,
                "does not exist");

        assertThat(store().sweepStaging(Duration.ofHours(1))).isEmpty();
        ageTree(stagingDir, Duration.ofHours(2));
        assertThat(store().sweepStaging(Duration.ofHours(1))).containsExactly(stagingDir);
        assertThat(stagingEntries()).isEmpty();
        WrittenBundle again = store().write(CrashingWriter.MODEL, 1, usual());
        assertThat(store().open(version(again, 1)).files()).hasSize(5);
    }

    /** Sets the modification time of a tree to {@code age} ago. */
    static void ageTree(Path dir, Duration age) throws IOException {
        FileTime then = FileTime.from(Instant.now().minus(age));
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.setLastModifiedTime(p, then);
            }
        }
    }
}
