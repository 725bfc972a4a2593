package dev.mlcycle.lake;

import dev.mlcycle.contracts.record.FeatureEvent;
import dev.mlcycle.contracts.record.LakeCommit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.data.Record;

/**
 * Measures one thread writing credit rows: sort, Parquet write and commit, per batch, through generic records
 * ({@link TableWriter#write(List)}) and through a columnar {@link RowBatch} ({@link TableWriter#write(RowBatch)}).
 * Not a test; run by hand: {@code java -cp <test classpath> dev.mlcycle.lake.WriteThroughput [rows] [batches]
 * [rounds]}; {@code -Dpath=records|batch} runs one path only; {@code -Dkeep=true} keeps the lakes it wrote.
 */
public final class WriteThroughput {
    private WriteThroughput() {}

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int batches = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        String only = System.getProperty("path", "");
        Path root = Files.createTempDirectory("lake-bench");
        List<FeatureEvent> events = Credit.events("e", rows, 7, 42);
        for (int round = 1; round <= rounds; round++) {
            for (String path : List.of("records", "batch")) {
                if (!only.isEmpty() && !only.equals(path)) {
                    continue;
                }
                Path lakeDir = root.resolve(path + "-" + round);
                try (Lake lake = Lake.open(lakeDir)) {
                    LakeTable table = lake.table(Credit.spec(lakeDir), TableKind.EVENTS);
                    int per = rows / batches;
                    long t0 = System.nanoTime();
                    List<Record> records = path.equals("records") ? Credit.rows(table, events) : List.of();
                    List<RowBatch> columnar = new ArrayList<>();
                    if (path.equals("batch")) {
                        for (int b = 0; b < batches; b++) {
                            RowBatch rb = table.newBatch();
                            events.subList(b * per, (b + 1) * per).forEach(rb::add);
                            columnar.add(rb);
                        }
                    }
                    long t1 = System.nanoTime();
                    long bytes = 0;
                    long writeNanos = 0;
                    long commitNanos = 0;
                    int files = 0;
                    try (TableWriter w = table.writer(WriterOptions.defaults())) {
                        for (int b = 0; b < batches; b++) {
                            long s = System.nanoTime();
                            WrittenFiles written = path.equals("records")
                                    ? w.write(records.subList(b * per, (b + 1) * per))
                                    : w.write(columnar.get(b));
                            long m = System.nanoTime();
                            LakeCommit c =
                                    w.commit(written, List.of(Credit.range(0, (long) b * per, (long) (b + 1) * per)));
                            commitNanos += System.nanoTime() - m;
                            writeNanos += m - s;
                            bytes += c.bytes();
                            files += c.files().size();
                        }
                    }
                    double writeSec = writeNanos / 1e9;
                    double commitSec = commitNanos / 1e9;
                    System.out.printf(
                            "round %d, %-7s: %,d rows in %d batch(es): events to rows %.2f s; sort+write %.2f s,"
                                    + " commit %.3f s; %.0f rows/s (sort+write+commit); %d files, %,d bytes,"
                                    + " %.2f bytes/row%n",
                            round,
                            path,
                            rows,
                            batches,
                            (t1 - t0) / 1e9,
                            writeSec,
                            commitSec,
                            rows / (writeSec + commitSec),
                            files,
                            bytes,
                            (double) bytes / rows);
                }
            }
        }
        if (!Boolean.getBoolean("keep")) {
            try (var paths = Files.walk(root)) {
                paths.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            }
        }
    }
}
