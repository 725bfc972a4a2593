package dev.mlcycle.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlcycle.contracts.Topics;
import dev.mlcycle.contracts.json.Json;
import dev.mlcycle.contracts.record.LakeCommit;
import dev.mlcycle.contracts.record.OffsetRange;
import dev.mlcycle.contracts.spec.DatasetCatalog;
import dev.mlcycle.contracts.spec.DatasetSpec;
import dev.mlcycle.datagen.model.CreditExamples;
import dev.mlcycle.lake.Lake;
import dev.mlcycle.lake.LakePins;
import dev.mlcycle.lake.LakeTable;
import dev.mlcycle.lake.TableKind;
import dev.mlcycle.lake.TableWriter;
import dev.mlcycle.lake.WriterOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** {@code mlcycle lake} in-process over a lake written here with the lake API: two commits, three days. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LakeCommandIT {
    static final String EVENTS = Topics.events("credit");
    static final Instant DAY0 = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    static Path dataDir;

    long firstSnapshot;
    long secondSnapshot;

    @BeforeAll
    void writeALake() {
        DatasetSpec spec = new DatasetCatalog(dataDir).load("credit");
        try (Lake lake = Lake.open(dataDir.resolve("lake"))) {
            LakeTable table = lake.table(spec, TableKind.EVENTS);
            try (TableWriter writer = table.writer(WriterOptions.defaults())) {
                // First commit: 6 events on day 0 and day 1, partitions 0 and 1.
                LakeCommit first = writer.commit(
                        writer.write(rows(table, 0, 6)),
                        List.of(new OffsetRange(EVENTS, 0, 0, 4), new OffsetRange(EVENTS, 1, 0, 2)));
                firstSnapshot = first.snapshotId();
                // Second commit: 4 more on day 2, partition 0 moves on and partition 2 appears.
                LakeCommit second = writer.commit(
                        writer.write(rows(table, 6, 4)),
                        List.of(new OffsetRange(EVENTS, 0, 4, 7), new OffsetRange(EVENTS, 2, 0, 1)));
                secondSnapshot = second.snapshotId();
            }
            // An empty labels table: created, nothing committed.
            lake.table(spec, TableKind.LABELS);
        }
    }

    /** {@code n} events numbered from {@code from}, three per day. */
    static List<Record> rows(LakeTable table, int from, int n) {
        List<Record> rows = new ArrayList<>();
        for (int i = from; i < from + n; i++) {
            Instant t = DAY0.plus(Duration.ofDays(i / 3)).plusSeconds(i);
            rows.add(table.toRecord(CreditExamples.event(i, "credit-" + i, "c-" + i, t)));
        }
        return rows;
    }

    CommandLineIT.Run lake(String... args) {
        List<String> all = new ArrayList<>(List.of("lake", "--data-dir", dataDir.toString()));
        all.addAll(List.of(args));
        return CommandLineIT.run(all.toArray(String[]::new));
    }

    @Test
    void listsEveryTableWithSnapshotFilesRowsAndOffsets() {
        CommandLineIT.Run r = lake();
        assertThat(r.exit()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(0))
                .startsWith("TABLE")
                .contains("SNAPSHOT", "PARTITIONS", "FILES", "ROWS", "BYTES", "PINS");
        assertThat(lines.get(1))
                .startsWith("credit.events")
                .contains(Long.toString(secondSnapshot))
                .containsPattern("\\s2\\s+4\\s+4\\s+10\\s+[0-9.]+ KiB\\s+10\\s+0$");
        assertThat(lines.get(2))
                .startsWith("credit.labels")
                .containsPattern("\\s-\\s+0\\s+0\\s+0\\s+0\\s+0 B\\s+0\\s+0$");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void showsATableInDetail() {
        CommandLineIT.Run r = lake("--dataset", "credit");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("credit.events  (lake " + dataDir.resolve("lake") + ")")
                .contains("snapshot   " + secondSnapshot + " (current), append at ")
                .contains("10 rows in 4 files")
                .contains("4 partitions")
                .contains("SNAPSHOTS (all of 2)")
                .containsPattern("\\*\\s+" + secondSnapshot + "\\s+\\S+\\s+append\\s+2\\s+4\\s+10")
                .contains("event_time_day=2026-01-01", "event_time_day=2026-01-04")
                .containsPattern("mlcycle\\.events\\.credit-0\\s+7\\n")
                .containsPattern("mlcycle\\.events\\.credit-2\\s+1\\n")
                .containsPattern("total\\s+10\\n");
    }

    @Test
    void showsAPastSnapshotWithItsOwnFilesAndOffsets() throws Exception {
        CommandLineIT.Run r = lake("--dataset", "credit", "--snapshot", Long.toString(firstSnapshot), "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode j = Json.mapper().readTree(r.out());
        assertThat(j.get("snapshot_id").asLong()).isEqualTo(firstSnapshot);
        assertThat(j.get("current_snapshot_id").asLong()).isEqualTo(secondSnapshot);
        assertThat(j.get("rows").asLong()).isEqualTo(6);
        assertThat(j.get("snapshots")).hasSize(1);
        assertThat(j.get("committed_offsets").get(EVENTS).get("0").asLong()).isEqualTo(4);
        assertThat(j.get("committed_offsets").get(EVENTS).has("2")).isFalse();

        CommandLineIT.Run text = lake("--dataset", "credit", "--snapshot", Long.toString(firstSnapshot));
        assertThat(text.out())
                .contains("(past; current is " + secondSnapshot + ")")
                .contains("6 rows in 2 files");
    }

    @Test
    void printsOnlyTheLiveFilePathsWithFiles() {
        CommandLineIT.Run r = lake("--dataset", "credit", "--table", "events", "--files");
        assertThat(r.exit()).as(r.err()).isZero();
        List<String> paths = r.out().lines().toList();
        assertThat(paths).hasSize(4);
        for (String p : paths) {
            assertThat(Path.of(p)).isAbsolute().isRegularFile();
            assertThat(p).endsWith(".parquet");
        }
    }

    @Test
    void printsTheDetailAsJsonWithStableSnakeCaseKeys() throws Exception {
        CommandLineIT.Run r = lake("--dataset", "credit", "--table", "events", "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode j = Json.mapper().readTree(r.out());
        assertThat(j.fieldNames())
                .toIterable()
                .contains(
                        "dataset",
                        "table",
                        "snapshot_id",
                        "snapshots",
                        "partitions",
                        "files",
                        "committed_offsets",
                        "rows",
                        "bytes");
        assertThat(j.get("dataset").asText()).isEqualTo("credit");
        assertThat(j.get("table").asText()).isEqualTo("events");
        assertThat(j.get("snapshot_id").asLong()).isEqualTo(secondSnapshot);
        assertThat(j.get("rows").asLong()).isEqualTo(10);
        assertThat(j.get("files")).hasSize(4);
        long bytes = 0;
        for (JsonNode f : j.get("files")) {
            assertThat(f.fieldNames()).toIterable().containsExactly("path", "partition", "rows", "bytes");
            assertThat(Path.of(f.get("path").asText())).isRegularFile();
            assertThat(Files.size(Path.of(f.get("path").asText())))
                    .isEqualTo(f.get("bytes").asLong());
            bytes += f.get("bytes").asLong();
        }
        assertThat(j.get("bytes").asLong()).isEqualTo(bytes);
        assertThat(j.get("partitions")).hasSize(4);
        assertThat(j.get("partitions").get(0).fieldNames())
                .toIterable()
                .containsExactly("partition", "files", "rows", "bytes", "min_file_bytes", "max_file_bytes");
        assertThat(j.get("snapshots").get(1).get("added_rows").asLong()).isEqualTo(4);
        assertThat(j.get("snapshots").get(1).get("parent_id").asLong()).isEqualTo(firstSnapshot);
        JsonNode offsets = j.get("committed_offsets").get(EVENTS);
        assertThat(offsets.fieldNames()).toIterable().containsExactly("0", "1", "2");
        assertThat(offsets.get("0").asLong()).isEqualTo(7);
        assertThat(offsets.get("1").asLong()).isEqualTo(2);
        assertThat(offsets.get("2").asLong()).isEqualTo(1);
    }

    @Test
    void showsATableWithoutSnapshotsPlainly() throws Exception {
        CommandLineIT.Run r = lake("--dataset", "credit", "--table", "labels");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("credit.labels").contains("snapshot   none: nothing committed yet");
        JsonNode j = Json.mapper()
                .readTree(lake("--dataset", "credit", "--table", "labels", "--json")
                        .out());
        assertThat(j.get("snapshot_id").isNull()).isTrue();
        assertThat(j.get("files")).isEmpty();
        assertThat(j.get("committed_offsets").size()).isZero();
    }

    @Test
    void refusesAnUnknownTableASnapshotThatDoesNotExistAndABadKind() {
        CommandLineIT.Run missing = lake("--dataset", "shop");
        assertThat(missing.exit()).isEqualTo(Main.EXIT_USAGE);
        assertThat(missing.err())
                .contains("mlcycle lake: no table shop.events in the lake at " + dataDir.resolve("lake")
                        + ": it has credit.events, credit.labels");
        CommandLineIT.Run snapshot = lake("--dataset", "credit", "--snapshot", "42");
        assertThat(snapshot.exit()).isEqualTo(Main.EXIT_USAGE);
        assertThat(snapshot.err()).contains("table credit.events has no snapshot 42");
        CommandLineIT.Run kind = lake("--dataset", "credit", "--table", "forecasts");
        assertThat(kind.exit()).isEqualTo(Main.EXIT_USAGE);
        assertThat(kind.err())
                .contains("unknown table kind \"forecasts\": expected one of [events, labels, predictions]");
        CommandLineIT.Run noDataset = lake("--files");
        assertThat(noDataset.exit()).isEqualTo(Main.EXIT_USAGE);
        assertThat(noDataset.err()).contains("need --dataset");
    }

    @Test
    void listsThePinsOfModelVersions(@TempDir Path other) throws Exception {
        DatasetSpec spec = new DatasetCatalog(other).load("credit");
        long pinned;
        try (Lake lake = Lake.open(other.resolve("lake"))) {
            LakeTable table = lake.table(spec, TableKind.EVENTS);
            try (TableWriter writer = table.writer(WriterOptions.defaults())) {
                pinned = writer.commit(writer.write(rows(table, 0, 3)), List.of(new OffsetRange(EVENTS, 0, 0, 3)))
                        .snapshotId();
                writer.commit(writer.write(rows(table, 3, 3)), List.of(new OffsetRange(EVENTS, 0, 3, 6)));
            }
            new LakePins(lake).pin("credit", LakePins.forVersion("credit-default", 1), pinned, null);
        }

        CommandLineIT.Run listing = CommandLineIT.run("lake", "--data-dir", other.toString());
        CommandLineIT.Run detail = CommandLineIT.run("lake", "--data-dir", other.toString(), "--dataset", "credit");
        CommandLineIT.Run json =
                CommandLineIT.run("lake", "--data-dir", other.toString(), "--dataset", "credit", "--json");

        assertThat(listing.out().lines().filter(l -> l.startsWith("credit.events")))
                .singleElement()
                .asString()
                .endsWith(" 1");
        assertThat(detail.out())
                .contains("PINS (snapshots kept")
                .containsPattern("mlcycle\\.model\\.credit-default\\.v1\\s+" + pinned);
        assertThat(Json.mapper()
                        .readTree(json.out())
                        .path("pins")
                        .path("mlcycle.model.credit-default.v1")
                        .asLong())
                .isEqualTo(pinned);
    }

    @Test
    void saysThereIsNoLakeYetWithoutCreatingOne(@TempDir Path empty) {
        CommandLineIT.Run list = CommandLineIT.run("lake", "--data-dir", empty.toString());
        assertThat(list.exit()).as(list.err()).isZero();
        assertThat(list.out())
                .contains("no lake at " + empty.resolve("lake") + " yet: start `mlcycle up` and ingest some events");
        CommandLineIT.Run detail = CommandLineIT.run("lake", "--data-dir", empty.toString(), "--dataset", "credit");
        assertThat(detail.exit()).isEqualTo(Main.EXIT_USAGE);
        assertThat(detail.err()).contains("no lake at " + empty.resolve("lake") + " yet");
        assertThat(empty.resolve("lake")).doesNotExist();
    }
}
