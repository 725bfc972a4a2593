package dev.mlcycle.monitoring.drift;

import dev.mlcycle.stats.profile.ClassificationPredictions;
import dev.mlcycle.stats.profile.PredictionProfile;
import dev.mlcycle.stats.profile.ReferenceProfile;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a window of one model version is compared with: the version's reference profile (its training data and its
 * predictions on the test split, frozen bins included) and its test metrics from the model card.
 *
 * @param model the model
 * @param version the version
 * @param profile the reference profile from the version's bundle
 * @param testMetrics the model card's metrics on the test split, by name (the baseline of performance)
 */
public record Reference(String model, int version, ReferenceProfile profile, Map<String, Double> testMetrics) {
    public Reference {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(profile, "profile");
        testMetrics = Map.copyOf(testMetrics == null ? Map.of() : testMetrics);
    }

    /** The model's dataset. */
    public String dataset() {
        return profile.dataset();
    }

    /** Whether the model is a classifier. */
    public boolean classification() {
        return profile.predictions() instanceof ClassificationPredictions;
    }

    /** The class names in the model's order; empty for regression. */
    public List<String> classes() {
        PredictionProfile p = profile.predictions();
        return p instanceof ClassificationPredictions c ? c.predictedClasses().categories() : List.of();
    }

    /** The positive class, or null for a regression or multiclass model. */
    public String positiveClass() {
        return profile.predictions() instanceof ClassificationPredictions c ? c.positiveClass() : null;
    }
}
