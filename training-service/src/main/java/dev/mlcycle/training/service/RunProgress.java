package dev.mlcycle.training.service;

/**
 * Where a running run is, for people watching it ({@code GET /training/runs/{id}}, {@code mlcycle train}): the
 * phase, and within it how much is done out of how much. Written by the run's thread, read by anyone.
 */
public final class RunProgress {
    /** The phases of a run, in order. */
    public enum Phase {
        QUEUED,
        READING,
        VALIDATING,
        ENCODING,
        SEARCHING,
        TRAINING,
        EVALUATING,
        GATING,
        REGISTERING,
        DONE
    }

    private volatile Phase phase = Phase.QUEUED;
    private volatile long done;
    private volatile long total;
    private volatile String detail = "";

    /** Enters a phase. */
    public void enter(Phase next, String what) {
        phase = next;
        done = 0;
        total = 0;
        detail = what;
    }

    /** Reports progress within the phase; {@code total} 0 when unknown. */
    public void advance(long doneSoFar, long outOf) {
        done = doneSoFar;
        total = outOf;
    }

    /** The phase. */
    public Phase phase() {
        return phase;
    }

    /** Units done in the phase. */
    public long done() {
        return done;
    }

    /** Units in the phase, 0 when unknown. */
    public long total() {
        return total;
    }

    /** What the phase is doing, in a few words. */
    public String detail() {
        return detail;
    }
}
