package dev.mlcycle.serving.batch;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every call a batcher makes. */
final class RecordingListener implements BatchListener {
    record Ran(String name, int rows, int requests, Closed why, Duration run) {}

    final List<Ran> batches = new CopyOnWriteArrayList<>();
    final List<Duration> waits = new CopyOnWriteArrayList<>();
    final List<Integer> expired = new CopyOnWriteArrayList<>();

    @Override
    public void batchRan(String name, int rows, int requests, Closed why, Duration run) {
        batches.add(new Ran(name, rows, requests, why, run));
    }

    @Override
    public void queueWait(String name, Duration waited) {
        waits.add(waited);
    }

    @Override
    public void expired(String name, int rows) {
        expired.add(rows);
    }
}
