package dev.mlcycle.training.service;

import dev.mlcycle.contracts.record.TrainingRun;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The latest record of recent runs, in memory, for the API: filled from {@code mlcycle.training.runs} at start-up
 * and by every record this service writes afterwards. Keeps every run in flight and at most {@code history}
 * finished ones (the oldest go first); the topic keeps them all. Thread-safe.
 */
public final class RunBook {
    private final int history;
    private final Map<String, TrainingRun> runs = new LinkedHashMap<>();

    /** A book keeping this many finished runs. */
    public RunBook(int history) {
        this.history = history;
    }

    /** Records the latest state of a run. */
    public synchronized void put(TrainingRun run) {
        runs.remove(run.runId());
        runs.put(run.runId(), run);
        int finished =
                (int) runs.values().stream().filter(r -> r.status().terminal()).count();
        for (Iterator<TrainingRun> it = runs.values().iterator(); finished > history && it.hasNext(); ) {
            if (it.next().status().terminal()) {
                it.remove();
                finished--;
            }
        }
    }

    /** A run by id. */
    public synchronized Optional<TrainingRun> get(String runId) {
        return Optional.ofNullable(runs.get(runId));
    }

    /** Runs, newest first (by trigger time), optionally of one model, at most {@code limit}. */
    public synchronized List<TrainingRun> list(String model, int limit) {
        List<TrainingRun> out = new ArrayList<>();
        for (TrainingRun r : runs.values()) {
            if (model == null || r.model().equals(model)) {
                out.add(r);
            }
        }
        out.sort(Comparator.comparing((TrainingRun r) -> r.trigger().requestedAt())
                .thenComparing(TrainingRun::runId)
                .reversed());
        return out.size() > limit ? out.subList(0, limit) : out;
    }

    /** Runs that are not finished. */
    public synchronized List<TrainingRun> unfinished() {
        return runs.values().stream().filter(r -> !r.status().terminal()).toList();
    }

    /** The last run of a model that actually ran (not coalesced), by when it started, if any. */
    public synchronized Optional<TrainingRun> lastRun(String model) {
        return runs.values().stream()
                .filter(r -> r.model().equals(model) && r.status() != TrainingRun.RunStatus.COALESCED)
                .max(Comparator.comparing(RunBook::startOf));
    }

    /** When the last run of a model that actually ran started, if any. */
    public Optional<Instant> lastRunAt(String model) {
        return lastRun(model).map(RunBook::startOf);
    }

    private static Instant startOf(TrainingRun r) {
        return r.startedAt() != null ? r.startedAt() : r.trigger().requestedAt();
    }
}
