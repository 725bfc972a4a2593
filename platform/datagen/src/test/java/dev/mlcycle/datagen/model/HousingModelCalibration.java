package dev.mlcycle.datagen.model;

import java.util.Locale;

/**
 * Prints {@link HousingModel}'s calibrated constants: {@code HousingModelCalibration [rows] [seed]} (defaults
 * 2,000,000 rows, seed 20260101). A tool for whoever changes the model, not a test, and not part of the jar: run it
 * from the test class path.
 */
public final class HousingModelCalibration {
    private HousingModelCalibration() {}

    public static void main(String[] args) {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 20260101L;
        HousingModel m = HousingModel.load();
        HousingModel.Calibration c = m.calibrate(rows, seed);
        System.out.printf(Locale.ROOT, "rows=%d seed=%d%n", rows, seed);
        System.out.printf(Locale.ROOT, "PRICE_MEAN = %.6f%nPRICE_SD = %.6f%n", c.priceMean(), c.priceSd());
        System.out.printf(Locale.ROOT, "Bayes R^2 = %.4f%n", c.bayesR2());
        for (int i = 0; i < c.mean().length; i++) {
            System.out.printf(
                    Locale.ROOT,
                    "%-14s mean=%.6f sd=%.6f%n",
                    m.spec().features().get(i).name(),
                    c.mean()[i],
                    c.sd()[i]);
        }
    }
}
