package dev.mlcycle.lake;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Comparator;
import java.util.UUID;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericFileWriterFactory;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.encryption.EncryptedOutputFile;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.io.FileWriterFactory;
import org.apache.iceberg.io.OutputFileFactory;
import org.apache.iceberg.types.Comparators;
import org.apache.iceberg.util.StructLikeUtil;

/**
 * Writes rows that arrive already ordered by (partition, sort key) into Parquet data files: one file
 * per partition at a time, rolled when it reaches the target size.
 *
 * <p>Without a size hint the size is checked every {@value #CHECK_EVERY_ROWS} rows against Iceberg's
 * estimate: bytes written plus the buffered pages, the page being filled counted uncompressed. A file
 * therefore ends at most that many rows plus its footer beyond the target, and usually below it: at
 * the default 128 MiB pages are flushed every 20,000 rows and files land within a few percent of the
 * target, while at targets of a few hundred KiB, where no page is flushed yet, files come out at about
 * 40 % of it. With a hint of bytes per row (compaction knows it from its inputs) the writer rolls
 * after {@code target / hint} rows instead, which lands near the target at any size.
 *
 * <p>Not thread-safe; one per write.
 */
final class SortedFileWriter implements AutoCloseable {
    /** How often the current file's size is checked against the target. */
    static final int CHECK_EVERY_ROWS = 16;

    private final PartitionSpec spec;
    private final long targetBytes;
    private final double bytesPerRowHint;
    private final int timePos;
    private final FileWriterFactory<Record> writers;
    private final OutputFileFactory outputs;
    private final Comparator<StructLike> partitionOrder;
    private final OpenedFiles<DataWriter<Record>> out;

    private StructLike currentPartition;
    private long rowsInFile;
    private long rows;
    private Instant minTime;
    private Instant maxTime;
    private boolean done;

    /** Rolls by Iceberg's size estimate. */
    SortedFileWriter(Table table, long targetBytes, int timePos) {
        this(table, targetBytes, 0, timePos);
    }

    /**
     * Rolls after {@code targetBytes / bytesPerRowHint} rows if the hint is positive, else by Iceberg's
     * size estimate.
     */
    SortedFileWriter(Table table, long targetBytes, double bytesPerRowHint, int timePos) {
        this.bytesPerRowHint = bytesPerRowHint;
        this.spec = table.spec();
        this.targetBytes = targetBytes;
        this.timePos = timePos;
        this.writers = new GenericFileWriterFactory.Builder(table)
                .dataFileFormat(FileFormat.PARQUET)
                .dataSortOrder(table.sortOrder())
                .build();
        this.outputs = OutputFileFactory.builderFor(table, 0, 0)
                .format(FileFormat.PARQUET)
                .operationId(UUID.randomUUID().toString())
                .build();
        this.out = new OpenedFiles<>(
                table.name(),
                table.io(),
                w -> {
                    w.close();
                    return w.toDataFile();
                },
                DataWriter::close);
        this.partitionOrder = Comparators.forType(spec.partitionType());
    }

    PartitionSpec spec() {
        return spec;
    }

    /** Appends one row of {@code partition}; partitions must come one after another, never back. */
    void write(StructLike partition, Record row) {
        if (out.current() == null || partitionOrder.compare(partition, currentPartition) != 0) {
            out.closeCurrent();
            currentPartition = StructLikeUtil.copy(partition);
            open();
        } else if (full()) {
            out.closeCurrent();
            open();
        }
        out.current().write(row);
        rowsInFile++;
        rows++;
        Object t = row.get(timePos);
        if (t instanceof OffsetDateTime odt) {
            Instant i = odt.toInstant();
            if (minTime == null || i.isBefore(minTime)) {
                minTime = i;
            }
            if (maxTime == null || i.isAfter(maxTime)) {
                maxTime = i;
            }
        }
    }

    private boolean full() {
        if (bytesPerRowHint > 0) {
            return rowsInFile * bytesPerRowHint >= targetBytes;
        }
        return rowsInFile % CHECK_EVERY_ROWS == 0 && out.current().length() >= targetBytes;
    }

    private void open() {
        EncryptedOutputFile file = outputs.newOutputFile(spec, currentPartition);
        out.opening(file);
        out.started(writers.newDataWriter(file, spec, currentPartition));
        rowsInFile = 0;
    }

    /** Closes the last file and returns everything written. */
    WrittenFiles finish() {
        out.closeCurrent();
        done = true;
        return new WrittenFiles(out.files(), rows, out.bytes(), minTime, maxTime);
    }

    /** Closes and deletes every file written so far. */
    void abort() {
        done = true;
        out.abort();
    }

    /** Deletes the files unless {@link #finish()} was called. */
    @Override
    public void close() {
        if (!done) {
            abort();
        }
    }
}
