package dev.mlcycle.monitoring.drift;

import java.util.ArrayList;
import java.util.List;

/**
 * When windows that found a problem become an alert, and when it clears: an alert fires when the problem was found
 * in at least {@code k} of the last {@code n} windows, and resolves only after {@code m} clean windows in a row. One
 * alert per model and kind is open at a time. The reasoning and the measurements behind the defaults are in
 * DESIGN.md.
 *
 * @param k windows with the problem needed to fire, {@code 1 <= k <= n}
 * @param n the windows looked back over
 * @param m clean windows in a row needed to resolve, {@code >= 1}
 */
public record AlertPolicy(int k, int n, int m) {
    public AlertPolicy {
        if (n < 1 || k < 1 || k > n) {
            throw new IllegalArgumentException("alert persistence: expected 1 <= k <= n, got k=" + k + ", n=" + n);
        }
        if (m < 1) {
            throw new IllegalArgumentException("alert clearing: expected m >= 1 clean windows, got " + m);
        }
    }

    public static AlertPolicy defaults() {
        return new AlertPolicy(1, 1, 3);
    }

    /**
     * Where one model's alerts of one kind stand.
     *
     * @param recent whether each of the last (up to n) windows found the problem, oldest first
     * @param openAlertId the id of the open alert, or null
     * @param clean clean windows in a row since the problem was last found
     */
    public record Track(List<Boolean> recent, String openAlertId, int clean) {
        public Track {
            recent = List.copyOf(recent);
        }

        public static Track empty() {
            return new Track(List.of(), null, 0);
        }

        public boolean open() {
            return openAlertId != null;
        }
    }

    /** What a window did to a track. */
    public enum Step {
        /** Nothing to send. */
        NONE,
        /** The alert fires now. */
        FIRE,
        /** The open alert resolves now. */
        RESOLVE
    }

    /**
     * Adds a window to a track.
     *
     * @param track the track before the window
     * @param found whether the window found the problem
     * @param alertIdIfFired the id the alert gets if it fires now
     * @return the new track and the step
     */
    public Outcome next(Track track, boolean found, String alertIdIfFired) {
        List<Boolean> recent = new ArrayList<>(track.recent());
        recent.add(found);
        while (recent.size() > n) {
            recent.remove(0);
        }
        int clean = found ? 0 : track.clean() + 1;
        if (!track.open()) {
            long hits = recent.stream().filter(b -> b).count();
            if (found && hits >= k) {
                return new Outcome(new Track(recent, alertIdIfFired, 0), Step.FIRE);
            }
            return new Outcome(new Track(recent, null, clean), Step.NONE);
        }
        if (clean >= m) {
            return new Outcome(new Track(List.of(), null, clean), Step.RESOLVE);
        }
        return new Outcome(new Track(recent, track.openAlertId(), clean), Step.NONE);
    }

    /** A track after a window, and what to send. */
    public record Outcome(Track track, Step step) {}
}
