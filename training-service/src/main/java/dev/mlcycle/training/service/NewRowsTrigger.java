package dev.mlcycle.training.service;

import dev.mlcycle.contracts.record.LakeCommit;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The new-data trigger's arithmetic: counts the labelled rows that landed per model (from {@code
 * mlcycle.lake.commits}) since its last run, and says when a model's count reaches its {@code triggers.new-rows}.
 *
 * <ul>
 *   <li>Only appends to the model's labelled table count: {@code <dataset>.events} when labels arrive inline,
 *       {@code <dataset>.labels} when they arrive on their own topic.
 *   <li>A commit is counted once: ingest re-announces snapshots after a restart, so the same commit (dataset, table,
 *       snapshot id) may be on the topic twice; the repeat is ignored. The last {@value #REMEMBERED} snapshots are
 *       remembered, far more than a restart re-announces.
 *   <li>A replayed commit (on the topic before this process started) counts only if it was committed after the
 *       model's last run, so a restart neither loses nor double-counts rows.
 * </ul>
 *
 * <p>Thread-safe; pure (no I/O), so the rules are tested without a broker.
 */
public final class NewRowsTrigger {
    static final int REMEMBERED = 100_000;

    /**
     * One model watched for new rows.
     *
     * @param model the model
     * @param dataset its dataset
     * @param table the table whose appends carry labelled rows: {@code events} or {@code labels}
     * @param threshold rows that start a run
     */
    public record Watch(String model, String dataset, String table, long threshold) {}

    /**
     * A model whose count reached its threshold with this commit.
     *
     * @param model the model
     * @param rows the rows counted since its last run
     * @param detail the trigger's detail, for the run record
     */
    public record Due(String model, long rows, String detail) {}

    private record CommitKey(String dataset, String table, long snapshotId) {}

    private final List<Watch> watches;
    private final Function<String, Optional<Instant>> lastRunAt;
    private final Map<String, Long> counts = new HashMap<>();
    private final Map<CommitKey, Boolean> seen = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<CommitKey, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    };

    /**
     * @param watches the models with a {@code triggers.new-rows} threshold
     * @param lastRunAt when a model's last run started, if it ever ran
     */
    public NewRowsTrigger(List<Watch> watches, Function<String, Optional<Instant>> lastRunAt) {
        this.watches = List.copyOf(watches);
        this.lastRunAt = lastRunAt;
    }

    /**
     * Counts one commit.
     *
     * @param commit the commit
     * @param replay whether it was on the topic before this process started
     * @return the models due for a run because of it, possibly none
     */
    public synchronized List<Due> offer(LakeCommit commit, boolean replay) {
        if (commit.operation() != LakeCommit.Operation.APPEND || commit.rows() == 0) {
            return List.of();
        }
        if (seen.putIfAbsent(new CommitKey(commit.dataset(), commit.table(), commit.snapshotId()), Boolean.TRUE)
                != null) {
            return List.of();
        }
        List<Due> due = new ArrayList<>();
        for (Watch w : watches) {
            if (!w.dataset().equals(commit.dataset()) || !w.table().equals(commit.table())) {
                continue;
            }
            Optional<Instant> last = lastRunAt.apply(w.model());
            if (replay && last.isPresent() && !commit.committedAt().isAfter(last.get())) {
                continue;
            }
            long total = counts.merge(w.model(), commit.rows(), Long::sum);
            if (total >= w.threshold()) {
                String since = last.map(t -> "since the run of " + t).orElse("and the model has never been trained");
                due.add(new Due(
                        w.model(),
                        total,
                        total + " new labelled rows in " + commit.dataset() + "." + commit.table() + " " + since));
            }
        }
        return due;
    }

    /** Starts a model's count again: a run of it was admitted. */
    public synchronized void reset(String model) {
        counts.remove(model);
    }
}
