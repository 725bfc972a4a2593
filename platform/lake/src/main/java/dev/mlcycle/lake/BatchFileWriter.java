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
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.encryption.EncryptedOutputFile;
import org.apache.iceberg.io.OutputFileFactory;
import org.apache.iceberg.types.Comparators;

/**
 * Writes a {@link RowBatch} as sorted Parquet data files, the columnar twin of {@link SortedFileWriter}: rows are
 * grouped by partition (in partition order), each partition's row numbers are sorted by {@link BatchOrder}, and each
 * file is a {@link FlatParquetFile}, encoded column by column from the batch's arrays (the same rows, statistics and
 * Iceberg metrics a generic-record writer makes). A file is a run of row groups: each as many rows as fit in what is
 * left of the target size, at the bytes per row written so far; the file closes once it holds {@value #FULL_AT} of the
 * target.
 *
 * <p>Not thread-safe; one per write. {@link #close()} without {@link #finish()} deletes what was written.
 */
final class BatchFileWriter implements AutoCloseable {
    private static final long MICROS_PER_HOUR = 3_600_000_000L;
    /** Partition transforms of a timestamp whose value is the same for every instant of one UTC hour. */
    private static final Set<String> HOURLY_CONSTANT = Set.of("year", "month", "day", "hour");
    /** A file is closed once it holds this share of the target: the next row group would mostly not fit. */
    private static final double FULL_AT = 0.97;
    /** Fewer rows than this do not make a row group of their own unless they are the last. */
    private static final int MIN_GROUP_ROWS = 64;

    private final Table table;
    private final Schema schema;
    private final PartitionSpec spec;
    private final long targetBytes;
    private final RowBatch batch;
    private final OutputFileFactory outputs;
    private final FlatParquetFile.Settings settings;
    private final FlatParquetFile.Scratch scratch = new FlatParquetFile.Scratch();
    private final OpenedFiles<FlatParquetFile> out;

    /** Columns of the current partition's files written without a dictionary (see {@link DictionaryHint}). */
    private List<String> plainColumns = List.of();

    private long writtenBytes;
    private long writtenRows;
    private double plainBytesPerRow = -1;
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
        this.settings = new FlatParquetFile.Settings(table);
        this.out = new OpenedFiles<>(table.name(), table.io(), FlatParquetFile::finish, FlatParquetFile::abandon);
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
        for (int r = 0; r < byOrder.length; r++) {
            int from = start[r];
            int to = start[r + 1];
            order.sort(rowsInOrder, from, to);
            StructLike partition = partitions.get(byOrder[r]);
            out.closeCurrent();
            plainColumns = DictionaryHint.plainColumns(batch, rowsInOrder, from, to, table.properties());
            int i = from;
            while (i < to) {
                if (out.current() == null) {
                    open(partition);
                }
                int group = rowsForNextGroup(to - i);
                write(rowsInOrder, i, i + group);
                i += group;
                if (out.current().length() >= targetBytes * FULL_AT) {
                    out.closeCurrent();
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

    /**
     * Rows for the next row group of the current file: as many as fit in what is left of the target at the bytes per
     * row written so far (at first, the batch's plain size per row, which overestimates), and no more than a row
     * group's size of plain values.
     */
    private int rowsForNextGroup(int left) {
        double perRow = writtenRows > 0 ? (double) writtenBytes / writtenRows : plainBytesPerRow();
        long room = Math.max(0, targetBytes - out.current().length());
        long fit = (long) (room / Math.max(1.0, perRow));
        long groupCap = (long) (settings.rowGroupBytes / Math.max(1.0, plainBytesPerRow()));
        long n = Math.min(left, Math.min(Math.max(fit, MIN_GROUP_ROWS), Math.max(groupCap, MIN_GROUP_ROWS)));
        return (int) Math.max(1, n);
    }

    /** The plain size of a row of the batch: 8 bytes per number and time, 4 plus the average length per string. */
    private double plainBytesPerRow() {
        if (plainBytesPerRow < 0) {
            double sum = 0;
            for (int c = 0; c < batch.columnCount(); c++) {
                Column col = batch.column(c);
                sum += switch (col.type) {
                    case STRING -> 4 + (double) col.bytesUsed / Math.max(1, batch.size());
                    case BOOLEAN -> 0.125;
                    default -> 8;
                };
            }
            plainBytesPerRow = sum;
        }
        return plainBytesPerRow;
    }

    private void write(int[] rowsInOrder, int from, int to) {
        FlatParquetFile f = out.current();
        long before = f.length();
        try {
            f.writeRowGroup(rowsInOrder, from, to);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a row group of " + table.name() + ": " + e.getMessage(), e);
        }
        writtenBytes += f.length() - before;
        writtenRows += to - from;
    }

    private void open(StructLike partition) {
        EncryptedOutputFile file = outputs.newOutputFile(spec, partition);
        out.opening(file);
        try {
            out.started(new FlatParquetFile(settings, batch, file, spec, partition, plainColumns, scratch));
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot open a data file of " + table.name() + " at "
                            + file.encryptingOutputFile().location() + ": " + e.getMessage(),
                    e);
        }
    }

    /** Closes the last file; the rows written are the whole batch, their times its time column's. */
    private WrittenFiles finish() {
        out.closeCurrent();
        done = true;
        Column time = batch.column(batch.timeColumn());
        long minMicros = Long.MAX_VALUE;
        long maxMicros = Long.MIN_VALUE;
        for (int row = 0; row < batch.size(); row++) {
            if (!time.nulls[row]) {
                minMicros = Math.min(minMicros, time.longs[row]);
                maxMicros = Math.max(maxMicros, time.longs[row]);
            }
        }
        Instant min = minMicros == Long.MAX_VALUE ? null : instant(minMicros);
        Instant max = maxMicros == Long.MIN_VALUE ? null : instant(maxMicros);
        return new WrittenFiles(out.files(), batch.size(), out.bytes(), min, max);
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
