package dev.mlcycle.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.contracts.record.FeatureEvent;
import dev.mlcycle.contracts.record.LabelEvent;
import dev.mlcycle.contracts.spec.DatasetSpec;
import dev.mlcycle.contracts.spec.FeatureSpec;
import dev.mlcycle.contracts.spec.FeatureType;
import dev.mlcycle.contracts.spec.Partitioning;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.UnaryOperator;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableSchemaTest {
    @TempDir
    Path dir;

    private static DatasetSpec withFeatures(DatasetSpec s, UnaryOperator<List<FeatureSpec>> change) {
        return Credit.respec(s, change.apply(new ArrayList<>(s.features())), s.sort(), s.partition());
    }

    private static FeatureSpec retyped(FeatureSpec f, FeatureType type) {
        return new FeatureSpec(
                f.name(), type, f.min(), f.max(), f.values(), f.unseenAllowed(), f.nullable(), f.description());
    }

    @Test
    void createsTheEventsSchemaFromTheSpec() {
        try (Lake lake = Lake.open(dir)) {
            LakeTable table = lake.table(Credit.spec(dir), TableKind.EVENTS);
            var schema = table.iceberg().schema();
            assertThat(schema.columns())
                    .extracting(Types.NestedField::name)
                    .startsWith("event_id", "customer_id", "event_time", "income")
                    .endsWith("has_mortgage", "default")
                    .hasSize(17);
            assertThat(schema.findField("event_time").type()).isEqualTo(Types.TimestampType.withZone());
            assertThat(schema.findField("event_time").isRequired()).isTrue();
            assertThat(schema.findField("age").type()).isEqualTo(Types.LongType.get());
            assertThat(schema.findField("age").isOptional()).isTrue();
            assertThat(schema.findField("default").type()).isEqualTo(Types.StringType.get());
            assertThat(table.iceberg().spec().fields()).singleElement().satisfies(f -> assertThat(f.name())
                    .isEqualTo("event_time_day"));
            assertThat(table.iceberg().sortOrder().fields())
                    .extracting(f -> schema.findColumnName(f.sourceId()))
                    .containsExactly("region", "employment", "event_time", "event_id");
            assertThat(table.timeColumn()).isEqualTo("event_time");
        }
    }

    @Test
    void aColumnWhoseTypeChangedIsASchemaMismatchNamingIt() {
        DatasetSpec spec = Credit.spec(dir);
        try (Lake lake = Lake.open(dir)) {
            lake.table(spec, TableKind.EVENTS);
            DatasetSpec changed = withFeatures(spec, fs -> {
                fs.replaceAll(f -> f.name().equals("income") ? retyped(f, FeatureType.INTEGER) : f);
                fs.removeIf(f -> f.name().equals("purpose"));
                return fs;
            });
            assertThatThrownBy(() -> lake.table(changed, TableKind.EVENTS))
                    .isInstanceOfSatisfying(
                            MlcycleException.class, e -> assertThat(e.reason()).isEqualTo(Reason.SCHEMA_MISMATCH))
                    .hasMessageContaining("column \"income\": the table has double, the spec wants long")
                    .hasMessageContaining("column \"purpose\" (string) is in the table but not in the spec");
        }
        // also for a fresh process that opens the table with the changed spec
        try (Lake lake = Lake.open(dir)) {
            DatasetSpec changed = withFeatures(spec, fs -> {
                fs.replaceAll(f -> f.name().equals("age") ? retyped(f, FeatureType.NUMERIC) : f);
                return fs;
            });
            assertThatThrownBy(() -> lake.table(changed, TableKind.EVENTS))
                    .isInstanceOfSatisfying(
                            MlcycleException.class, e -> assertThat(e.reason()).isEqualTo(Reason.SCHEMA_MISMATCH))
                    .hasMessageContaining("\"age\"");
        }
    }

    @Test
    void readersLearnHowATableDiffersFromASpecWithoutChangingIt() {
        DatasetSpec spec = Credit.spec(dir);
        try (Lake lake = Lake.open(dir)) {
            LakeTable table = lake.table(spec, TableKind.EVENTS);
            DatasetSpec changed = withFeatures(spec, fs -> {
                fs.replaceAll(f -> f.name().equals("income") ? retyped(f, FeatureType.INTEGER) : f);
                fs.add(new FeatureSpec("score", FeatureType.NUMERIC, null, null, List.of(), false, true, ""));
                return fs;
            });

            assertThat(table.differencesFrom(spec)).isEmpty();
            assertThat(table.differencesFrom(changed))
                    .containsExactlyInAnyOrder(
                            "column \"income\": the table has double, the spec wants long",
                            "column \"score\" (double) is in the spec but not in the table yet");
            assertThat(table.iceberg().schema().findField("score")).isNull();
        }
    }

    @Test
    void aChangedPartitioningIsASchemaMismatch() {
        DatasetSpec spec = Credit.spec(dir);
        try (Lake lake = Lake.open(dir)) {
            lake.table(spec, TableKind.EVENTS);
            DatasetSpec hourly = Credit.respec(spec, spec.features(), spec.sort(), Partitioning.HOUR);
            assertThatThrownBy(() -> lake.table(hourly, TableKind.EVENTS))
                    .isInstanceOfSatisfying(
                            MlcycleException.class, e -> assertThat(e.reason()).isEqualTo(Reason.SCHEMA_MISMATCH))
                    .hasMessageContaining(
                            "partitioning: the table has day(event_time), the spec wants hour(event_time)");
        }
    }

    @Test
    void aNewFeatureIsAddedAsAnOptionalColumnThatOldRowsReadAsNull() {
        DatasetSpec spec = Credit.spec(dir);
        try (Lake lake = Lake.open(dir)) {
            LakeTable table = lake.table(spec, TableKind.EVENTS);
            try (TableWriter w = table.writer(WriterOptions.defaults())) {
                w.commit(w.write(Credit.rows(table, Credit.events("old", 10, 1, 1))), List.of());
            }
            DatasetSpec grown = withFeatures(spec, fs -> {
                fs.add(new FeatureSpec("score", FeatureType.NUMERIC, null, null, List.of(), false, true, ""));
                return fs;
            });
            LakeTable evolved = lake.table(grown, TableKind.EVENTS);
            assertThat(evolved).isSameAs(table);
            assertThat(table.iceberg().schema().findField("score").type()).isEqualTo(Types.DoubleType.get());

            FeatureEvent e = Credit.events("new", 1, 1, 2).get(0);
            Map<String, Object> features = new LinkedHashMap<>(e.features());
            features.put("score", 0.5);
            FeatureEvent scored = new FeatureEvent(e.id(), e.key(), e.timestamp(), features, null);
            try (TableWriter w = table.writer(WriterOptions.defaults())) {
                w.commit(w.write(List.of(table.toRecord(scored))), List.of());
            }
            List<Record> rows = Rows.current(table);
            assertThat(rows).hasSize(11);
            assertThat(rows)
                    .filteredOn(r -> ((String) r.getField("event_id")).startsWith("old"))
                    .allSatisfy(r -> assertThat(r.getField("score")).isNull());
            assertThat(rows)
                    .filteredOn(r -> r.getField("event_id").equals(e.id()))
                    .singleElement()
                    .satisfies(r -> assertThat(r.getField("score")).isEqualTo(0.5));
        }
    }

    @Test
    void rejectsAnEventWithAnUnknownFeatureOrAWronglyTypedValue() {
        try (Lake lake = Lake.open(dir)) {
            LakeTable table = lake.table(Credit.spec(dir), TableKind.EVENTS);
            FeatureEvent e = Credit.events("e", 1, 1, 1).get(0);
            Map<String, Object> unknown = new LinkedHashMap<>(e.features());
            unknown.put("shoe_size", 42.0);
            assertThatThrownBy(() -> table.toRecord(new FeatureEvent("e-1", "k", e.timestamp(), unknown, null)))
                    .isInstanceOfSatisfying(
                            MlcycleException.class, x -> assertThat(x.reason()).isEqualTo(Reason.SCHEMA_MISMATCH))
                    .hasMessageContaining("feature \"shoe_size\" is not a column of credit.events");
            Map<String, Object> wrong = new LinkedHashMap<>(e.features());
            wrong.put("income", "lots");
            assertThatThrownBy(() -> table.toRecord(new FeatureEvent("e-2", "k", e.timestamp(), wrong, null)))
                    .isInstanceOfSatisfying(
                            MlcycleException.class, x -> assertThat(x.reason()).isEqualTo(Reason.SCHEMA_MISMATCH))
                    .hasMessageContaining(
                            "event \"e-2\", field \"income\": credit.events expects a number, got String lots");
            Map<String, Object> fractional = new LinkedHashMap<>(e.features());
            fractional.put("age", 33.5);
            assertThatThrownBy(() -> table.toRecord(new FeatureEvent("e-3", "k", e.timestamp(), fractional, null)))
                    .hasMessageContaining("field \"age\"");
            // lossless widening is fine
            Map<String, Object> widened = new LinkedHashMap<>(e.features());
            widened.put("age", 33);
            widened.put("income", 50_000L);
            Record r = table.toRecord(new FeatureEvent("e-4", "k", e.timestamp(), widened, null));
            assertThat(r.getField("age")).isEqualTo(33L);
            assertThat(r.getField("income")).isEqualTo(50_000.0);
            assertThatThrownBy(() -> table.toRecord(new LabelEvent("e-1", "yes", e.timestamp())))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("credit.events is a events table");
        }
    }

    @Test
    void labelsRoundTripPartitionedByLabelTimeAndSortedById() {
        try (Lake lake = Lake.open(dir)) {
            LakeTable labels = lake.table(Credit.spec(dir), TableKind.LABELS);
            assertThat(labels.name()).isEqualTo("credit.labels");
            assertThat(labels.iceberg().schema().columns())
                    .extracting(Types.NestedField::name)
                    .containsExactly("event_id", "default", "label_time");
            List<LabelEvent> events = Credit.labels("e", 3000, 4);
            try (TableWriter w = labels.writer(WriterOptions.defaults())) {
                w.commit(
                        w.write(events.stream().map(labels::toRecord).toList()),
                        List.of(new dev.mlcycle.contracts.record.OffsetRange("mlcycle.labels.credit", 0, 0, 3000)));
            }
            assertThat(labels.partitions(OptionalLong.empty())).hasSize(3);
            for (LiveFile f : labels.liveFiles(OptionalLong.empty())) {
                List<Record> rows = Rows.file(labels, f.path());
                Rows.assertSorted(f.path(), rows, labels.sortOrder());
                Rows.assertSorted(f.path(), rows, java.util.Comparator.comparing(r -> (String) r.getField("event_id")));
            }
            assertThat(Rows.current(labels)).hasSize(3000);
            assertThatThrownBy(() -> labels.toRecord(Credit.events("x", 1, 1, 1).get(0)))
                    .isInstanceOf(IllegalStateException.class);
            assertThat(lake.find("credit", TableKind.LABELS).orElseThrow().committedOffsets())
                    .containsEntry(new SourcePartition("mlcycle.labels.credit", 0), 3000L);
        }
    }

    @Test
    void namesAreChecked() {
        assertThat(TableKind.parse("Labels")).isEqualTo(TableKind.LABELS);
        assertThatThrownBy(() -> TableKind.parse("forecasts"))
                .isInstanceOfSatisfying(
                        MlcycleException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_ARGUMENT))
                .hasMessageContaining("[events, labels, predictions]");
        try (Lake lake = Lake.open(dir)) {
            assertThatThrownBy(() -> lake.find("Bad Name", TableKind.EVENTS))
                    .isInstanceOfSatisfying(
                            MlcycleException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_ARGUMENT));
            assertThat(lake.tables()).isEmpty();
        }
    }
}
