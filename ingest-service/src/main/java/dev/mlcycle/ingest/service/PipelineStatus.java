package dev.mlcycle.ingest.service;

import dev.mlcycle.contracts.record.LakeCommit;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What one table's pipeline is doing, for {@code /ingest/status}: it outlives the pipeline instances that a restart
 * replaces. Written by the pipeline's threads, read by HTTP threads; every field is safe to read at any time.
 */
public final class PipelineStatus {
    /** The pipeline's life cycle. */
    public enum State {
        /** Opening the table, scanning the dead letters, joining the group. */
        STARTING,
        /** Reading and committing. */
        RUNNING,
        /** Failed; waiting to start again from the lake's offsets. */
        RESTARTING,
        /** Stopped with the service. */
        STOPPED
    }

    private final String dataset;
    private final String table;
    private final String topic;
    private volatile State state = State.STARTING;
    private volatile String lastError;
    private volatile Instant lastErrorAt;
    private volatile LakeCommit lastCommit;
    private volatile Map<Integer, Long> committed = Map.of();
    private volatile Map<Integer, Long> lag = Map.of();
    private volatile String warning;
    private final AtomicLong restarts = new AtomicLong();
    private final AtomicLong recordsIn = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong commits = new AtomicLong();
    private final AtomicLong buffered = new AtomicLong();

    public PipelineStatus(String dataset, String table, String topic) {
        this.dataset = dataset;
        this.table = table;
        this.topic = topic;
    }

    public String dataset() {
        return dataset;
    }

    public String table() {
        return table;
    }

    public String topic() {
        return topic;
    }

    public State state() {
        return state;
    }

    void state(State value) {
        state = value;
    }

    void failed(Throwable error) {
        lastError = error.getClass().getSimpleName() + ": " + error.getMessage();
        lastErrorAt = Instant.now();
        restarts.incrementAndGet();
        state = State.RESTARTING;
    }

    void warning(String value) {
        warning = value;
    }

    void committed(LakeCommit commit, Map<Integer, Long> nextOffsets) {
        lastCommit = commit;
        Map<Integer, Long> merged = new TreeMap<>(committed);
        merged.putAll(nextOffsets);
        committed = Map.copyOf(merged);
        written.addAndGet(commit.rows());
        commits.incrementAndGet();
    }

    void committedOffsets(Map<Integer, Long> nextOffsets) {
        committed = Map.copyOf(new TreeMap<>(nextOffsets));
    }

    void lag(Map<Integer, Long> value) {
        lag = Map.copyOf(value);
    }

    void read(long n) {
        recordsIn.addAndGet(n);
    }

    void rejected() {
        rejected.incrementAndGet();
    }

    void buffered(long n) {
        buffered.set(n);
    }

    public String lastError() {
        return lastError;
    }

    public Instant lastErrorAt() {
        return lastErrorAt;
    }

    public String warning() {
        return warning;
    }

    public LakeCommit lastCommit() {
        return lastCommit;
    }

    /** Next offset to commit per partition, as of the last commit. */
    public Map<Integer, Long> committed() {
        return committed;
    }

    /** Records not yet read per partition, as the consumer last saw it. */
    public Map<Integer, Long> lag() {
        return lag;
    }

    public long restarts() {
        return restarts.get();
    }

    public long recordsIn() {
        return recordsIn.get();
    }

    public long rejectedCount() {
        return rejected.get();
    }

    public long written() {
        return written.get();
    }

    public long commits() {
        return commits.get();
    }

    public long buffered() {
        return buffered.get();
    }
}
