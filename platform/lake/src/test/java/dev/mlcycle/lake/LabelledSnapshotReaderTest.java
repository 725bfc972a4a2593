package dev.mlcycle.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.contracts.record.FeatureEvent;
import dev.mlcycle.contracts.record.LabelEvent;
import dev.mlcycle.contracts.record.OffsetRange;
import dev.mlcycle.contracts.spec.DatasetSpec;
import dev.mlcycle.lake.LabelledSnapshotReader.Result;
import dev.mlcycle.lake.LabelledSnapshotReader.Selection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The label join of {@link LabelledSnapshotReader}, each rule on its own. */
class LabelledSnapshotReaderTest {
    static final String LABELS_TOPIC = "mlcycle.labels.credit";

    @TempDir
    Path dir;

    Lake lake;
    DatasetSpec spec;
    LakeTable events;
    LakeTable labels;
    long eventsOffset;
    long labelsOffset;

    @BeforeEach
    void openLake() {
        lake = Lake.open(dir.resolve("lake"));
        spec = Credit.spec(dir);
        events = lake.table(spec, TableKind.EVENTS);
        labels = lake.table(spec, TableKind.LABELS);
    }

    @org.junit.jupiter.api.AfterEach
    void closeLake() {
        lake.close();
    }

    @Test
    void readsLabelsCommittedAfterTheEventsSnapshot() {
        long eventsSnapshot = appendEvents(unlabelled(Credit.events("e", 50, 1, 1)));
        long labelsSnapshot = appendLabels(labelsFor("e", 50, "yes", Credit.DAY_ONE.plusSeconds(86_400)));

        Read read = read(Selection.current(), Optional.empty());

        assertThat(read.result.eventsSnapshotId()).isEqualTo(eventsSnapshot);
        assertThat(read.result.labelsSnapshotId()).isEqualTo(labelsSnapshot);
        assertThat(read.labels).hasSize(50).allSatisfy((id, label) -> assertThat(label)
                .isEqualTo("yes"));
        assertThat(read.result.labelledFromTable()).isEqualTo(50);
        assertThat(read.result.unlabelled()).isZero();
    }

    @Test
    void theLatestLabelPerEventIdWinsWhateverTheFileOrder() {
        appendEvents(unlabelled(Credit.events("e", 3, 1, 1)));
        Instant t = Credit.DAY_ONE.plusSeconds(3600);
        // the later label is committed first, the earlier one after it
        appendLabels(List.of(new LabelEvent("e-0", "yes", t.plusSeconds(60)), new LabelEvent("e-1", "no", t)));
        appendLabels(List.of(
                new LabelEvent("e-0", "no", t),
                new LabelEvent("e-1", "yes", t.plusSeconds(1)),
                new LabelEvent("e-2", "no", t),
                new LabelEvent("e-2", "yes", t)));

        Read read = read(Selection.current(), Optional.empty());

        assertThat(read.labels).containsEntry("e-0", "yes").containsEntry("e-1", "yes");
        assertThat(read.labels)
                .as("a tie on label time goes to the greater value")
                .containsEntry("e-2", "yes");
        assertThat(read.result.labelsRead()).isEqualTo(6);
    }

    @Test
    void labelsCommittedAfterTheNamedLabelsSnapshotAreLeftOut() {
        long eventsSnapshot = appendEvents(unlabelled(Credit.events("e", 20, 1, 1)));
        Instant t = Credit.DAY_ONE.plusSeconds(3600);
        long first = appendLabels(labelsFor("e", 10, "no", t));
        appendLabels(labelsFor("e", 20, "yes", t.plusSeconds(60)));
        appendEvents(unlabelled(Credit.events("late", 30, 1, 2)));

        Read pinned = read(Selection.of(eventsSnapshot, first), Optional.empty());
        Read again = read(Selection.of(eventsSnapshot, first), Optional.empty());

        assertThat(pinned.labels).hasSize(10).allSatisfy((id, label) -> assertThat(label)
                .isEqualTo("no"));
        assertThat(pinned.result.unlabelled()).isEqualTo(10);
        assertThat(again.labels).isEqualTo(pinned.labels);
        assertThat(again.rows).isEqualTo(pinned.rows);
        assertThat(read(Selection.current(), Optional.empty()).labels)
                .hasSize(20)
                .allSatisfy((id, label) -> assertThat(label).isEqualTo("yes"));
    }

    @Test
    void anEventWithoutATableLabelKeepsItsInlineLabelAndOneWithNeitherIsCounted() {
        List<FeatureEvent> three = unlabelled(Credit.events("e", 3, 1, 1));
        List<FeatureEvent> withInline = List.of(
                withLabel(three.get(0), "no"), // inline, and a table label that overrides it
                withLabel(three.get(1), "yes"), // inline only
                three.get(2)); // neither
        appendEvents(withInline);
        appendLabels(List.of(new LabelEvent("e-0", "yes", Credit.DAY_ONE.plusSeconds(60))));

        Read read = read(Selection.current(), Optional.empty());

        assertThat(read.labels).containsOnly(Map.entry("e-0", "yes"), Map.entry("e-1", "yes"));
        assertThat(read.result.labelledFromTable()).isEqualTo(1);
        assertThat(read.result.labelledInline()).isEqualTo(1);
        assertThat(read.result.unlabelled()).isEqualTo(1);
    }

    @Test
    void aDatasetWithoutALabelsTableUsesTheInlineLabels() {
        Lake other = Lake.open(dir.resolve("inline-lake"));
        try {
            LakeTable table = other.table(spec, TableKind.EVENTS);
            List<FeatureEvent> rows = new ArrayList<>();
            Credit.events("e", 10, 1, 1).forEach(e -> rows.add(withLabel(e, "no")));
            try (TableWriter w = table.writer(WriterOptions.defaults())) {
                w.commit(w.write(Credit.rows(table, rows)), List.of(Credit.range(0, 0, 10)));
            }
            Map<String, Object> seen = new TreeMap<>();
            Result result = new LabelledSnapshotReader(other)
                    .read(spec, Selection.current(), Optional.empty(), (id, t, f, l) -> seen.put(id, l), n -> {});
            assertThat(seen).hasSize(10);
            assertThat(result.labelsSnapshotId()).isNull();
            assertThat(result.labelledInline()).isEqualTo(10);
        } finally {
            other.close();
        }
    }

    @Test
    void aWindowKeepsOnlyEventsWithinItOfTheNewestEvent() {
        // 100 events spread over 10 days from day one: the newest is just before day 10
        List<FeatureEvent> spread = unlabelled(Credit.events("e", 100, 10, 1));
        appendEvents(spread);
        appendLabels(labelsFor("e", 100, "no", Credit.DAY_ONE.plusSeconds(60)));
        Instant newest = spread.get(spread.size() - 1).timestamp();

        Read read = read(Selection.current(), Optional.of(Duration.ofDays(2)));

        long expected = spread.stream()
                .filter(e -> !e.timestamp().isBefore(newest.minus(Duration.ofDays(2))))
                .count();
        assertThat(read.labels).hasSize((int) expected);
        assertThat(expected).isBetween(15L, 25L);
        assertThat(read.result.windowFromMicros())
                .isEqualTo(newest.minus(Duration.ofDays(2)).toEpochMilli() * 1000 + newest.getNano() / 1000 % 1000);
        read.rows.forEach(micros -> assertThat(micros).isGreaterThanOrEqualTo(read.result.windowFromMicros()));
    }

    @Test
    void anExpiredEventsSnapshotFailsNamingItInsteadOfReadingNothing() {
        long old = appendEvents(unlabelled(Credit.events("e", 10, 1, 1)));
        appendEvents(unlabelled(Credit.events("f", 10, 1, 2)));
        new Maintenance(events).expireSnapshots(Duration.ZERO, 1);

        assertThatThrownBy(() -> read(Selection.of(old, null), Optional.empty()))
                .isInstanceOfSatisfying(
                        MlcycleException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND))
                .hasMessageContaining("table credit.events has no snapshot " + old)
                .hasMessageContaining("expired");
    }

    @Test
    void aLabelsSnapshotThatDoesNotExistFailsNamingIt() {
        appendEvents(unlabelled(Credit.events("e", 10, 1, 1)));
        appendLabels(labelsFor("e", 10, "no", Credit.DAY_ONE));

        assertThatThrownBy(() -> read(Selection.of(null, 12345L), Optional.empty()))
                .isInstanceOfSatisfying(
                        MlcycleException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND))
                .hasMessageContaining("table credit.labels has no snapshot 12345");
    }

    @Test
    void aMissingDataFileFailsNamingItInsteadOfReadingFewerRows() throws Exception {
        long snapshot = appendEvents(unlabelled(Credit.events("e", 10, 1, 1)));
        appendLabels(labelsFor("e", 10, "no", Credit.DAY_ONE));
        Files.delete(Path.of(events.liveFiles(OptionalLong.of(snapshot)).get(0).path()));

        assertThatThrownBy(() -> read(Selection.current(), Optional.empty()))
                .isInstanceOfSatisfying(
                        MlcycleException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND))
                .hasMessageContaining("table credit.events at snapshot " + snapshot)
                .hasMessageContaining("a data file is missing");
    }

    @Test
    void anEmptyLakeFailsNamingTheMissingTable() {
        Lake empty = Lake.open(dir.resolve("empty"));
        try {
            assertThatThrownBy(() -> new LabelledSnapshotReader(empty)
                            .read(spec, Selection.current(), Optional.empty(), (id, t, f, l) -> {}, n -> {}))
                    .isInstanceOfSatisfying(
                            MlcycleException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND))
                    .hasMessageContaining("the lake has no table credit.events yet");
        } finally {
            empty.close();
        }
    }

    // ---- helpers ----

    private record Read(Result result, Map<String, Object> labels, List<Long> rows) {}

    private Read read(Selection which, Optional<Duration> window) {
        Map<String, Object> labelsById = new TreeMap<>();
        List<Long> times = new ArrayList<>();
        Result result = new LabelledSnapshotReader(lake)
                .read(
                        spec,
                        which,
                        window,
                        (id, micros, features, label) -> {
                            labelsById.put(id, label);
                            times.add(micros);
                        },
                        n -> {});
        times.sort(null);
        return new Read(result, labelsById, times);
    }

    private long appendEvents(List<FeatureEvent> rows) {
        try (TableWriter w = events.writer(WriterOptions.defaults())) {
            long from = eventsOffset;
            eventsOffset += rows.size();
            return w.commit(w.write(Credit.rows(events, rows)), List.of(Credit.range(0, from, eventsOffset)))
                    .snapshotId();
        }
    }

    private long appendLabels(List<LabelEvent> rows) {
        try (TableWriter w = labels.writer(WriterOptions.defaults())) {
            long from = labelsOffset;
            labelsOffset += rows.size();
            return w.commit(
                            w.write(rows.stream().map(labels::toRecord).toList()),
                            List.of(new OffsetRange(LABELS_TOPIC, 0, from, labelsOffset)))
                    .snapshotId();
        }
    }

    private static List<FeatureEvent> unlabelled(List<FeatureEvent> events) {
        return events.stream().map(e -> withLabel(e, null)).toList();
    }

    private static FeatureEvent withLabel(FeatureEvent e, Object label) {
        return new FeatureEvent(e.id(), e.key(), e.timestamp(), e.features(), label);
    }

    private static List<LabelEvent> labelsFor(String prefix, int n, String value, Instant at) {
        List<LabelEvent> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new LabelEvent(prefix + "-" + i, value, at));
        }
        return out;
    }
}
