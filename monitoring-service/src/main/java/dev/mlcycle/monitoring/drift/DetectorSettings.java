package dev.mlcycle.monitoring.drift;

/**
 * The parameters of the streaming detectors on a model version's labelled predictions.
 *
 * @param ddmMinObservations DDM: errors seen before it may warn or signal
 * @param ddmWarningLevel DDM: warn at p + s >= p_min + warningLevel * s_min
 * @param ddmDriftLevel DDM: signal at p + s >= p_min + driftLevel * s_min
 * @param phDelta Page-Hinkley: the magnitude of change tolerated
 * @param phLambda Page-Hinkley: the threshold on m_T - M_T
 * @param phAlpha Page-Hinkley: the forgetting factor of the running mean
 * @param phMinObservations Page-Hinkley: losses seen before it may signal
 */
public record DetectorSettings(
        int ddmMinObservations,
        double ddmWarningLevel,
        double ddmDriftLevel,
        double phDelta,
        double phLambda,
        double phAlpha,
        int phMinObservations) {
    public static DetectorSettings defaults() {
        return new DetectorSettings(1000, 2.0, 3.0, 0.03, 100.0, 1.0, 30);
    }
}
