package dev.mlcycle.monitoring.drift;

/**
 * When a window's test says drift (the reasoning and the measurements behind the defaults are in DESIGN.md).
 *
 * @param q the false discovery rate of the Benjamini-Hochberg correction across a window's p-values, in (0, 1)
 * @param ksEffectFloor the KS distance D a numeric input (or the model's numeric output) must reach, in [0, 1]
 * @param jsEffectFloor the Jensen-Shannon distance (base 2) a categorical input (or the predicted classes) must
 *     reach, in [0, 1]
 * @param minRows the fewest rows a window needs to be tested at all, {@code >= 1}
 */
public record DriftRules(double q, double ksEffectFloor, double jsEffectFloor, int minRows) {
    public static final double DEFAULT_Q = 0.05;
    public static final double DEFAULT_KS_FLOOR = 0.07;
    public static final double DEFAULT_JS_FLOOR = 0.05;
    public static final int DEFAULT_MIN_ROWS = 100;

    public DriftRules {
        if (!(q > 0 && q < 1)) {
            throw new IllegalArgumentException("q: expected a rate in (0, 1), got " + q);
        }
        if (!(ksEffectFloor >= 0 && ksEffectFloor <= 1)) {
            throw new IllegalArgumentException("ks effect floor: expected 0 to 1, got " + ksEffectFloor);
        }
        if (!(jsEffectFloor >= 0 && jsEffectFloor <= 1)) {
            throw new IllegalArgumentException("js effect floor: expected 0 to 1, got " + jsEffectFloor);
        }
        if (minRows < 1) {
            throw new IllegalArgumentException("min rows: expected 1 or more, got " + minRows);
        }
    }

    public static DriftRules defaults() {
        return new DriftRules(DEFAULT_Q, DEFAULT_KS_FLOOR, DEFAULT_JS_FLOOR, DEFAULT_MIN_ROWS);
    }
}
