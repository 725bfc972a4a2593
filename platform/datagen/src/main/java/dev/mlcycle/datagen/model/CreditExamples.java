package dev.mlcycle.datagen.model;

import dev.mlcycle.contracts.record.FeatureEvent;
import java.time.Instant;
import java.util.LinkedHashMap;

/**
 * Hand-made valid events of the {@code credit} dataset, for tests and examples that need a few specific rows rather
 * than a generated stream. Every value is inside the spec's ranges and categories; change one to make it invalid.
 */
public final class CreditExamples {
    private static final String[] REGIONS = {"north", "south", "east", "west", "central"};
    private static final String[] EMPLOYMENT = {"salaried", "self_employed", "unemployed", "retired", "student"};

    private CreditExamples() {}

    /**
     * The features of example {@code i}, in spec order: a few vary with {@code i} (income, region, employment,
     * has_mortgage; months_employed is null for every seventh), the rest are fixed. Mutable, so a caller can change one.
     */
    public static LinkedHashMap<String, Object> features(int i) {
        LinkedHashMap<String, Object> f = new LinkedHashMap<>();
        f.put("income", 40_000.0 + i);
        f.put("age", 30L);
        f.put("debt_ratio", 0.25);
        f.put("utilization", 0.5);
        f.put("delinquencies", 0L);
        f.put("credit_history_months", 120L);
        f.put("open_accounts", 4L);
        f.put("loan_amount", 12_000.0);
        f.put("months_employed", i % 7 == 0 ? null : 24.0);
        f.put("region", REGIONS[Math.floorMod(i, REGIONS.length)]);
        f.put("employment", EMPLOYMENT[Math.floorMod(i, EMPLOYMENT.length)]);
        f.put("purpose", "car");
        f.put("has_mortgage", i % 2 == 0);
        return f;
    }

    /** Example {@code i} as an event without an inline label. */
    public static FeatureEvent event(int i, String id, String key, Instant time) {
        return new FeatureEvent(id, key, time, features(i), null);
    }
}
