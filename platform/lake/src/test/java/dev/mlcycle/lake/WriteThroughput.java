package dev.mlcycle.lake;

import dev.mlcycle.contracts.record.FeatureEvent;
import dev.mlcycle.contracts.record.LakeCommit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.iceberg.data.Record;

/**
 * Measures one thread writing credit rows: sort, Parquet write and commit, per batch. Not a test; run
 * by hand: {@code java -cp <test classpath> dev.mlcycle.lake.WriteThroughput [rows] [batches] [rounds]};
 * {@code -Dkeep=true} keeps the lake it wrote.
 */
public final class WriteThroughput {
    private WriteThroughput() {}

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int batches = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        Path root = Files.createTempDirectory("lake-bench");
        List<FeatureEvent> events = Credit.events("e", rows, 7, 42);
        for (int round = 1; round <= rounds; round++) {
            Path lakeDir = root.resolve("r" + round);
            try (Lake lake = Lake.open(lakeDir)) {
                LakeTable table = lake.table(Credit.spec(lakeDir), TableKind.EVENTS);
                long t0 = System.nanoTime();
                List<Record> records = Credit.rows(table, events);
                long t1 = System.nanoTime();
                long bytes = 0;
                int per = rows / batches;
                long writeNanos = 0;
                long commitNanos = 0;
                int files = 0;
                try (TableWriter w = table.writer(WriterOptions.defaults())) {
                    for (int b = 0; b < batches; b++) {
                        long s = System.nanoTime();
                        WrittenFiles written = w.write(records.subList(b * per, (b + 1) * per));
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
                        "round %d: %,d rows in %d batch(es): toRecord %.2f s; sort+write %.2f s, commit %.3f s;"
                                + " %.0f rows/s (sort+write+commit); %d files, %,d bytes, %.2f bytes/row%n",
                        round,
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
}
