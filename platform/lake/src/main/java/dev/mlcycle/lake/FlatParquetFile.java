package dev.mlcycle.lake;

import com.github.luben.zstd.Zstd;
import dev.mlcycle.lake.RowBatch.Column;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FieldMetrics;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Metrics;
import org.apache.iceberg.MetricsConfig;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.SchemaParser;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.encryption.EncryptedOutputFile;
import org.apache.iceberg.parquet.ParquetSchemaUtil;
import org.apache.iceberg.parquet.ParquetUtil;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.util.PropertyUtil;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;

/**
 * One Parquet data file of a flat lake table, encoded column by column straight from a {@link RowBatch}: each row
 * group is a run of rows in a given order, and each of its column chunks is encoded in one pass over the column's
 * array, without a value object, a per-value virtual call or a per-value hash of a reused {@code Binary}.
 *
 * <p>The file is what Iceberg's own Parquet writer makes of the same rows, by Parquet's rules (format 1 data pages, as
 * Iceberg writes by default): the table's Parquet schema with field ids, {@code iceberg.schema} in the footer, the
 * table's compression codec and level, pages of at most {@code write.parquet.page-row-limit} rows and about {@code
 * write.parquet.page-size-bytes}, page and column-chunk statistics (and so Parquet's column and offset indexes), and
 * a dictionary ({@code PLAIN_DICTIONARY}) for every non-boolean column where it pays: its dictionary stays within
 * {@code write.parquet.dict-size-bytes} and the dictionary plus its indexes is smaller than the plain values. Parquet's
 * writer decides that on a column's first page and may switch in the middle of a chunk; here it is decided on the
 * whole chunk. The file structure, footer and checksums come from parquet-java's {@link ParquetFileWriter}; the
 * Iceberg metrics from {@link ParquetUtil#footerMetrics} with the double columns' field metrics, as Iceberg's writer
 * reports them. {@code ColumnarWriteTest} compares the files with the record path's.
 *
 * <p>Not thread-safe; one per file.
 */
final class FlatParquetFile {
    private static final VarHandle LONG_LE =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    /** Parquet's default zstd level, which Iceberg's writer uses unless the table sets one. */
    private static final int DEFAULT_ZSTD_LEVEL = 3;
    /**
     * The encodings format 1 pages name, as parquet-java's own v1 writer writes them: a dictionary page and its
     * data pages say PLAIN_DICTIONARY, required columns' levels say BIT_PACKED. Deprecated for format 2 pages only.
     */
    @SuppressWarnings("deprecation")
    private static final Encoding V1_DICTIONARY = Encoding.PLAIN_DICTIONARY;

    @SuppressWarnings("deprecation")
    private static final Encoding V1_LEVELS = Encoding.BIT_PACKED;

    /** What every file of one table write shares: the table's Parquet settings and schema. */
    static final class Settings {
        final Table table;
        final MessageType parquetSchema;
        final List<ColumnDescriptor> descriptors;
        final Map<String, String> footer;
        final CompressionCodecName codec;
        final int zstdLevel;
        final int pageRows;
        final long pageBytes;
        final long dictBytes;
        final long rowGroupBytes;
        final MetricsConfig metricsConfig;
        final Map<String, String> properties;

        Settings(Table table) {
            this.table = table;
            this.properties = table.properties();
            this.parquetSchema = ParquetSchemaUtil.convert(table.schema(), "table");
            this.descriptors = parquetSchema.getColumns();
            this.footer = Map.of("iceberg.schema", SchemaParser.toJson(table.schema()));
            String codecName = properties.getOrDefault(
                    TableProperties.PARQUET_COMPRESSION, TableProperties.PARQUET_COMPRESSION_DEFAULT);
            this.codec = CompressionCodecName.fromConf(codecName.toUpperCase(java.util.Locale.ROOT));
            if (codec != CompressionCodecName.ZSTD && codec != CompressionCodecName.UNCOMPRESSED) {
                throw new IllegalArgumentException("table " + table.name() + " asks for " + codecName
                        + " compression; the columnar writer writes zstd or uncompressed Parquet");
            }
            String level = properties.get(TableProperties.PARQUET_COMPRESSION_LEVEL);
            this.zstdLevel = level == null ? DEFAULT_ZSTD_LEVEL : Integer.parseInt(level);
            this.pageRows = PropertyUtil.propertyAsInt(
                    properties, TableProperties.PARQUET_PAGE_ROW_LIMIT, TableProperties.PARQUET_PAGE_ROW_LIMIT_DEFAULT);
            this.pageBytes = PropertyUtil.propertyAsLong(
                    properties,
                    TableProperties.PARQUET_PAGE_SIZE_BYTES,
                    TableProperties.PARQUET_PAGE_SIZE_BYTES_DEFAULT);
            this.dictBytes = PropertyUtil.propertyAsLong(
                    properties,
                    TableProperties.PARQUET_DICT_SIZE_BYTES,
                    TableProperties.PARQUET_DICT_SIZE_BYTES_DEFAULT);
            this.rowGroupBytes = PropertyUtil.propertyAsLong(
                    properties,
                    TableProperties.PARQUET_ROW_GROUP_SIZE_BYTES,
                    TableProperties.PARQUET_ROW_GROUP_SIZE_BYTES_DEFAULT);
            this.metricsConfig = MetricsConfig.forTable(table);
        }

        /** Whether the table switches {@code column}'s dictionary on or off explicitly; null if it does not. */
        Boolean dictionarySetting(String column) {
            String v = properties.get(DictionaryHint.PROPERTY + column);
            return v == null ? null : Boolean.parseBoolean(v);
        }
    }

    private final Settings settings;
    private final RowBatch batch;
    private final EncryptedOutputFile file;
    private final StructLike partition;
    private final SortOrder sortOrder;
    private final PartitionSpec spec;
    private final ParquetFileWriter writer;
    private final StreamAdapter stream;
    /** Per double column, what Iceberg's writer tracks of it (NaN counts, bounds); null for other columns. */
    private final DoubleTotals[] doubleTotals;

    private final Scratch scratch;
    /** Columns this file writes plain, without trying a dictionary. */
    private final boolean[] plain;

    /**
     * Opens the file.
     *
     * @param plainColumns columns to write without a dictionary ({@link DictionaryHint})
     */
    FlatParquetFile(
            Settings settings,
            RowBatch batch,
            EncryptedOutputFile file,
            PartitionSpec spec,
            StructLike partition,
            List<String> plainColumns,
            Scratch scratch)
            throws IOException {
        this.settings = settings;
        this.batch = batch;
        this.file = file;
        this.spec = spec;
        this.partition = partition;
        this.sortOrder = settings.table.sortOrder();
        this.scratch = scratch;
        int n = batch.columnCount();
        if (settings.descriptors.size() != n) {
            throw new IllegalStateException("the Parquet schema of " + batch.table() + " has "
                    + settings.descriptors.size() + " leaf columns, the batch " + n
                    + "; a batch holds flat tables only");
        }
        this.doubleTotals = new DoubleTotals[n];
        this.plain = new boolean[n];
        for (int c = 0; c < n; c++) {
            ColumnDescriptor d = settings.descriptors.get(c);
            if (d.getPath().length != 1 || !d.getPath()[0].equals(batch.columnName(c))) {
                throw new IllegalStateException("Parquet column " + String.join(".", d.getPath()) + " of "
                        + batch.table() + " is not the batch's column " + c + " (" + batch.columnName(c) + ")");
            }
            if (batch.column(c).type == RowBatch.ColumnType.DOUBLE) {
                doubleTotals[c] = new DoubleTotals(d.getPrimitiveType().getId().intValue());
            }
            Boolean set = settings.dictionarySetting(batch.columnName(c));
            plain[c] = set != null ? !set : plainColumns.contains(batch.columnName(c));
        }
        this.stream = new StreamAdapter(file.encryptingOutputFile());
        this.writer = new ParquetFileWriter(
                stream,
                settings.parquetSchema,
                ParquetFileWriter.Mode.OVERWRITE,
                settings.rowGroupBytes,
                0,
                null,
                ParquetProperties.builder().build());
        writer.start();
    }

    /** The bytes written so far. */
    long length() {
        try {
            return writer.getPos();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes rows {@code order[from, to)} of the batch as one row group. */
    void writeRowGroup(int[] order, int from, int to) throws IOException {
        if (to <= from) {
            return;
        }
        writer.startBlock(to - from);
        for (int c = 0; c < batch.columnCount(); c++) {
            writeColumn(c, order, from, to);
        }
        writer.endBlock();
    }

    /** Ends the file (footer, fsync on close) and describes it for a commit. */
    DataFile finish() throws IOException {
        writer.end(settings.footer);
        stream.close();
        List<FieldMetrics<?>> fieldMetrics = new ArrayList<>();
        for (DoubleTotals t : doubleTotals) {
            if (t != null) {
                fieldMetrics.add(t.metrics());
            }
        }
        Metrics metrics = ParquetUtil.footerMetrics(writer.getFooter(), fieldMetrics.stream(), settings.metricsConfig);
        return DataFiles.builder(spec)
                .withFormat(FileFormat.PARQUET)
                .withPath(file.encryptingOutputFile().location())
                .withPartition(partition)
                .withEncryptionKeyMetadata(file.keyMetadata())
                .withFileSizeInBytes(stream.closedLength())
                .withMetrics(metrics)
                .withSplitOffsets(ParquetUtil.getSplitOffsets(writer.getFooter()))
                .withSortOrder(sortOrder)
                .build();
    }

    /** Closes the file without a footer; the caller deletes it. */
    void abandon() {
        try {
            stream.close();
        } catch (IOException | RuntimeException ignored) {
            // deleted by the caller all the same
        }
    }

    // --- one column chunk ---------------------------------------------------------------------------------------

    private void writeColumn(int c, int[] order, int from, int to) throws IOException {
        Column col = batch.column(c);
        ColumnDescriptor desc = settings.descriptors.get(c);
        boolean optional = desc.getMaxDefinitionLevel() > 0;
        int n = to - from;
        // The first page's end: the dictionary's first-page rule needs it, and the page loop starts with it.
        int end = pageEnd(col, order, from, to);
        Dictionary dict = null;
        if (!plain[c] && col.type != RowBatch.ColumnType.BOOLEAN) {
            dict = scratch.dictionary.build(col, order, from, to, end, settings.dictBytes);
        }
        writer.startColumn(desc, n, settings.codec);
        if (dict != null) {
            Buffer page = scratch.page.reset();
            dict.writeEntries(col, page);
            int uncompressed = page.len;
            BytesInput bytes = compress(page);
            writer.writeDictionaryPage(new DictionaryPage(bytes, uncompressed, dict.size, V1_DICTIONARY));
        }
        PrimitiveType type = desc.getPrimitiveType();
        DoubleTotals totals = doubleTotals[c];
        int k = from;
        while (k < to) {
            Buffer page = scratch.page.reset();
            PageStats stats = scratch.stats.reset(col);
            int nulls = 0;
            if (optional) {
                int[] levels = scratch.ints(end - k);
                for (int i = k; i < end; i++) {
                    boolean isNull = col.nulls[order[i]];
                    levels[i - k] = isNull ? 0 : 1;
                    if (isNull) {
                        nulls++;
                    }
                }
                int at = page.len;
                page.putIntLE(0); // length of the levels, filled in below
                Rle.encode(page, levels, end - k, 1);
                INT_LE.set(page.buf, at, page.len - at - 4);
            }
            if (dict != null) {
                dict.writeIds(col, order, k, end, page, stats, scratch);
            } else {
                writePlain(col, order, k, end, page, stats);
            }
            if (totals != null) {
                totals.add(stats, end - k, nulls);
            }
            int uncompressed = page.len;
            BytesInput bytes = compress(page);
            writer.writeDataPage(
                    end - k,
                    uncompressed,
                    bytes,
                    stats.toStatistics(type, nulls),
                    end - k,
                    V1_LEVELS,
                    optional ? Encoding.RLE : V1_LEVELS,
                    dict != null ? V1_DICTIONARY : Encoding.PLAIN);
            k = end;
            end = pageEnd(col, order, k, to);
        }
        writer.endColumn();
    }

    /** Where the page starting at {@code k} ends: at most the row limit, and about the page size of plain values. */
    private int pageEnd(Column col, int[] order, int k, int to) {
        int end = (int) Math.min(to, (long) k + settings.pageRows);
        if (col.type != RowBatch.ColumnType.STRING) {
            long perRow = col.type == RowBatch.ColumnType.BOOLEAN ? 1 : 8;
            long fit = Math.max(1, settings.pageBytes / perRow);
            return (int) Math.min(end, k + fit);
        }
        long bytes = 0;
        for (int i = k; i < end; i++) {
            int row = order[i];
            if (!col.nulls[row]) {
                bytes += 4 + col.lengths[row];
                if (bytes >= settings.pageBytes) {
                    return i + 1;
                }
            }
        }
        return end;
    }

    private static void writePlain(Column col, int[] order, int from, int to, Buffer page, PageStats stats) {
        switch (col.type) {
            case LONG, TIMESTAMP -> {
                page.ensure((to - from) * 8L);
                byte[] buf = page.buf;
                int at = page.len;
                long[] v = col.longs;
                boolean[] nulls = col.nulls;
                long min = Long.MAX_VALUE;
                long max = Long.MIN_VALUE;
                for (int i = from; i < to; i++) {
                    int row = order[i];
                    if (!nulls[row]) {
                        long x = v[row];
                        LONG_LE.set(buf, at, x);
                        at += 8;
                        min = Math.min(min, x);
                        max = Math.max(max, x);
                    }
                }
                page.len = at;
                stats.longs(min, max);
            }
            case DOUBLE -> {
                page.ensure((to - from) * 8L);
                byte[] buf = page.buf;
                int at = page.len;
                double[] v = col.doubles;
                boolean[] nulls = col.nulls;
                for (int i = from; i < to; i++) {
                    int row = order[i];
                    if (!nulls[row]) {
                        double x = v[row];
                        LONG_LE.set(buf, at, Double.doubleToRawLongBits(x));
                        at += 8;
                        stats.dbl(x);
                    }
                }
                page.len = at;
            }
            case BOOLEAN -> {
                page.ensure((to - from + 7) / 8 + 1L);
                byte[] buf = page.buf;
                int at = page.len;
                int bit = 0;
                int acc = 0;
                long[] v = col.longs;
                boolean[] nulls = col.nulls;
                for (int i = from; i < to; i++) {
                    int row = order[i];
                    if (!nulls[row]) {
                        boolean x = v[row] != 0;
                        if (x) {
                            acc |= 1 << bit;
                        }
                        stats.bool(x);
                        if (++bit == 8) {
                            buf[at++] = (byte) acc;
                            acc = 0;
                            bit = 0;
                        }
                    }
                }
                if (bit > 0) {
                    buf[at++] = (byte) acc;
                }
                page.len = at;
            }
            case STRING -> {
                byte[] src = col.bytes;
                boolean[] nulls = col.nulls;
                for (int i = from; i < to; i++) {
                    int row = order[i];
                    if (!nulls[row]) {
                        int s = col.starts[row];
                        int len = col.lengths[row];
                        page.ensure(4L + len);
                        INT_LE.set(page.buf, page.len, len);
                        System.arraycopy(src, s, page.buf, page.len + 4, len);
                        page.len += 4 + len;
                        stats.string(src, s, len);
                    }
                }
            }
        }
    }

    private BytesInput compress(Buffer page) {
        if (settings.codec == CompressionCodecName.UNCOMPRESSED) {
            return BytesInput.from(page.buf, 0, page.len);
        }
        Buffer out = scratch.compressed;
        out.len = 0;
        out.ensure(Zstd.compressBound(page.len));
        long n = Zstd.compressByteArray(out.buf, 0, out.buf.length, page.buf, 0, page.len, settings.zstdLevel);
        if (Zstd.isError(n)) {
            throw new IllegalStateException(
                    "zstd could not compress a page of " + batch.table() + ": " + Zstd.getErrorName(n));
        }
        return BytesInput.from(out.buf, 0, (int) n);
    }

    // --- helpers ------------------------------------------------------------------------------------------------

    /** Buffers reused by every column and file of one write. */
    static final class Scratch {
        final Buffer page = new Buffer();
        final Buffer compressed = new Buffer();
        final PageStats stats = new PageStats();
        final Dictionary dictionary = new Dictionary();
        private int[] ints = new int[1024];

        int[] ints(int n) {
            if (ints.length < n) {
                ints = new int[Math.max(n, ints.length * 2)];
            }
            return ints;
        }
    }

    /** A growable byte array. */
    static final class Buffer {
        byte[] buf = new byte[1 << 16];
        int len;

        Buffer reset() {
            len = 0;
            return this;
        }

        void ensure(long more) {
            long need = len + more;
            if (need > buf.length) {
                if (need > Integer.MAX_VALUE - 16) {
                    throw new IllegalStateException("a Parquet page over 2 GiB");
                }
                buf = Arrays.copyOf(buf, (int) Math.max(need, Math.min(Integer.MAX_VALUE - 16, buf.length * 2L)));
            }
        }

        void put(int b) {
            ensure(1);
            buf[len++] = (byte) b;
        }

        void putIntLE(int v) {
            ensure(4);
            INT_LE.set(buf, len, v);
            len += 4;
        }

        void putVarInt(int v) {
            ensure(5);
            while ((v & ~0x7f) != 0) {
                buf[len++] = (byte) ((v & 0x7f) | 0x80);
                v >>>= 7;
            }
            buf[len++] = (byte) v;
        }
    }

    /**
     * Parquet's RLE / bit-packing hybrid: a run of 8 or more equal values becomes an RLE run, the rest bit-packed runs
     * of whole groups of 8 (only the last group is padded, as the format allows).
     */
    static final class Rle {
        private Rle() {}

        static void encode(Buffer out, int[] v, int n, int width) {
            int byteWidth = (width + 7) / 8;
            int packedFrom = 0;
            int pending = 0;
            int i = 0;
            while (i < n) {
                int j = i + 1;
                int x = v[i];
                while (j < n && v[j] == x) {
                    j++;
                }
                int take = (8 - (pending & 7)) & 7;
                if (j - i - take >= 8) {
                    pending += take;
                    packed(out, v, packedFrom, pending, width);
                    int run = j - i - take;
                    out.putVarInt(run << 1);
                    out.ensure(byteWidth);
                    for (int b = 0; b < byteWidth; b++) {
                        out.buf[out.len++] = (byte) (x >>> (8 * b));
                    }
                    pending = 0;
                    packedFrom = j;
                } else {
                    pending += j - i;
                }
                i = j;
            }
            packed(out, v, packedFrom, pending, width);
        }

        private static void packed(Buffer out, int[] v, int from, int count, int width) {
            if (count == 0) {
                return;
            }
            int groups = (count + 7) / 8;
            out.putVarInt((groups << 1) | 1);
            out.ensure((long) groups * width + 8);
            byte[] buf = out.buf;
            int at = out.len;
            long acc = 0;
            int bits = 0;
            int end = groups * 8;
            for (int k = 0; k < end; k++) {
                long val = k < count ? v[from + k] & 0xffffffffL : 0;
                acc |= val << bits;
                bits += width;
                while (bits >= 8) {
                    buf[at++] = (byte) acc;
                    acc >>>= 8;
                    bits -= 8;
                }
            }
            out.len = at;
        }
    }

    /** Min and max of one page's non-null values, as Parquet orders them. */
    /**
     * The field metrics of a double column as Iceberg's Parquet writer reports them ({@code DoubleFieldMetrics}, plus
     * the nulls its option writer adds): values (nulls and NaNs included), nulls, NaNs, and the bounds of the other
     * values in {@link Double#compare} order. Summed from the pages' statistics, which order values the same way.
     */
    private static final class DoubleTotals {
        private final int id;
        private long values;
        private long nulls;
        private long nans;
        private boolean any;
        private double lower;
        private double upper;

        DoubleTotals(int id) {
            this.id = id;
        }

        void add(PageStats page, int rows, int pageNulls) {
            values += rows;
            nulls += pageNulls;
            nans += page.nans;
            if (page.any) {
                if (!any || Double.compare(page.minDouble, lower) < 0) {
                    lower = page.minDouble;
                }
                if (!any || Double.compare(page.maxDouble, upper) > 0) {
                    upper = page.maxDouble;
                }
                any = true;
            }
        }

        FieldMetrics<Double> metrics() {
            return new FieldMetrics<>(
                    id, values, nulls, nans, any ? lower : null, any ? upper : null, Types.DoubleType.get());
        }
    }

    static final class PageStats {
        private RowBatch.ColumnType type;
        private boolean any;
        private long minLong;
        private long maxLong;
        private double minDouble;
        private double maxDouble;
        private long nans;
        private byte[] strBytes;
        private int minStart;
        private int minLen;
        private int maxStart;
        private int maxLen;
        private boolean sawFalse;
        private boolean sawTrue;

        PageStats reset(Column col) {
            type = col.type;
            any = false;
            nans = 0;
            sawFalse = false;
            sawTrue = false;
            strBytes = col.bytes;
            minLong = Long.MAX_VALUE;
            maxLong = Long.MIN_VALUE;
            minDouble = Double.POSITIVE_INFINITY;
            maxDouble = Double.NEGATIVE_INFINITY;
            return this;
        }

        void longs(long min, long max) {
            if (min <= max) {
                any = true;
                minLong = Math.min(minLong, min);
                maxLong = Math.max(maxLong, max);
            }
        }

        void dbl(double x) {
            if (Double.isNaN(x)) {
                nans++;
                return;
            }
            if (!any || Double.compare(x, minDouble) < 0) {
                minDouble = x;
            }
            if (!any || Double.compare(x, maxDouble) > 0) {
                maxDouble = x;
            }
            any = true;
        }

        void bool(boolean x) {
            any = true;
            if (x) {
                sawTrue = true;
            } else {
                sawFalse = true;
            }
        }

        void string(byte[] b, int start, int len) {
            if (!any) {
                any = true;
                minStart = maxStart = start;
                minLen = maxLen = len;
                return;
            }
            if (Arrays.compareUnsigned(b, start, start + len, b, minStart, minStart + minLen) < 0) {
                minStart = start;
                minLen = len;
            } else if (Arrays.compareUnsigned(b, start, start + len, b, maxStart, maxStart + maxLen) > 0) {
                maxStart = start;
                maxLen = len;
            }
        }

        Statistics<?> toStatistics(PrimitiveType parquetType, long nulls) {
            Statistics.Builder b = Statistics.getBuilderForReading(parquetType).withNumNulls(nulls);
            if (any) {
                switch (type) {
                    case LONG, TIMESTAMP -> b.withMin(le(minLong)).withMax(le(maxLong));
                    case DOUBLE -> b.withMin(le(Double.doubleToLongBits(minDouble)))
                            .withMax(le(Double.doubleToLongBits(maxDouble)));
                    case BOOLEAN -> b.withMin(new byte[] {(byte) (sawFalse ? 0 : 1)})
                            .withMax(new byte[] {(byte) (sawTrue ? 1 : 0)});
                    case STRING -> b.withMin(Arrays.copyOfRange(strBytes, minStart, minStart + minLen))
                            .withMax(Arrays.copyOfRange(strBytes, maxStart, maxStart + maxLen));
                }
            }
            if (type == RowBatch.ColumnType.DOUBLE) {
                b.withNanCount(nans);
            }
            return b.build();
        }

        private static byte[] le(long v) {
            byte[] out = new byte[8];
            LONG_LE.set(out, 0, v);
            return out;
        }
    }

    /**
     * The dictionary of one column chunk: its distinct non-null values in the order first seen, and each row's index.
     * Strings are kept as positions in the batch's byte array, compared by content.
     */
    static final class Dictionary {
        int size;
        /** Each position's dictionary index, for positions {@code [from, to)} of the order; -1 for a null. */
        private int[] ids = new int[1024];
        /** A row of the batch holding each entry's value. */
        private int[] entryRow = new int[256];

        /** Open addressing: per slot, an entry's hash in the high half and 1 + its index in the low; 0 for empty. */
        private long[] table = new long[512];

        private long bytes;
        private int from;
        private int width;
        /** For page statistics: the page an entry was last compared in. */
        private int[] seenInPage = new int[256];

        private int page;

        /**
         * Builds the dictionary, or returns null if it would not pay or outgrows {@code maxBytes}. Like parquet-java's
         * writer, it gives up after the first page ({@code [from, firstPageEnd)}) unless that page's values take fewer
         * bytes as the dictionary so far plus their indexes than plain: a column of mostly distinct values (ids,
         * prices) is hashed for one page, not until the dictionary outgrows its limit.
         */
        Dictionary build(Column col, int[] order, int from, int to, int firstPageEnd, long maxBytes) {
            int n = to - from;
            if (ids.length < n) {
                ids = new int[Math.max(n, ids.length * 2)];
            }
            this.from = from;
            size = 0;
            bytes = 0;
            Arrays.fill(table, 0L);
            long plainBytes = 0;
            int nonNull = 0;
            boolean isString = col.type == RowBatch.ColumnType.STRING;
            int lastRow = -1;
            int lastId = -1;
            for (int i = from; i < to; i++) {
                if (i == firstPageEnd && nonNull > 0 && !pays(nonNull, plainBytes)) {
                    return null;
                }
                int row = order[i];
                if (col.nulls[row]) {
                    ids[i - from] = -1;
                    continue;
                }
                nonNull++;
                plainBytes += isString ? 4 + col.lengths[row] : 8;
                if (lastRow >= 0 && same(col, lastRow, row)) {
                    ids[i - from] = lastId; // a run of one value, as a sorted column has: no hashing
                    continue;
                }
                int id = find(col, row);
                if (bytes > maxBytes) {
                    return null;
                }
                ids[i - from] = id;
                lastRow = row;
                lastId = id;
            }
            if (!pays(nonNull, plainBytes)) {
                return null; // an all-null chunk never pays: nothing is smaller than nothing
            }
            width = bitWidth();
            if (seenInPage.length < size) {
                seenInPage = new int[Math.max(size, seenInPage.length * 2)];
            }
            Arrays.fill(seenInPage, 0, size, 0);
            page = 0;
            return this;
        }

        /** The index of the row's value, added if new; values are compared only where their hashes are equal. */
        private int find(Column col, int row) {
            int h = hashOf(col, row);
            int mask = table.length - 1;
            int slot = (h ^ (h >>> 16)) & mask;
            while (true) {
                long e = table[slot];
                if (e == 0) {
                    int id = add(col, row);
                    table[slot] = ((long) h << 32) | (id + 1L);
                    if (size * 2 > table.length) {
                        rehash();
                    }
                    return id;
                }
                int id = (int) e - 1;
                if ((int) (e >>> 32) == h && same(col, entryRow[id], row)) {
                    return id;
                }
                slot = (slot + 1) & mask;
            }
        }

        /** Whether {@code values} values, {@code plainBytes} plain, take fewer as the dictionary and their indexes. */
        private boolean pays(int values, long plainBytes) {
            return bytes + ((long) values * bitWidth() + 7) / 8 < plainBytes;
        }

        private int bitWidth() {
            return 32 - Integer.numberOfLeadingZeros(Math.max(1, size - 1));
        }

        private int add(Column col, int row) {
            if (size == entryRow.length) {
                entryRow = Arrays.copyOf(entryRow, size * 2);
            }
            entryRow[size] = row;
            bytes += col.type == RowBatch.ColumnType.STRING ? 4 + col.lengths[row] : 8;
            return size++;
        }

        private void rehash() {
            long[] bigger = new long[table.length * 2];
            int mask = bigger.length - 1;
            for (long e : table) {
                if (e == 0) {
                    continue;
                }
                int h = (int) (e >>> 32);
                int slot = (h ^ (h >>> 16)) & mask;
                while (bigger[slot] != 0) {
                    slot = (slot + 1) & mask;
                }
                bigger[slot] = e;
            }
            table = bigger;
        }

        private static boolean same(Column col, int a, int b) {
            return switch (col.type) {
                case STRING -> sameBytes(col.bytes, col.starts[a], col.starts[b], col.lengths[a], col.lengths[b]);
                case DOUBLE -> Double.doubleToRawLongBits(col.doubles[a]) == Double.doubleToRawLongBits(col.doubles[b]);
                default -> col.longs[a] == col.longs[b];
            };
        }

        /**
         * Whether two values in one byte array are equal: eight bytes at a time, then the rest. Dictionary values are
         * mostly short (categories, ids), where a plain loop beats a call to {@link Arrays#equals}.
         */
        private static boolean sameBytes(byte[] b, int x, int y, int xLength, int yLength) {
            if (xLength != yLength) {
                return false;
            }
            int i = 0;
            for (; i + 8 <= xLength; i += 8) {
                if ((long) LONG_LE.get(b, x + i) != (long) LONG_LE.get(b, y + i)) {
                    return false;
                }
            }
            for (; i < xLength; i++) {
                if (b[x + i] != b[y + i]) {
                    return false;
                }
            }
            return true;
        }

        /** A hash of a row's value: of its bytes (strings) or its bits (numbers, times), as {@link #same} compares. */
        private static int hashOf(Column col, int row) {
            if (col.type == RowBatch.ColumnType.STRING) {
                return hashBytes(col.bytes, col.starts[row], col.lengths[row]);
            }
            long bits = col.type == RowBatch.ColumnType.DOUBLE
                    ? Double.doubleToRawLongBits(col.doubles[row])
                    : col.longs[row];
            return (int) (bits ^ (bits >>> 32)) * 0x9E3779B9;
        }

        private static int hashBytes(byte[] b, int start, int len) {
            int h = len;
            int i = start;
            int end = start + len;
            for (; i + 4 <= end; i += 4) {
                h = h * 0x01000193 ^ (int) INT_LE.get(b, i);
            }
            for (; i < end; i++) {
                h = h * 31 + b[i];
            }
            return h * 0x9E3779B9;
        }

        /** The dictionary page: the entries, plain-encoded. */
        void writeEntries(Column col, Buffer out) {
            for (int e = 0; e < size; e++) {
                int row = entryRow[e];
                switch (col.type) {
                    case STRING -> {
                        int len = col.lengths[row];
                        out.ensure(4L + len);
                        INT_LE.set(out.buf, out.len, len);
                        System.arraycopy(col.bytes, col.starts[row], out.buf, out.len + 4, len);
                        out.len += 4 + len;
                    }
                    case DOUBLE -> {
                        out.ensure(8);
                        LONG_LE.set(out.buf, out.len, Double.doubleToRawLongBits(col.doubles[row]));
                        out.len += 8;
                    }
                    default -> {
                        out.ensure(8);
                        LONG_LE.set(out.buf, out.len, col.longs[row]);
                        out.len += 8;
                    }
                }
            }
        }

        /** A data page's values: the bit width, then the non-null rows' indexes; and the page's statistics. */
        void writeIds(Column col, int[] order, int from, int to, Buffer out, PageStats stats, Scratch scratch) {
            page++;
            int[] values = scratch.ints(to - from);
            int n = 0;
            for (int i = from; i < to; i++) {
                int id = ids[i - this.from];
                if (id < 0) {
                    continue;
                }
                values[n++] = id;
                if (seenInPage[id] == -page) {
                    stats.dbl(Double.NaN); // a NaN entry counts once per value
                } else if (seenInPage[id] != page) {
                    seenInPage[id] = page;
                    int row = entryRow[id];
                    switch (col.type) {
                        case STRING -> stats.string(col.bytes, col.starts[row], col.lengths[row]);
                        case DOUBLE -> {
                            stats.dbl(col.doubles[row]);
                            if (Double.isNaN(col.doubles[row])) {
                                seenInPage[id] = -page;
                            }
                        }
                        default -> stats.longs(col.longs[row], col.longs[row]);
                    }
                }
            }
            out.put(width);
            Rle.encode(out, values, n, width);
        }
    }

    /** Parquet's output file over an Iceberg output file, remembering its length once closed. */
    private static final class StreamAdapter implements OutputFile {
        private final org.apache.iceberg.io.OutputFile file;
        private org.apache.iceberg.io.PositionOutputStream out;
        private long closedLength = -1;

        StreamAdapter(org.apache.iceberg.io.OutputFile file) {
            this.file = file;
        }

        @Override
        public PositionOutputStream create(long blockSizeHint) {
            return wrap(file.create());
        }

        @Override
        public PositionOutputStream createOrOverwrite(long blockSizeHint) {
            return wrap(file.createOrOverwrite());
        }

        @Override
        public boolean supportsBlockSize() {
            return false;
        }

        @Override
        public long defaultBlockSize() {
            return 0;
        }

        @Override
        public String getPath() {
            return file.location();
        }

        long closedLength() {
            if (closedLength < 0) {
                throw new IllegalStateException(file.location() + " is not closed");
            }
            return closedLength;
        }

        /** Closes the stream if it is open (the writer's end may have closed it). */
        void close() throws IOException {
            if (out != null && closedLength < 0) {
                closedLength = out.getPos();
                out.close();
            }
        }

        private PositionOutputStream wrap(org.apache.iceberg.io.PositionOutputStream s) {
            this.out = s;
            return new PositionOutputStream() {
                @Override
                public long getPos() throws IOException {
                    return s.getPos();
                }

                @Override
                public void write(int b) throws IOException {
                    s.write(b);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    s.write(b, off, len);
                }

                @Override
                public void flush() throws IOException {
                    s.flush();
                }

                @Override
                public void close() throws IOException {
                    if (closedLength < 0) {
                        closedLength = s.getPos();
                        s.close();
                    }
                }
            };
        }
    }
}
