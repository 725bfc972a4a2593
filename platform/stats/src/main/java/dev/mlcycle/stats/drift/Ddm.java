package dev.mlcycle.stats.drift;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * DDM, the drift detection method of Gama, Medas, Castillo and Rodrigues (2004), Learning with drift
 * detection, SBIA 2004, LNCS 3171, pp. 286-295, on a stream of 0/1 errors of a classifier.
 *
 * <p>After i values with e errors, p_i = e / i and s_i = sqrt(p_i (1 - p_i) / i). From {@code
 * minObservations} values on, (p_min, s_min) is the (p_i, s_i) with the lowest p_i + s_i since the last
 * reset (updated before the comparison), among values where s_i > 0. The state after a value is
 *
 * <ul>
 *   <li>{@link State#DRIFT} when p_i + s_i > p_min + driftLevel * s_min; the detector then resets (the next
 *       value starts a new stream);
 *   <li>{@link State#WARNING} when p_i + s_i > p_min + warningLevel * s_min;
 *   <li>{@link State#STABLE} otherwise, and always before {@code minObservations} values or while s_i = 0 throughout.
 * </ul>
 *
 * <p>The comparisons are strict, as in MOA's {@code DDM} and River's {@code drift.binary.DDM} (the paper writes
 * >=, which would signal drift on the first value after a run of error-free values, where s_min = 0). One
 * deviation from the paper, MOA and River: the minimum is only taken where s_i > 0, i.e. once the stream has
 * both an error and a correct prediction. Otherwise an accurate model (1 % errors: no error in its first 30
 * predictions three times in four) would get p_min = s_min = 0 and signal drift at its first error; measured
 * in {@code DetectorPropertiesTest}. p is
 * the exact ratio of two counters, so a restored detector ({@link #snapshot()}, {@link #restore(DdmState)})
 * continues bit for bit. Defaults: {@code minObservations} 30, {@code warningLevel} 2, {@code driftLevel} 3, as
 * in the paper.
 *
 * <p>Not thread-safe: one detector per stream (per model version in a Kafka Streams task).
 */
public final class Ddm {
    /** Whether the stream has changed. */
    public enum State {
        /** No sign of change. */
        STABLE,
        /** The error rate rose past the warning level; a change may be starting. */
        WARNING,
        /** The error rate rose past the drift level; the detector has reset. */
        DRIFT
    }

    /** The detector's name in a report's {@code DetectorState}. */
    public static final String NAME = "ddm";

    public static final int DEFAULT_MIN_OBSERVATIONS = 30;
    public static final double DEFAULT_WARNING_LEVEL = 2.0;
    public static final double DEFAULT_DRIFT_LEVEL = 3.0;

    private final int minObservations;
    private final double warningLevel;
    private final double driftLevel;
    private long observations;
    private long errors;
    private boolean minimumSet;
    private double pMin;
    private double sMin;

    /**
     * A detector with fresh state.
     *
     * @param minObservations values before the detector may signal, {@code >= 1} (30 in the paper)
     * @param warningLevel multiple of s_min for a warning, finite, {@code > 0} (2 in the paper)
     * @param driftLevel multiple of s_min for drift, finite, {@code > warningLevel} (3 in the paper)
     * @throws dev.mlcycle.contracts.MlcycleException INVALID_ARGUMENT naming the parameter out of range
     */
    public Ddm(int minObservations, double warningLevel, double driftLevel) {
        if (minObservations < 1) {
            throw Checks.invalid("minObservations: expected >= 1, got " + minObservations);
        }
        if (!(warningLevel > 0) || Double.isInfinite(warningLevel)) {
            throw Checks.invalid("warningLevel: expected a finite number > 0, got " + warningLevel);
        }
        if (!(driftLevel > warningLevel) || Double.isInfinite(driftLevel)) {
            throw Checks.invalid(
                    "driftLevel: expected a finite number > warningLevel (" + warningLevel + "), got " + driftLevel);
        }
        this.minObservations = minObservations;
        this.warningLevel = warningLevel;
        this.driftLevel = driftLevel;
    }

    /** A detector with the paper's parameters: 30, 2, 3. */
    public static Ddm withDefaults() {
        return new Ddm(DEFAULT_MIN_OBSERVATIONS, DEFAULT_WARNING_LEVEL, DEFAULT_DRIFT_LEVEL);
    }

    /**
     * Adds one prediction's outcome.
     *
     * @param error true when the prediction was wrong
     * @return the state after this value; after {@link State#DRIFT} the detector has reset
     */
    public State update(boolean error) {
        observations++;
        if (error) {
            errors++;
        }
        if (observations < minObservations) {
            return State.STABLE;
        }
        double p = p();
        double s = s(p);
        if (s > 0 && (!minimumSet || p + s <= pMin + sMin)) {
            pMin = p;
            sMin = s;
            minimumSet = true;
        }
        if (!minimumSet) {
            return State.STABLE;
        }
        if (p + s > pMin + driftLevel * sMin) {
            reset();
            return State.DRIFT;
        }
        return p + s > pMin + warningLevel * sMin ? State.WARNING : State.STABLE;
    }

    /** p + s now; 0 before the first value. */
    public double statistic() {
        if (observations == 0) {
            return 0.0;
        }
        double p = p();
        return p + s(p);
    }

    /** p_min + driftLevel * s_min, the level {@link #statistic()} must pass for drift; +inf before it is set. */
    public double threshold() {
        return minimumSet ? pMin + driftLevel * sMin : Double.POSITIVE_INFINITY;
    }

    /** p_min + warningLevel * s_min; +inf before it is set. */
    public double warningThreshold() {
        return minimumSet ? pMin + warningLevel * sMin : Double.POSITIVE_INFINITY;
    }

    /** Values seen since the last reset. */
    public long observations() {
        return observations;
    }

    /** The error rate since the last reset, p = errors / observations; 0 before the first value. */
    public double errorRate() {
        return observations == 0 ? 0.0 : p();
    }

    public int minObservations() {
        return minObservations;
    }

    public double warningLevel() {
        return warningLevel;
    }

    public double driftLevel() {
        return driftLevel;
    }

    /** Its parameters by name, as a report's {@code DetectorState} lists them: min_observations, warning_level, drift_level. */
    public Map<String, Double> parameters() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("min_observations", (double) minObservations);
        m.put("warning_level", warningLevel);
        m.put("drift_level", driftLevel);
        return Collections.unmodifiableMap(m);
    }

    /** Everything this detector knows, to store and {@link #restore(DdmState)} later. */
    public DdmState snapshot() {
        return new DdmState(minObservations, warningLevel, driftLevel, observations, errors, minimumSet, pMin, sMin);
    }

    /**
     * A detector that continues exactly where the snapshot was taken.
     *
     * @throws dev.mlcycle.contracts.MlcycleException INVALID_ARGUMENT when the state is null or inconsistent
     *     (parameters out of range, errors outside [0, observations], a minimum that is not finite, or set
     *     before {@code minObservations} values)
     */
    public static Ddm restore(DdmState state) {
        Checks.notNull(state, "state");
        Ddm d = new Ddm(state.minObservations(), state.warningLevel(), state.driftLevel());
        if (state.observations() < 0 || state.errors() < 0 || state.errors() > state.observations()) {
            throw Checks.invalid("state: expected 0 <= errors <= observations, got errors " + state.errors()
                    + " and observations " + state.observations());
        }
        if (state.minimumSet() && state.observations() < state.minObservations()) {
            throw Checks.invalid("state: a minimum set after " + state.observations()
                    + " observations, before minObservations " + state.minObservations());
        }
        if (!Double.isFinite(state.pMin()) || !Double.isFinite(state.sMin()) || state.pMin() < 0 || state.sMin() < 0) {
            throw Checks.invalid(
                    "state: expected pMin and sMin finite and >= 0, got " + state.pMin() + " and " + state.sMin());
        }
        d.observations = state.observations();
        d.errors = state.errors();
        d.minimumSet = state.minimumSet();
        d.pMin = state.pMin();
        d.sMin = state.sMin();
        return d;
    }

    private double p() {
        return (double) errors / (double) observations;
    }

    private double s(double p) {
        return Math.sqrt(p * (1.0 - p) / observations);
    }

    private void reset() {
        observations = 0;
        errors = 0;
        minimumSet = false;
        pMin = 0.0;
        sMin = 0.0;
    }
}
