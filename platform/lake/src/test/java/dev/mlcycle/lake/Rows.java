package dev.mlcycle.lake;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;
import org.apache.iceberg.Files;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetReaders;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.parquet.Parquet;

/** Reading rows back for assertions. */
final class Rows {
    private Rows() {}

    static List<Record> current(LakeTable table) {
        return at(table, OptionalLong.empty());
    }

    static List<Record> at(LakeTable table, OptionalLong snapshot) {
        List<Record> out = new ArrayList<>();
        try (CloseableIterable<Record> rows = table.read(snapshot)) {
            rows.forEach(out::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** The rows of one Parquet data file, in file order. */
    static List<Record> file(LakeTable table, String path) {
        Schema schema = table.iceberg().schema();
        List<Record> out = new ArrayList<>();
        try (CloseableIterable<Record> rows = Parquet.read(Files.localInput(path))
                .project(schema)
                .createReaderFunc(fs -> GenericParquetReaders.buildReader(schema, fs))
                .build()) {
            rows.forEach(out::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    static List<String> ids(List<Record> rows, String idColumn) {
        List<String> ids = new ArrayList<>();
        rows.forEach(r -> ids.add((String) r.getField(idColumn)));
        ids.sort(null);
        return ids;
    }

    static void assertSorted(String what, List<Record> rows, Comparator<Record> order) {
        for (int i = 1; i < rows.size(); i++) {
            assertThat(order.compare(rows.get(i - 1), rows.get(i)))
                    .as("%s: row %d must not sort after row %d", what, i - 1, i)
                    .isLessThanOrEqualTo(0);
        }
    }
}
