package dev.mlcycle.stats.drift;

/**
 * Everything a {@link Ddm} knows, for a changelogged state store: {@link Ddm#restore(DdmState)} continues
 * exactly where {@link Ddm#snapshot()} left off. All fields are finite, so the record writes to JSON as is.
 *
 * @param minObservations the parameter of that name
 * @param warningLevel the parameter of that name
 * @param driftLevel the parameter of that name
 * @param observations values seen since the last reset, {@code >= 0}
 * @param errors errors among them, {@code 0 <= errors <= observations}
 * @param minimumSet whether p_min and s_min have been set (only from {@code minObservations} on)
 * @param pMin p at the lowest p + s seen since the last reset (0 while {@code minimumSet} is false)
 * @param sMin s at the lowest p + s seen since the last reset (0 while {@code minimumSet} is false)
 */
public record DdmState(
        int minObservations,
        double warningLevel,
        double driftLevel,
        long observations,
        long errors,
        boolean minimumSet,
        double pMin,
        double sMin) {}
