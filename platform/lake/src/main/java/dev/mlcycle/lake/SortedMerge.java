package dev.mlcycle.lake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterator;

/**
 * A k-way merge of sorted runs into one sorted stream, holding one row per run. It checks as it goes
 * that each run is sorted: a row smaller than its predecessor in the same run raises {@link
 * UnsortedRunException}, and the caller sorts that run in memory and starts over. Equal rows come out
 * in run order, so the merge is stable.
 */
final class SortedMerge implements Iterator<Record>, AutoCloseable {
    private final List<Run> runs;
    private final Comparator<Record> order;
    private final PriorityQueue<Head> heads;

    /**
     * @param runs the runs, each an iterator over rows (closed by {@link #close()}) and a name for
     *     messages
     */
    SortedMerge(List<Run> runs, Comparator<Record> order) {
        this.runs = List.copyOf(runs);
        this.order = order;
        this.heads = new PriorityQueue<>(Math.max(1, runs.size()), this::compareHeads);
        for (int i = 0; i < this.runs.size(); i++) {
            Run r = this.runs.get(i);
            if (r.rows.hasNext()) {
                heads.add(new Head(r.rows.next(), i));
            }
        }
    }

    private int compareHeads(Head a, Head b) {
        int c = order.compare(a.row, b.row);
        return c != 0 ? c : Integer.compare(a.run, b.run);
    }

    @Override
    public boolean hasNext() {
        return !heads.isEmpty();
    }

    @Override
    public Record next() {
        Head h = heads.poll();
        if (h == null) {
            throw new NoSuchElementException();
        }
        Run run = runs.get(h.run);
        if (run.rows.hasNext()) {
            Record following = run.rows.next();
            if (order.compare(h.row, following) > 0) {
                throw new UnsortedRunException(run.name);
            }
            heads.add(new Head(following, h.run));
        }
        return h.row;
    }

    @Override
    public void close() {
        List<IOException> failures = new ArrayList<>();
        for (Run r : runs) {
            try {
                r.rows.close();
            } catch (IOException e) {
                failures.add(e);
            }
        }
        if (!failures.isEmpty()) {
            throw new UncheckedIOException("cannot close a merged file", failures.get(0));
        }
    }

    /** One sorted run: a file read in order, or a file sorted in memory. */
    record Run(String name, CloseableIterator<Record> rows) {}

    private record Head(Record row, int run) {}

    /** A run turned out not to be sorted. */
    static final class UnsortedRunException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String run;

        UnsortedRunException(String run) {
            super("the data file " + run + " is not sorted by the table's sort order");
            this.run = run;
        }

        String run() {
            return run;
        }
    }
}
