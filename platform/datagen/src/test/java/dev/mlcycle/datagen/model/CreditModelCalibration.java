package dev.mlcycle.datagen.model;

import java.util.Locale;

/**
 * Prints {@link CreditModel}'s calibrated constants: {@code CreditModelCalibration [rows] [seed] [targetRate]}
 * (defaults 2,000,000 rows, seed 20260101, rate 0.15). A tool for whoever changes the model, not a test, and
 * not part of the jar: run it from the test class path.
 */
public final class CreditModelCalibration {
    private CreditModelCalibration() {}

    public static void main(String[] args) {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 20260101L;
        double target = args.length > 2 ? Double.parseDouble(args[2]) : 0.15;
        CreditModel m = CreditModel.load();
        CreditModel.Calibration c = m.calibrate(rows, seed, target);
        System.out.printf(Locale.ROOT, "rows=%d seed=%d%n", rows, seed);
        System.out.printf(Locale.ROOT, "BASE_RATE = %.6f%n", c.baseRate());
        System.out.printf(Locale.ROOT, "intercept for rate %.3f = %.6f%n", target, c.interceptForRate());
        System.out.printf(Locale.ROOT, "DRIFTED_INTERCEPT = %.6f%n", c.driftedIntercept());
        for (int i = 0; i < c.mean().length; i++) {
            System.out.printf(
                    Locale.ROOT,
                    "%-22s mean=%.6f sd=%.6f%n",
                    m.spec().features().get(i).name(),
                    c.mean()[i],
                    c.sd()[i]);
        }
    }
}
