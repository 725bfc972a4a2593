package dev.mlcycle.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.contracts.record.LakeCommit;
import dev.mlcycle.lake.io.LocalFileIO;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MaintenanceTest {
    @TempDir
    Path dir;

    private static List<LakeCommit> appendBatches(LakeTable table, int batches, int rows) {
        List<LakeCommit> commits = new ArrayList<>();
        try (TableWriter w = table.writer(WriterOptions.defaults())) {
            for (int i = 0; i < batches; i++) {
                long from = (long) i * rows;
                commits.add(w.commit(
                        w.write(Credit.rows(table, Credit.events("b" + i, rows, 1, i))),
                        List.of(Credit.range(0, from, from + rows))));
            }
        }
        return commits;
    }

    @Test
    void expiryKeepsTheCurrentAndTaggedSnapshotsAndTheirFilesReadable() {
        try (Lake lake = Lake.open(dir)) {
            LakeTable table = lake.table(Credit.spec(dir), TableKind.EVENTS);
            List<LakeCommit> commits = appendBatches(table, 5, 200);
            Maintenance maintenance = new Maintenance(table);
            long pinned = commits.get(1).snapshotId();
            maintenance.tag(pinned, "training-run-1");
            maintenance.tag(pinned, "training-run-1"); // again: nothing to do
            assertThat(new Compactor(table, CompactionOptions.defaults().withTargetFileBytes(1 << 20)).compact())
                    .isPresent();
            long current = table.currentSnapshotId().orElseThrow();

            ExpiryResult result = maintenance.expireSnapshots(Duration.ZERO, 1);

            assertThat(result.expiredSnapshots())
                    .containsExactlyInAnyOrder(
                            commits.get(0).snapshotId(),
                            commits.get(2).snapshotId(),
                            commits.get(3).snapshotId(),
                            commits.get(4).snapshotId());
            assertThat(table.snapshots()).extracting(SnapshotInfo::snapshotId).containsExactly(pinned, current);
            assertThat(table.snapshots().get(0).tags()).containsExactly("training-run-1");
            // files of batches 3-5 were only in expired snapshots; batches 1-2 are still pinned
            assertThat(result.deletedDataFiles()).isEqualTo(3);
            result.deletedPaths().forEach(p -> assertThat(LocalFileIO.path(p)).doesNotExist());
            assertThat(Rows.at(table, OptionalLong.of(pinned))).hasSize(400);
            assertThat(Rows.current(table)).hasSize(1000);
            table.liveFiles(OptionalLong.of(pinned))
                    .forEach(f -> assertThat(Path.of(f.path())).exists());
            assertThat(table.committedOffsets()).containsEntry(Credit.tp(0), 1000L);

            assertThat(maintenance.tags()).containsEntry("training-run-1", pinned);
            assertThat(maintenance.removeTag("training-run-1")).isTrue();
            assertThat(maintenance.removeTag("training-run-1")).isFalse();
            assertThat(maintenance.expireSnapshots(Duration.ZERO, 1).expiredSnapshots())
                    .containsExactly(pinned);
            assertThat(Rows.current(table)).hasSize(1000);
        }
    }

    @Test
    void tagsRefuseUnknownSnapshotsAndNamesThatPointElsewhere() {
        try (Lake lake = Lake.open(dir)) {
            LakeTable table = lake.table(Credit.spec(dir), TableKind.EVENTS);
            List<LakeCommit> commits = appendBatches(table, 2, 10);
            Maintenance maintenance = new Maintenance(table);
            maintenance.tag(commits.get(0).snapshotId(), "t");
            assertThatThrownBy(() -> maintenance.tag(commits.get(1).snapshotId(), "t"))
                    .isInstanceOfSatisfying(
                            MlcycleException.class, e -> assertThat(e.reason()).isEqualTo(Reason.CONFLICT));
            assertThatThrownBy(() -> maintenance.tag(12345L, "u"))
                    .isInstanceOfSatisfying(
                            MlcycleException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND));
            assertThatThrownBy(() -> maintenance.tag(commits.get(0).snapshotId(), "main"))
                    .isInstanceOfSatisfying(
                            MlcycleException.class, e -> assertThat(e.reason()).isEqualTo(Reason.CONFLICT))
                    .hasMessageContaining("branch");
            assertThatThrownBy(() -> table.liveFiles(OptionalLong.of(12345L)))
                    .isInstanceOfSatisfying(
                            MlcycleException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND));
        }
    }

    @Test
    void orphanCleanupRemovesOldUnreferencedFilesAndKeepsYoungAndReferencedOnes() throws IOException {
        try (Lake lake = Lake.open(dir)) {
            LakeTable table = lake.table(Credit.spec(dir), TableKind.EVENTS);
            appendBatches(table, 3, 100);
            Path location = LocalFileIO.path(table.iceberg().location());
            FileTime twoHoursAgo = FileTime.from(Instant.now().minus(Duration.ofHours(2)));
            // every file the table has is old: age alone must not get a referenced file deleted
            List<Path> referenced = regularFiles(location);
            for (Path p : referenced) {
                Files.setLastModifiedTime(p, twoHoursAgo);
            }
            // an abandoned write: its file is old and unreferenced
            TableWriter w = table.writer(WriterOptions.defaults());
            WrittenFiles abandoned = w.write(Credit.rows(table, Credit.events("x", 50, 1, 5)));
            Path oldData = LocalFileIO.path(abandoned.files().get(0).location());
            Files.setLastModifiedTime(oldData, twoHoursAgo);
            Path oldMetadata = Files.writeString(location.resolve("metadata/stray-manifest.avro"), "x");
            Files.setLastModifiedTime(oldMetadata, twoHoursAgo);
            Path young = Files.writeString(location.resolve("data/in-flight.parquet"), "y");

            Maintenance maintenance = new Maintenance(table);
            OrphanResult dry = maintenance.removeOrphanFiles(Duration.ofHours(1), true);
            assertThat(dry.orphans()).containsExactlyInAnyOrder(oldData.toString(), oldMetadata.toString());
            assertThat(dry.youngUnreferenced()).isEqualTo(1);
            assertThat(dry.referencedFiles()).isEqualTo(referenced.size());
            assertThat(oldData).exists();

            OrphanResult real = maintenance.removeOrphanFiles(Duration.ofHours(1), false);
            assertThat(real.orphans()).hasSize(2);
            assertThat(real.orphanBytes()).isEqualTo(dry.orphanBytes()).isPositive();
            assertThat(oldData).doesNotExist();
            assertThat(oldMetadata).doesNotExist();
            assertThat(young).exists();
            referenced.forEach(p -> assertThat(p).exists());
            assertThat(Rows.current(table)).hasSize(300);

            assertThatThrownBy(() -> maintenance.removeOrphanFiles(Duration.ofSeconds(30), true))
                    .isInstanceOfSatisfying(
                            MlcycleException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_ARGUMENT));
        }
    }

    @Test
    void everyFileOnDiskIsReferencedAfterAppendsCompactionAndExpiry() throws IOException {
        try (Lake lake = Lake.open(dir)) {
            LakeTable table = lake.table(Credit.spec(dir), TableKind.EVENTS);
            appendBatches(table, 6, 100);
            assertThat(new Compactor(table, CompactionOptions.defaults().withTargetFileBytes(1 << 20)).compact())
                    .isPresent();
            new Maintenance(table).expireSnapshots(Duration.ZERO, 1);
            Set<Path> referenced = Maintenance.referencedFiles(table.iceberg());
            List<Path> onDisk = regularFiles(LocalFileIO.path(table.iceberg().location()));
            assertThat(onDisk)
                    .allMatch(p -> referenced.contains(p.toAbsolutePath().normalize()));
            assertThat(onDisk.stream().filter(p -> p.toString().endsWith(".parquet")))
                    .hasSize(1);
        }
    }

    private static List<Path> regularFiles(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).toList();
        }
    }
}
