package dev.mlcycle.stats.drift;

/**
 * Everything a {@link PageHinkley} detector knows, for a changelogged state store: {@link
 * PageHinkley#restore(PageHinkleyState)} continues exactly where {@link PageHinkley#snapshot()} left off. All
 * fields are finite, so the record writes to JSON as is.
 *
 * @param delta the parameter of that name
 * @param lambda the parameter of that name
 * @param alpha the parameter of that name
 * @param minObservations the parameter of that name
 * @param observations values seen since the last reset, {@code >= 0}
 * @param mean the running mean of those values (0 before the first)
 * @param cumulative m_T, the faded cumulative deviation (0 before the first value)
 * @param minimum M_T, the lowest m_t since the last reset (0 before the first value)
 */
public record PageHinkleyState(
        double delta,
        double lambda,
        double alpha,
        int minObservations,
        long observations,
        double mean,
        double cumulative,
        double minimum) {}
