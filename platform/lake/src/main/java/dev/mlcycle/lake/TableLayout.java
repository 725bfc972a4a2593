package dev.mlcycle.lake;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.types.Types.NestedField;

/**
 * What a lake table's columns mean, read from the table alone (its schema and the {@code mlcycle.*}
 * properties {@link TableDefinition} stored at creation), so that a table found without its dataset
 * spec can still map and order rows.
 *
 * @param dataset the dataset name
 * @param kind the table kind
 * @param schema the table's current schema
 * @param idColumn the unique id column
 * @param keyColumn the entity key column (events), null for labels
 * @param timeColumn the column the table is partitioned by: event time, or label time
 * @param labelColumn the label column
 * @param featureColumns every other column, in schema order (events); empty for labels
 */
record TableLayout(
        String dataset,
        TableKind kind,
        Schema schema,
        String idColumn,
        String keyColumn,
        String timeColumn,
        String labelColumn,
        List<String> featureColumns) {

    static final String PROP_DATASET = "mlcycle.dataset";
    static final String PROP_KIND = "mlcycle.kind";
    static final String PROP_ID = "mlcycle.column.id";
    static final String PROP_KEY = "mlcycle.column.key";
    static final String PROP_TIME = "mlcycle.column.time";
    static final String PROP_LABEL = "mlcycle.column.label";
    static final String PROP_LAYOUT_VERSION = "mlcycle.layout.version";
    static final String LAYOUT_VERSION = "1";

    /** The layout of a table mlcycle created; {@link Reason#SCHEMA_MISMATCH} for any other table. */
    static TableLayout of(Table table) {
        Map<String, String> props = table.properties();
        String dataset = props.get(PROP_DATASET);
        String kindName = props.get(PROP_KIND);
        if (dataset == null || kindName == null) {
            throw new MlcycleException(
                    Reason.SCHEMA_MISMATCH,
                    "table " + table.name() + " was not created by mlcycle: it has no " + PROP_DATASET + " and "
                            + PROP_KIND + " properties");
        }
        TableKind kind = TableKind.parse(kindName);
        Schema schema = table.schema();
        String id = column(table, schema, PROP_ID, true);
        String key = column(table, schema, PROP_KEY, kind == TableKind.EVENTS);
        String time = column(table, schema, PROP_TIME, true);
        String label = column(table, schema, PROP_LABEL, true);
        List<String> features = new ArrayList<>();
        if (kind == TableKind.EVENTS) {
            for (NestedField f : schema.columns()) {
                String n = f.name();
                if (!n.equals(id) && !n.equals(key) && !n.equals(time) && !n.equals(label)) {
                    features.add(n);
                }
            }
        }
        return new TableLayout(dataset, kind, schema, id, key, time, label, List.copyOf(features));
    }

    private static String column(Table table, Schema schema, String property, boolean required) {
        String name = table.properties().get(property);
        if (name == null) {
            if (required) {
                throw new MlcycleException(
                        Reason.SCHEMA_MISMATCH, "table " + table.name() + " lacks the property " + property);
            }
            return null;
        }
        if (schema.findField(name) == null) {
            throw new MlcycleException(
                    Reason.SCHEMA_MISMATCH,
                    "table " + table.name() + ": property " + property + " names column \"" + name
                            + "\", which the schema does not have");
        }
        return name;
    }

    /** The position of a top-level column in records of {@link #schema()}. */
    int position(String column) {
        List<NestedField> columns = schema.columns();
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(column)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no column \"" + column + "\" in " + schema);
    }
}
