package dev.mlcycle.lake;

import dev.mlcycle.lake.RowBatch.Column;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.iceberg.DoubleFieldMetrics;
import org.apache.iceberg.FieldMetrics;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.MetricsConfig;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.encryption.EncryptedOutputFile;
import org.apache.iceberg.io.OutputFileFactory;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.parquet.ParquetValueWriter;
import org.apache.iceberg.parquet.ParquetValueWriters;
import org.apache.iceberg.parquet.TripleWriter;
import org.apache.iceberg.types.Comparators;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnWriteStore;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;

/**
 * Writes a {@link RowBatch} as sorted Parquet data files, the columnar twin of {@link SortedFileWriter}: rows are
 * grouped by partition (in partition order), each partition's row numbers are sorted by {@link BatchOrder}, and each
 * file is written through Iceberg's Parquet writer (the table's properties, metrics config, sort order; the same
 * files and metrics a generic-record writer makes) with a value writer that reads the batch's columns directly. Files
 * roll as {@link SortedFileWriter}'s do: once Iceberg's size estimate reaches the target, checked every {@value
 * SortedFileWriter#CHECK_EVERY_ROWS} rows.
 *
 * <p>Not thread-safe; one per write. {@link #close()} without {@link #finish()} deletes what was written.
 */
final class BatchFileWriter implements AutoCloseable {
    private static final long MICROS_PER_HOUR = 3_600_000_000L;
    /** Partition transforms of a timestamp whose value is the same for every instant of one UTC hour. */
    private static final Set<String> HOURLY_CONSTANT = Set.of("year", "month", "day", "hour");

    private final Table table;
    private final Schema schema;
    private final PartitionSpec spec;
    private final long targetBytes;
    private final RowBatch batch;
    private final OutputFileFactory outputs;
    private final MetricsConfig metricsConfig;
    private final OpenedFiles<Cursor> out;
    private final Cursor cursor = new Cursor();

    /** Columns of the current partition's files written without a dictionary (see {@link DictionaryHint}). */
    private List<String> plainColumns = List.of();

    private long rowsInFile;
    private long rows;
    private long minMicros = Long.MAX_VALUE;
    private long maxMicros = Long.MIN_VALUE;
    private boolean done;

    BatchFileWriter(Table table, long targetBytes, RowBatch batch) {
        this.table = table;
        this.schema = table.schema();
        this.spec = table.spec();
        this.targetBytes = targetBytes;
        this.batch = batch;
        this.outputs = OutputFileFactory.builderFor(table, 0, 0)
                .format(FileFormat.PARQUET)
                .operationId(UUID.randomUUID().toString())
                .build();
        this.metricsConfig = MetricsConfig.forTable(table);
        this.out = new OpenedFiles<>(table.name(), table.io());
    }

    /** Writes every row of the batch, partition by partition, each sorted by {@code order}; returns the files. */
    WrittenFiles writeAll(BatchOrder order) {
        int n = batch.size();
        List<StructLike> partitions = new ArrayList<>();
        int[] partitionOf = partitionRows(partitions);
        // Partition ordinals in partition order.
        Comparator<StructLike> partitionOrder = Comparators.forType(spec.partitionType());
        Integer[] byOrder = new Integer[partitions.size()];
        for (int i = 0; i < byOrder.length; i++) {
            byOrder[i] = i;
        }
        java.util.Arrays.sort(byOrder, (a, b) -> partitionOrder.compare(partitions.get(a), partitions.get(b)));
        // Row numbers grouped by partition (counting sort, keeping arrival order within a partition).
        int[] start = new int[partitions.size() + 1];
        int[] rank = new int[partitions.size()];
        for (int r = 0; r < byOrder.length; r++) {
            rank[byOrder[r]] = r;
        }
        for (int i = 0; i < n; i++) {
            start[rank[partitionOf[i]] + 1]++;
        }
        for (int r = 0; r < byOrder.length; r++) {
            start[r + 1] += start[r];
        }
        int[] next = java.util.Arrays.copyOf(start, byOrder.length);
        int[] rowsInOrder = new int[n];
        for (int i = 0; i < n; i++) {
            rowsInOrder[next[rank[partitionOf[i]]]++] = i;
        }
        int timeColumn = batch.timeColumn();
        Column time = batch.column(timeColumn);
        for (int r = 0; r < byOrder.length; r++) {
            order.sort(rowsInOrder, start[r], start[r + 1]);
            StructLike partition = partitions.get(byOrder[r]);
            out.closeCurrent();
            plainColumns = DictionaryHint.plainColumns(batch, rowsInOrder, start[r], start[r + 1], table.properties());
            open(partition);
            for (int i = start[r]; i < start[r + 1]; i++) {
                if (full()) {
                    out.closeCurrent();
                    open(partition);
                }
                int row = rowsInOrder[i];
                cursor.row = row;
                out.current().write(cursor);
                rowsInFile++;
                rows++;
                if (!time.nulls[row]) {
                    long t = time.longs[row];
                    minMicros = Math.min(minMicros, t);
                    maxMicros = Math.max(maxMicros, t);
                }
            }
        }
        return finish();
    }

    /**
     * The partition ordinal of every row; {@code partitions} receives each distinct partition once. When the table is
     * partitioned by a year, month, day or hour of a timestamp column alone (every mlcycle table is), rows of one hour
     * share their partition, so the transform runs once per hour of data seen, not once per row.
     */
    private int[] partitionRows(List<StructLike> partitions) {
        int n = batch.size();
        int[] partitionOf = new int[n];
        if (spec.isUnpartitioned()) {
            partitions.add(null);
            return partitionOf;
        }
        Comparator<StructLike> partitionOrder = Comparators.forType(spec.partitionType());
        TreeMap<StructLike, Integer> ordinals = new TreeMap<>(partitionOrder);
        PartitionKey key = new PartitionKey(spec, schema);
        RowView view = new RowView(batch);
        Column hourly = hourlyPartitionColumn();
        long lastHour = Long.MIN_VALUE;
        StructLike last = null;
        int lastOrdinal = -1;
        for (int i = 0; i < n; i++) {
            long hour = Long.MIN_VALUE;
            if (hourly != null && !hourly.nulls[i]) {
                hour = Math.floorDiv(hourly.longs[i], MICROS_PER_HOUR);
                if (hour == lastHour) {
                    partitionOf[i] = lastOrdinal;
                    continue;
                }
            }
            key.partition(view.at(i));
            lastHour = hour;
            if (last != null && partitionOrder.compare(key, last) == 0) {
                partitionOf[i] = lastOrdinal;
                continue;
            }
            Integer ordinal = ordinals.get(key);
            if (ordinal == null) {
                StructLike copy = key.copy();
                ordinal = partitions.size();
                partitions.add(copy);
                ordinals.put(copy, ordinal);
            }
            last = partitions.get(ordinal);
            lastOrdinal = ordinal;
            partitionOf[i] = ordinal;
        }
        return partitionOf;
    }

    /**
     * The timestamp column the spec partitions by, if its only field is a year, month, day or hour of it (constant
     * within an hour of UTC time); else null.
     */
    private Column hourlyPartitionColumn() {
        if (spec.fields().size() != 1) {
            return null;
        }
        PartitionField field = spec.fields().get(0);
        String transform = field.transform().toString();
        if (!HOURLY_CONSTANT.contains(transform)) {
            return null;
        }
        int pos = batch.findColumn(schema.findColumnName(field.sourceId()));
        if (pos < 0 || batch.columnType(pos) != RowBatch.ColumnType.TIMESTAMP) {
            return null;
        }
        return batch.column(pos);
    }

    private boolean full() {
        return rowsInFile > 0
                && rowsInFile % SortedFileWriter.CHECK_EVERY_ROWS == 0
                && out.current().length() >= targetBytes;
    }

    private void open(StructLike partition) {
        EncryptedOutputFile file = outputs.newOutputFile(spec, partition);
        out.opening(file);
        try {
            out.started(Parquet.writeData(file)
                    .schema(schema)
                    .setAll(table.properties())
                    .metricsConfig(metricsConfig)
                    .withSpec(spec)
                    .withPartition(partition)
                    .withKeyMetadata(file.keyMetadata())
                    .withSortOrder(table.sortOrder())
                    .setAll(DictionaryHint.properties(plainColumns))
                    .overwrite()
                    .createWriterFunc(type -> new BatchValueWriter(batch, type))
                    .build());
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot open a data file of " + table.name() + " at "
                            + file.encryptingOutputFile().location() + ": " + e.getMessage(),
                    e);
        }
        rowsInFile = 0;
    }

    private WrittenFiles finish() {
        out.closeCurrent();
        done = true;
        Instant min = rows == 0 || minMicros == Long.MAX_VALUE ? null : instant(minMicros);
        Instant max = rows == 0 || maxMicros == Long.MIN_VALUE ? null : instant(maxMicros);
        return new WrittenFiles(out.files(), rows, out.bytes(), min, max);
    }

    private static Instant instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000);
    }

    /** Deletes every file written so far unless {@link #writeAll} finished. */
    @Override
    public void close() {
        if (done) {
            return;
        }
        done = true;
        out.abort();
    }

    /** The row the value writer writes next. */
    static final class Cursor {
        int row;
    }

    /**
     * One Parquet leaf column, written from one batch column: Iceberg's column writer (its definition levels, its
     * store) fed straight from the column's array. One small class per type, called through one virtual call per
     * value, keeps each compiled method small (a single method switching over every type inlines all of Parquet's
     * encoders into one body that the JIT compiles for seconds).
     */
    private abstract static class Leaf extends ParquetValueWriters.PrimitiveWriter<Object> {
        final Column data;
        final int nullLevel;
        long nulls;

        Leaf(ColumnDescriptor desc, Column data) {
            super(desc);
            this.data = data;
            this.nullLevel = desc.getMaxDefinitionLevel() - 1;
        }

        static Leaf of(ColumnDescriptor desc, Column data) {
            return switch (data.type) {
                case STRING -> new StringLeaf(desc, data);
                case DOUBLE -> new DoubleLeaf(desc, data);
                case BOOLEAN -> new BooleanLeaf(desc, data);
                case LONG, TIMESTAMP -> new LongLeaf(desc, data);
            };
        }

        /** Writes the value of {@code row}, or its null. */
        final void writeRow(int repetitionLevel, int row) {
            if (data.nulls[row]) {
                column.writeNull(repetitionLevel, nullLevel);
                nulls++;
            } else {
                writeValue(repetitionLevel, row);
            }
        }

        abstract void writeValue(int repetitionLevel, int row);

        /** Field metrics beyond the footer's, as Iceberg's generic writer reports them; null if none. */
        FieldMetrics<?> fieldMetrics() {
            return null;
        }
    }

    private static final class StringLeaf extends Leaf {
        StringLeaf(ColumnDescriptor desc, Column data) {
            super(desc, data);
        }

        @Override
        void writeValue(int repetitionLevel, int row) {
            column.writeBinary(
                    repetitionLevel, Binary.fromReusedByteArray(data.bytes, data.starts[row], data.lengths[row]));
        }
    }

    private static final class LongLeaf extends Leaf {
        LongLeaf(ColumnDescriptor desc, Column data) {
            super(desc, data);
        }

        @Override
        void writeValue(int repetitionLevel, int row) {
            column.writeLong(repetitionLevel, data.longs[row]);
        }
    }

    private static final class BooleanLeaf extends Leaf {
        BooleanLeaf(ColumnDescriptor desc, Column data) {
            super(desc, data);
        }

        @Override
        void writeValue(int repetitionLevel, int row) {
            column.writeBoolean(repetitionLevel, data.longs[row] != 0);
        }
    }

    /** Doubles also report NaN counts and bounds, as Iceberg's double writer does. */
    private static final class DoubleLeaf extends Leaf {
        private final DoubleFieldMetrics.Builder metrics;

        DoubleLeaf(ColumnDescriptor desc, Column data) {
            super(desc, data);
            this.metrics = new DoubleFieldMetrics.Builder(
                    desc.getPrimitiveType().getId().intValue());
        }

        @Override
        void writeValue(int repetitionLevel, int row) {
            double v = data.doubles[row];
            column.writeDouble(repetitionLevel, v);
            metrics.addValue(v);
        }

        @Override
        FieldMetrics<?> fieldMetrics() {
            FieldMetrics<?> m = metrics.build();
            if (data.required) {
                return m;
            }
            // as Iceberg's option writer adds the nulls it wrote to its primitive writer's metrics
            return new FieldMetrics<>(
                    m.id(),
                    m.valueCount() + nulls,
                    m.nullValueCount() < 0 ? m.nullValueCount() : m.nullValueCount() + nulls,
                    m.nanValueCount(),
                    m.lowerBound(),
                    m.upperBound(),
                    m.originalType(),
                    m.avgValueSizeInBytes());
        }
    }

    /**
     * Writes row {@link Cursor#row} of a batch: each top-level column from its array. Reports the field metrics
     * Iceberg's generic writer reports (NaN counts and bounds of double columns, with their nulls), so the files'
     * metrics match.
     */
    static final class BatchValueWriter implements ParquetValueWriter<Cursor> {
        private final Leaf[] leaves;
        private final List<TripleWriter<?>> triples = new ArrayList<>();

        BatchValueWriter(RowBatch batch, MessageType type) {
            List<ColumnDescriptor> descriptors = type.getColumns();
            if (descriptors.size() != batch.columnCount()) {
                throw new IllegalStateException("the Parquet schema of " + batch.table() + " has " + descriptors.size()
                        + " leaf columns, the batch " + batch.columnCount() + "; a batch holds flat tables only");
            }
            this.leaves = new Leaf[descriptors.size()];
            for (int i = 0; i < leaves.length; i++) {
                ColumnDescriptor d = descriptors.get(i);
                String name = d.getPath()[0];
                if (d.getPath().length != 1 || !name.equals(batch.columnName(i))) {
                    throw new IllegalStateException("Parquet column " + String.join(".", d.getPath()) + " of "
                            + batch.table() + " is not the batch's column " + i + " (" + batch.columnName(i) + ")");
                }
                leaves[i] = Leaf.of(d, batch.column(i));
                triples.addAll(leaves[i].columns());
            }
        }

        @Override
        public void write(int repetitionLevel, Cursor cursor) {
            int row = cursor.row;
            for (Leaf leaf : leaves) {
                leaf.writeRow(repetitionLevel, row);
            }
        }

        @Override
        public List<TripleWriter<?>> columns() {
            return triples;
        }

        @Override
        public void setColumnStore(ColumnWriteStore columnStore) {
            for (Leaf leaf : leaves) {
                leaf.setColumnStore(columnStore);
            }
        }

        @Override
        public Stream<FieldMetrics<?>> metrics() {
            List<FieldMetrics<?>> out = new ArrayList<>();
            for (Leaf leaf : leaves) {
                FieldMetrics<?> m = leaf.fieldMetrics();
                if (m != null) {
                    out.add(m);
                }
            }
            return out.stream();
        }
    }

    /** A row of the batch as Iceberg's partition transforms read it: times as microseconds. */
    private static final class RowView implements StructLike {
        private final RowBatch batch;
        private int row;

        RowView(RowBatch batch) {
            this.batch = batch;
        }

        RowView at(int r) {
            this.row = r;
            return this;
        }

        @Override
        public int size() {
            return batch.columnCount();
        }

        @Override
        public <T> T get(int pos, Class<T> javaClass) {
            Column c = batch.column(pos);
            if (c.nulls[row]) {
                return null;
            }
            Object v =
                    switch (c.type) {
                        case STRING -> batch.getString(row, pos);
                        case LONG, TIMESTAMP -> c.longs[row];
                        case DOUBLE -> c.doubles[row];
                        case BOOLEAN -> c.longs[row] != 0;
                    };
            return javaClass.cast(v);
        }

        @Override
        public <T> void set(int pos, T value) {
            throw new UnsupportedOperationException("a read-only view");
        }
    }
}
