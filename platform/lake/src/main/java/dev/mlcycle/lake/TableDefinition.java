package dev.mlcycle.lake;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.contracts.record.LabelEvent;
import dev.mlcycle.contracts.spec.DatasetSpec;
import dev.mlcycle.contracts.spec.FeatureSpec;
import dev.mlcycle.contracts.spec.FeatureType;
import dev.mlcycle.contracts.spec.Partitioning;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.NullOrder;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.ReplaceSortOrder;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.UpdateSchema;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.types.Types.NestedField;

/**
 * What a dataset spec asks of one lake table: schema, partition spec, sort order and properties. It
 * creates tables and checks existing ones against the spec ({@link #differences}).
 */
final class TableDefinition {
    /** Metadata JSON files kept after commits. */
    static final int METADATA_VERSIONS_KEPT = 50;

    private final DatasetSpec spec;
    private final TableKind kind;
    private final Schema schema;
    private final String timeColumn;
    private final List<String> sortColumns;

    private TableDefinition(DatasetSpec spec, TableKind kind) {
        this.spec = spec;
        this.kind = kind;
        this.timeColumn = switch (kind) {
            case EVENTS -> spec.timestamp();
            case LABELS -> LabelEvent.LABEL_TIME;
            case PREDICTIONS -> PredictionsTable.EVENT_TIME;
        };
        this.schema = switch (kind) {
            case EVENTS -> eventsSchema(spec);
            case LABELS -> labelsSchema(spec);
            case PREDICTIONS -> predictionsSchema(spec);
        };
        this.sortColumns = sortColumns(spec, kind, schema);
    }

    static TableDefinition of(DatasetSpec spec, TableKind kind) {
        return new TableDefinition(spec, kind);
    }

    Schema schema() {
        return schema;
    }

    private static Schema eventsSchema(DatasetSpec spec) {
        List<NestedField> fields = new ArrayList<>();
        int id = 1;
        fields.add(NestedField.required(id++, spec.id(), Types.StringType.get(), "unique event id"));
        fields.add(NestedField.required(id++, spec.key(), Types.StringType.get(), "entity key"));
        fields.add(NestedField.required(id++, spec.timestamp(), Types.TimestampType.withZone(), "event time"));
        for (FeatureSpec f : spec.features()) {
            fields.add(NestedField.optional(id++, f.name(), featureType(f.type()), emptyToNull(f.description())));
        }
        fields.add(NestedField.optional(id, spec.label().name(), labelType(spec), "label, if it came inline"));
        return checkedSchema(spec, fields);
    }

    private static Schema labelsSchema(DatasetSpec spec) {
        List<NestedField> fields = List.of(
                NestedField.required(1, spec.id(), Types.StringType.get(), "id of the event the label belongs to"),
                NestedField.required(2, spec.label().name(), labelType(spec), "label"),
                NestedField.required(
                        3, LabelEvent.LABEL_TIME, Types.TimestampType.withZone(), "when the label became known"));
        return checkedSchema(spec, fields);
    }

    /**
     * The predictions table: fixed column names, whatever the dataset calls its id and time, so that one query reads
     * the predictions of every dataset. Probabilities are a map from class name to probability (self-describing:
     * DuckDB reads it as {@code MAP(VARCHAR, DOUBLE)}, Spark as {@code map<string,double>}), null for regression.
     */
    private static Schema predictionsSchema(DatasetSpec spec) {
        boolean classification = spec.label().isClassification();
        List<NestedField> fields = List.of(
                NestedField.required(1, PredictionsTable.EVENT_ID, Types.StringType.get(), "id of the event scored"),
                NestedField.required(
                        2, PredictionsTable.EVENT_TIME, Types.TimestampType.withZone(), "event time of the event"),
                NestedField.required(3, PredictionsTable.MODEL, Types.StringType.get(), "model name"),
                NestedField.required(4, PredictionsTable.VERSION, Types.IntegerType.get(), "model version"),
                NestedField.optional(
                        5,
                        PredictionsTable.LABEL,
                        Types.StringType.get(),
                        classification ? "predicted class" : "null: regression"),
                NestedField.optional(
                        6,
                        PredictionsTable.PROBABILITIES,
                        Types.MapType.ofRequired(7, 8, Types.StringType.get(), Types.DoubleType.get()),
                        "class name to probability; null for regression"),
                NestedField.optional(
                        9,
                        PredictionsTable.VALUE,
                        Types.DoubleType.get(),
                        classification ? "null: classification" : "predicted value"),
                NestedField.required(
                        10, PredictionsTable.JOB_ID, Types.StringType.get(), "the batch job that wrote the row"));
        return checkedSchema(spec, fields);
    }

    private static Schema checkedSchema(DatasetSpec spec, List<NestedField> fields) {
        Set<String> names = new LinkedHashSet<>();
        for (NestedField f : fields) {
            if (!names.add(f.name())) {
                throw new MlcycleException(
                        Reason.INVALID_SPEC,
                        "dataset " + spec.name() + ": the column name \"" + f.name()
                                + "\" is used twice (id, key, timestamp, label, label_time and features"
                                + " must all differ)");
            }
        }
        return new Schema(fields);
    }

    static Type featureType(FeatureType type) {
        return switch (type) {
            case NUMERIC -> Types.DoubleType.get();
            case INTEGER -> Types.LongType.get();
            case CATEGORICAL -> Types.StringType.get();
            case BOOLEAN -> Types.BooleanType.get();
        };
    }

    private static Type labelType(DatasetSpec spec) {
        return spec.label().isClassification() ? Types.StringType.get() : Types.DoubleType.get();
    }

    private static List<String> sortColumns(DatasetSpec spec, TableKind kind, Schema schema) {
        List<String> columns = new ArrayList<>();
        if (kind == TableKind.PREDICTIONS) {
            columns.add(PredictionsTable.MODEL);
            columns.add(PredictionsTable.VERSION);
            columns.add(PredictionsTable.EVENT_TIME);
            columns.add(PredictionsTable.EVENT_ID);
        } else if (kind == TableKind.EVENTS) {
            for (String name : spec.sort()) {
                if (schema.findField(name) == null) {
                    throw new MlcycleException(
                            Reason.INVALID_SPEC,
                            "dataset " + spec.name() + ": sort field \"" + name + "\" is not a column; expected one of "
                                    + schema.columns().stream()
                                            .map(NestedField::name)
                                            .toList());
                }
                if (!columns.contains(name)) {
                    columns.add(name);
                }
            }
            if (!columns.contains(spec.id())) {
                columns.add(spec.id()); // tie-break: makes the order total and the files deterministic
            }
        } else {
            columns.add(spec.id());
            columns.add(LabelEvent.LABEL_TIME);
        }
        return List.copyOf(columns);
    }

    PartitionSpec partitionSpec() {
        return partitionSpec(schema);
    }

    private PartitionSpec partitionSpec(Schema onSchema) {
        PartitionSpec.Builder b = PartitionSpec.builderFor(onSchema);
        // Predictions are partitioned by day of event time whatever the dataset's partitioning.
        Partitioning p = kind == TableKind.PREDICTIONS ? Partitioning.DAY : spec.partition();
        return switch (p) {
            case HOUR -> b.hour(timeColumn).build();
            case DAY -> b.day(timeColumn).build();
            case MONTH -> b.month(timeColumn).build();
        };
    }

    SortOrder sortOrder() {
        return sortOrder(schema);
    }

    private SortOrder sortOrder(Schema onSchema) {
        SortOrder.Builder b = SortOrder.builderFor(onSchema);
        for (String c : sortColumns) {
            b.asc(c, NullOrder.NULLS_FIRST);
        }
        return b.build();
    }

    /** The table properties: Parquet with ZSTD, format v2, mlcycle's own retry loop, the layout. */
    Map<String, String> properties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put(TableProperties.FORMAT_VERSION, "2");
        p.put(TableProperties.DEFAULT_FILE_FORMAT, "parquet");
        p.put(TableProperties.PARQUET_COMPRESSION, "zstd");
        p.put(TableProperties.WRITE_TARGET_FILE_SIZE_BYTES, Long.toString(WriterOptions.DEFAULT_TARGET_FILE_BYTES));
        // mlcycle retries itself, re-checking offsets against the refreshed table (TableWriter).
        p.put(TableProperties.COMMIT_NUM_RETRIES, "0");
        p.put(TableProperties.METADATA_DELETE_AFTER_COMMIT_ENABLED, "true");
        p.put(TableProperties.METADATA_PREVIOUS_VERSIONS_MAX, Integer.toString(METADATA_VERSIONS_KEPT));
        p.put(TableProperties.DEFAULT_WRITE_METRICS_MODE, "truncate(16)");
        Set<String> full = new LinkedHashSet<>(sortColumns);
        full.add(timeColumn);
        if (kind == TableKind.EVENTS) {
            full.add(spec.key());
        }
        full.remove(idColumn()); // unique ids: 16-character bounds prune as well as full ones
        for (String c : full) {
            p.put(TableProperties.METRICS_MODE_COLUMN_CONF_PREFIX + c, "full");
        }
        p.put(TableLayout.PROP_LAYOUT_VERSION, TableLayout.LAYOUT_VERSION);
        p.put(TableLayout.PROP_DATASET, spec.name());
        p.put(TableLayout.PROP_KIND, kind.tableName());
        p.put(TableLayout.PROP_ID, idColumn());
        if (kind == TableKind.EVENTS) {
            p.put(TableLayout.PROP_KEY, spec.key());
        }
        p.put(TableLayout.PROP_TIME, timeColumn);
        p.put(
                TableLayout.PROP_LABEL,
                kind == TableKind.PREDICTIONS
                        ? PredictionsTable.LABEL
                        : spec.label().name());
        return p;
    }

    private String idColumn() {
        return kind == TableKind.PREDICTIONS ? PredictionsTable.EVENT_ID : spec.id();
    }

    /**
     * How the table differs from the spec. Differences that schema evolution can absorb (a new
     * optional column, a new sort order) are in {@link Differences#columnsToAdd} and {@link
     * Differences#sortOrderChanged}; anything else is a {@link Differences#problems problem}.
     */
    Differences differences(Table table) {
        List<String> problems = new ArrayList<>();
        Map<String, String> props = table.properties();
        Map<String, String> wanted = properties();
        for (String key : List.of(
                TableLayout.PROP_DATASET,
                TableLayout.PROP_KIND,
                TableLayout.PROP_ID,
                TableLayout.PROP_KEY,
                TableLayout.PROP_TIME,
                TableLayout.PROP_LABEL)) {
            String want = wanted.get(key);
            String have = props.get(key);
            if (want != null && !want.equals(have)) {
                problems.add("property " + key + ": the table has " + quote(have) + ", the spec wants " + quote(want));
            }
        }
        Schema actual = table.schema();
        List<NestedField> toAdd = new ArrayList<>();
        for (NestedField want : schema.columns()) {
            NestedField have = actual.findField(want.name());
            if (have == null) {
                if (want.isOptional()) {
                    toAdd.add(want);
                } else {
                    problems.add("column \"" + want.name() + "\" (" + want.type() + ", required) is in the spec but"
                            + " not in the table");
                }
                continue;
            }
            if (!sameType(have.type(), want.type())) {
                problems.add("column \"" + want.name() + "\": the table has " + have.type() + ", the spec wants "
                        + want.type());
            }
            if (have.isOptional() != want.isOptional()) {
                problems.add("column \"" + want.name() + "\": the table has it " + requiredness(have)
                        + ", the spec wants it " + requiredness(want));
            }
        }
        for (NestedField have : actual.columns()) {
            if (schema.findField(have.name()) == null) {
                problems.add("column \"" + have.name() + "\" (" + have.type() + ") is in the table but not in the"
                        + " spec");
            }
        }
        String wantPartition = describe(partitionSpec(), schema);
        String havePartition = describe(table.spec(), actual);
        if (!wantPartition.equals(havePartition)) {
            problems.add("partitioning: the table has " + havePartition + ", the spec wants " + wantPartition);
        }
        boolean sortChanged = !sortColumnNames(table).equals(sortColumns);
        return new Differences(problems, toAdd, sortChanged);
    }

    /**
     * One attempt at evolving {@code table} to the spec: adds the optional columns it lacks, then
     * replaces its sort order if the spec's differs. Each is one metadata commit.
     */
    void evolve(Table table) {
        Differences d = differences(table);
        if (!d.columnsToAdd().isEmpty()) {
            UpdateSchema update = table.updateSchema();
            for (NestedField f : d.columnsToAdd()) {
                update.addColumn(f.name(), f.type(), f.doc());
            }
            update.commit();
        }
        if (d.sortOrderChanged()) {
            ReplaceSortOrder replace = table.replaceSortOrder();
            for (String c : sortColumns) {
                replace.asc(c, NullOrder.NULLS_FIRST);
            }
            replace.commit();
        }
    }

    /** Equal types; nested types (the predictions' map) by their shape, since a table renumbers nested field ids. */
    private static boolean sameType(Type have, Type want) {
        if (want.isNestedType() && have.isNestedType()) {
            return have.toString().equals(want.toString());
        }
        return have.equals(want);
    }

    private static List<String> sortColumnNames(Table table) {
        List<String> names = new ArrayList<>();
        table.sortOrder().fields().forEach(f -> names.add(table.schema().findColumnName(f.sourceId())));
        return names;
    }

    private static String describe(PartitionSpec ps, Schema onSchema) {
        List<String> parts = new ArrayList<>();
        for (PartitionField f : ps.fields()) {
            parts.add(f.transform() + "(" + onSchema.findColumnName(f.sourceId()) + ")");
        }
        return parts.isEmpty() ? "none" : String.join(", ", parts);
    }

    private static String requiredness(NestedField f) {
        return f.isOptional() ? "optional" : "required";
    }

    private static String quote(String s) {
        return s == null ? "nothing" : "\"" + s + "\"";
    }

    private static String emptyToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /**
     * @param problems what schema evolution cannot absorb, one phrase each, naming the column
     * @param columnsToAdd optional columns the spec has and the table lacks
     * @param sortOrderChanged whether the spec's sort key differs from the table's
     */
    record Differences(List<String> problems, List<NestedField> columnsToAdd, boolean sortOrderChanged) {}
}
