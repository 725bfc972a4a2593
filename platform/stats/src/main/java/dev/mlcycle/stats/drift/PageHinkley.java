package dev.mlcycle.stats.drift;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Page-Hinkley test (Page 1954, Continuous inspection schemes, Biometrika 41(1/2)) with a fading factor,
 * as in Gama, Sebastião and Rodrigues (2013), On evaluating stream learning algorithms, Machine Learning
 * 90(3), section 4.2, detecting an increase of the mean of a stream (losses).
 *
 * <p>After the T-th value x_T: the running mean x̄_T = x̄_{T-1} + (x_T - x̄_{T-1}) / T, the faded cumulative
 * deviation m_T = alpha m_{T-1} + (x_T - x̄_T - delta) with m_0 = 0, its minimum M_T = min_{t <= T} m_t, and
 * the statistic PH_T = m_T - M_T. From {@code minObservations} values on, PH_T > lambda signals {@link
 * State#DRIFT} and the detector resets. delta is the magnitude of change that is tolerated, lambda the alarm
 * level (in the units of the stream times values), alpha < 1 forgets old deviations. Defaults as River's
 * {@code drift.PageHinkley}: delta 0.005, lambda 50, alpha 1 - 0.0001, minObservations 30.
 *
 * <p>Not thread-safe: one detector per stream. {@link #snapshot()} and {@link #restore(PageHinkleyState)}
 * continue bit for bit.
 */
public final class PageHinkley {
    /** Whether the stream's mean has increased. The test has no warning level. */
    public enum State {
        /** No sign of an increase. */
        STABLE,
        /** PH_T passed lambda; the detector has reset. */
        DRIFT
    }

    /** The detector's name in a report's {@code DetectorState}. */
    public static final String NAME = "page_hinkley";

    public static final double DEFAULT_DELTA = 0.005;
    public static final double DEFAULT_LAMBDA = 50.0;
    public static final double DEFAULT_ALPHA = 1 - 0.0001;
    public static final int DEFAULT_MIN_OBSERVATIONS = 30;

    private final double delta;
    private final double lambda;
    private final double alpha;
    private final int minObservations;
    private long observations;
    private double mean;
    private double cumulative;
    private double minimum;

    /**
     * A detector with fresh state.
     *
     * @param delta tolerated change of the mean, finite, {@code >= 0}
     * @param lambda alarm level, finite, {@code > 0}
     * @param alpha fading factor, in (0, 1]
     * @param minObservations values before the detector may signal, {@code >= 1}
     * @throws dev.mlcycle.contracts.MlcycleException INVALID_ARGUMENT naming the parameter out of range
     */
    public PageHinkley(double delta, double lambda, double alpha, int minObservations) {
        if (!(delta >= 0) || Double.isInfinite(delta)) {
            throw Checks.invalid("delta: expected a finite number >= 0, got " + delta);
        }
        if (!(lambda > 0) || Double.isInfinite(lambda)) {
            throw Checks.invalid("lambda: expected a finite number > 0, got " + lambda);
        }
        if (!(alpha > 0 && alpha <= 1)) {
            throw Checks.invalid("alpha: expected a fading factor in (0, 1], got " + alpha);
        }
        if (minObservations < 1) {
            throw Checks.invalid("minObservations: expected >= 1, got " + minObservations);
        }
        this.delta = delta;
        this.lambda = lambda;
        this.alpha = alpha;
        this.minObservations = minObservations;
    }

    /** A detector with delta 0.005, lambda 50, alpha 1 - 0.0001, minObservations 30. */
    public static PageHinkley withDefaults() {
        return new PageHinkley(DEFAULT_DELTA, DEFAULT_LAMBDA, DEFAULT_ALPHA, DEFAULT_MIN_OBSERVATIONS);
    }

    /**
     * Adds one value of the stream (e.g. one prediction's log loss).
     *
     * @param x the value, finite
     * @return the state after this value; after {@link State#DRIFT} the detector has reset
     * @throws dev.mlcycle.contracts.MlcycleException INVALID_ARGUMENT when x is NaN or infinite
     */
    public State update(double x) {
        if (!Double.isFinite(x)) {
            throw Checks.invalid("x: expected a finite value, got " + x);
        }
        observations++;
        mean += (x - mean) / observations;
        cumulative = alpha * cumulative + (x - mean - delta);
        minimum = Math.min(minimum, cumulative);
        if (observations >= minObservations && cumulative - minimum > lambda) {
            reset();
            return State.DRIFT;
        }
        return State.STABLE;
    }

    /** PH_T = m_T - M_T now; 0 before the first value. */
    public double statistic() {
        return cumulative - minimum;
    }

    /** lambda, the level {@link #statistic()} must pass (signalled only from {@code minObservations} values on). */
    public double threshold() {
        return lambda;
    }

    /** Values seen since the last reset. */
    public long observations() {
        return observations;
    }

    /** The running mean of the values since the last reset. */
    public double mean() {
        return mean;
    }

    public double delta() {
        return delta;
    }

    public double lambda() {
        return lambda;
    }

    public double alpha() {
        return alpha;
    }

    public int minObservations() {
        return minObservations;
    }

    /** Its parameters by name, as a report's {@code DetectorState} lists them: delta, lambda, alpha, min_observations. */
    public Map<String, Double> parameters() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("delta", delta);
        m.put("lambda", lambda);
        m.put("alpha", alpha);
        m.put("min_observations", (double) minObservations);
        return Collections.unmodifiableMap(m);
    }

    /** Everything this detector knows, to store and {@link #restore(PageHinkleyState)} later. */
    public PageHinkleyState snapshot() {
        return new PageHinkleyState(delta, lambda, alpha, minObservations, observations, mean, cumulative, minimum);
    }

    /**
     * A detector that continues exactly where the snapshot was taken.
     *
     * @throws dev.mlcycle.contracts.MlcycleException INVALID_ARGUMENT when the state is null or inconsistent
     *     (parameters out of range, negative observations, a value that is not finite, or a minimum above m_T)
     */
    public static PageHinkley restore(PageHinkleyState state) {
        Checks.notNull(state, "state");
        PageHinkley d = new PageHinkley(state.delta(), state.lambda(), state.alpha(), state.minObservations());
        if (state.observations() < 0) {
            throw Checks.invalid("state: expected observations >= 0, got " + state.observations());
        }
        if (!Double.isFinite(state.mean())
                || !Double.isFinite(state.cumulative())
                || !Double.isFinite(state.minimum())) {
            throw Checks.invalid("state: expected a finite mean, cumulative and minimum, got " + state.mean() + ", "
                    + state.cumulative() + " and " + state.minimum());
        }
        if (state.minimum() > state.cumulative()) {
            throw Checks.invalid(
                    "state: expected minimum <= cumulative, got " + state.minimum() + " > " + state.cumulative());
        }
        d.observations = state.observations();
        d.mean = state.mean();
        d.cumulative = state.cumulative();
        d.minimum = state.minimum();
        return d;
    }

    private void reset() {
        observations = 0;
        mean = 0.0;
        cumulative = 0.0;
        minimum = 0.0;
    }
}
