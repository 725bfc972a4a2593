package dev.mlcycle.lake;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A separate JVM for {@link MultiProcessCommitTest}: opens the lake at {@code args[0]} and makes
 * {@code args[2]} appends of {@code args[3]} rows each to partition {@code args[1]}, offsets following
 * on.
 */
public final class CommitWorker {
    private CommitWorker() {}

    public static void main(String[] args) {
        Path root = Path.of(args[0]);
        int partition = Integer.parseInt(args[1]);
        int commits = Integer.parseInt(args[2]);
        int rows = Integer.parseInt(args[3]);
        WriterOptions options = WriterOptions.defaults().withCommitRetries(100).withRetryBackoff(Duration.ofMillis(5));
        try (Lake lake = Lake.open(root)) {
            LakeTable table = lake.table(Credit.spec(root), TableKind.EVENTS);
            try (TableWriter w = table.writer(options)) {
                for (int i = 0; i < commits; i++) {
                    WrittenFiles files =
                            w.write(Credit.rows(table, Credit.events("p" + partition + "-" + i, rows, 1, i)));
                    long from = (long) i * rows;
                    w.commit(files, List.of(Credit.range(partition, from, from + rows)));
                }
            }
        }
    }
}
