package dev.mlcycle.monitoring.topology;

import dev.mlcycle.contracts.json.Codecs;
import dev.mlcycle.contracts.record.ModelRecord;
import dev.mlcycle.contracts.record.Prediction;
import dev.mlcycle.contracts.record.PredictionRecord;
import dev.mlcycle.contracts.spec.DatasetSpec;
import dev.mlcycle.monitoring.drift.Reference;
import dev.mlcycle.stats.profile.CategoricalProfile;
import dev.mlcycle.stats.profile.ClassificationPredictions;
import dev.mlcycle.stats.profile.FeatureProfile;
import dev.mlcycle.stats.profile.NumericProfile;
import dev.mlcycle.stats.profile.ProfileOptions;
import dev.mlcycle.stats.profile.ReferenceProfile;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * A small synthetic model for the topology tests: income ~ N(50 000, 15 000), region uniform over four, and a
 * classifier whose probability of "yes" is the logistic of standardised income. Its reference profile is built from
 * 10 000 rows with platform/stats' own profile code, as training builds one.
 */
final class Synthetic {
    static final String MODEL = "credit-test";
    static final String DATASET = "credit";
    static final List<String> REGIONS = List.of("north", "south", "east", "west");
    static final List<String> CLASSES = List.of("no", "yes");

    private Synthetic() {}

    /** A row of the stream, with the income shifted by {@code shift} standard deviations. */
    record Row(double income, String region, double pYes) {}

    static Row row(SplittableRandom rng, double shift) {
        double income = 50_000 + 15_000 * (gaussian(rng) + shift);
        String region = REGIONS.get(rng.nextInt(REGIONS.size()));
        double p = 1 / (1 + Math.exp(-(income - 50_000) / 15_000));
        return new Row(income, region, p);
    }

    static double gaussian(SplittableRandom rng) {
        double u = rng.nextDouble();
        double v = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
    }

    static Reference reference(int version) {
        SplittableRandom rng = new SplittableRandom(7);
        int n = 10_000;
        double[] incomes = new double[n];
        Map<String, Long> regions = new HashMap<>();
        double[][] probabilities = new double[n][];
        for (int i = 0; i < n; i++) {
            Row r = row(rng, 0);
            incomes[i] = r.income();
            regions.merge(r.region(), 1L, Long::sum);
            probabilities[i] = new double[] {1 - r.pYes(), r.pYes()};
        }
        ProfileOptions options = ProfileOptions.defaults();
        Map<String, FeatureProfile> features = new LinkedHashMap<>();
        features.put("income", NumericProfile.of(incomes, 0, options));
        features.put("region", CategoricalProfile.of(regions, 0, REGIONS));
        ReferenceProfile profile = ReferenceProfile.of(
                DATASET,
                n,
                Instant.parse("2026-01-01T00:00:00Z"),
                features,
                ClassificationPredictions.of(CLASSES, probabilities, 1, options));
        return new Reference(MODEL, version, profile, Map.of("accuracy", 0.70, "roc_auc", 0.75, "log_loss", 0.55));
    }

    /** The references of versions 1 and 2 and no dataset spec but "credit"'s. */
    static ReferenceSource references(DatasetSpec spec) {
        Map<Integer, Reference> refs = Map.of(1, reference(1), 2, reference(2));
        return new ReferenceSource() {
            @Override
            public Optional<Reference> reference(String model, int version) {
                return MODEL.equals(model) ? Optional.ofNullable(refs.get(version)) : Optional.empty();
            }

            @Override
            public Optional<DatasetSpec> spec(String dataset) {
                return DATASET.equals(dataset) ? Optional.of(spec) : Optional.empty();
            }
        };
    }

    static byte[] prediction(int version, String eventId, Row r, Instant time, Instant eventTime) {
        Map<String, Object> features = new LinkedHashMap<>();
        features.put("income", r.income());
        features.put("region", r.region());
        Map<String, Double> p = new LinkedHashMap<>();
        p.put("no", 1 - r.pYes());
        p.put("yes", r.pYes());
        PredictionRecord record = new PredictionRecord(
                "req-" + eventId,
                eventId,
                MODEL,
                version,
                ModelRecord.CHAMPION,
                features,
                Prediction.ofLabel(r.pYes() >= 0.5 ? "yes" : "no", p),
                time,
                1.0,
                eventTime);
        return Codecs.PREDICTION_RECORD.encode(record);
    }

    static byte[] label(String eventId, String label, Instant time) {
        return ("{\"event_id\":\"" + eventId + "\",\"default\":\"" + label + "\",\"label_time\":\"" + time + "\"}")
                .getBytes(StandardCharsets.UTF_8);
    }
}
