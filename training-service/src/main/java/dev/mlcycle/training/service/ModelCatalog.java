package dev.mlcycle.training.service;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.contracts.record.ModelRecord;
import dev.mlcycle.contracts.spec.DatasetCatalog;
import dev.mlcycle.contracts.spec.DatasetSpec;
import dev.mlcycle.features.check.DataLimits;
import dev.mlcycle.registry.state.ModelNames;
import dev.mlcycle.training.config.TrainingConfig;
import dev.mlcycle.training.data.TimeSplit;
import dev.mlcycle.training.learn.Algorithm;
import dev.mlcycle.training.learn.GridSearch;
import dev.mlcycle.training.learn.Hyperparameters;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * The models this service trains, their configuration resolved into {@link ModelSettings} and checked once at
 * start-up: the model name, the dataset (its spec must be known), the algorithm against the label, every
 * parameter and grid value, the split shares, the gate's metrics and alias. A bad model configuration stops the
 * service with a message naming the key, rather than failing the first run hours later.
 */
public final class ModelCatalog {
    private final Map<String, ModelSettings> models = new TreeMap<>();

    /**
     * Resolves and checks every configured model.
     *
     * @throws MlcycleException {@link Reason#INVALID_ARGUMENT} naming the configuration key at fault
     */
    public ModelCatalog(Map<String, TrainingConfig.Model> configured, DatasetCatalog datasets) {
        for (Map.Entry<String, TrainingConfig.Model> e : configured.entrySet()) {
            String key = "training.models." + e.getKey();
            try {
                models.put(e.getKey(), resolve(e.getKey(), e.getValue(), datasets));
            } catch (MlcycleException ex) {
                throw new MlcycleException(ex.reason(), key + ": " + ex.getMessage(), ex);
            } catch (IllegalArgumentException ex) {
                throw new MlcycleException(Reason.INVALID_ARGUMENT, key + ": " + ex.getMessage(), ex);
            }
        }
    }

    private static ModelSettings resolve(String name, TrainingConfig.Model m, DatasetCatalog datasets) {
        ModelNames.require(name);
        DatasetSpec spec = datasets.load(m.dataset());
        Algorithm algorithm = Algorithm.of(m.trainer().algorithm());
        algorithm.requireFits(spec.label().isClassification(), spec.name());
        Hyperparameters.resolve(algorithm, m.trainer().params());
        for (Map<String, String> combo :
                GridSearch.expand(m.trainer().params(), m.trainer().grid())) {
            Hyperparameters.resolve(algorithm, combo);
        }
        if (!m.trainer().grid().isEmpty() && m.trainer().cvFolds() < 2) {
            throw new IllegalArgumentException(
                    "trainer.cv-folds: expected at least 2, got " + m.trainer().cvFolds());
        }
        TimeSplit.of(1_000_000, m.split().train(), m.split().validation());
        TrainingConfig.DataChecks v = m.validation();
        requireShare("validation.max-null-share", v.maxNullShare());
        requireShare("validation.min-class-share", v.minClassShare());
        requireShare("validation.max-out-of-range-share", v.maxOutOfRangeShare());
        if (v.minRows() < 10) {
            throw new IllegalArgumentException("validation.min-rows: expected at least 10, got " + v.minRows());
        }
        TrainingConfig.Gate g = m.gate();
        String compare = g.compareMetric().orElse(spec.label().isClassification() ? "roc_auc" : "rmse");
        if (!(g.tolerance() >= 0)) {
            throw new IllegalArgumentException("gate.tolerance: expected a number >= 0, got " + g.tolerance());
        }
        if (g.minCompareRows() < 1) {
            throw new IllegalArgumentException("gate.min-compare-rows: expected at least 1, got " + g.minCompareRows());
        }
        String promoteTo = g.promoteTo();
        if (!promoteTo.equals(ModelRecord.CHAMPION) && !promoteTo.equals(ModelRecord.CHALLENGER)) {
            throw new IllegalArgumentException("gate.promote-to: expected champion or challenger, got " + promoteTo);
        }
        if (m.evaluation().bootstrapResamples() < 10) {
            throw new IllegalArgumentException("evaluation.bootstrap-resamples: expected at least 10, got "
                    + m.evaluation().bootstrapResamples());
        }
        if (m.triggers().newRows().isPresent() && m.triggers().newRows().getAsLong() < 1) {
            throw new IllegalArgumentException("triggers.new-rows: expected at least 1, got "
                    + m.triggers().newRows().getAsLong());
        }
        return new ModelSettings(
                name,
                spec,
                algorithm,
                m.trainer().params(),
                m.trainer().grid(),
                m.trainer().cvFolds(),
                m.seed(),
                m.window(),
                m.split().train(),
                m.split().validation(),
                new DataLimits(v.minRows(), v.maxNullShare(), v.minClassShare(), v.maxOutOfRangeShare()),
                new Gate(g.min(), g.max(), compare, g.tolerance(), g.minCompareRows()),
                promoteTo,
                m.evaluation().bootstrapResamples(),
                m.triggers().cooldown());
    }

    private static void requireShare(String key, double v) {
        if (!(v >= 0 && v <= 1)) {
            throw new IllegalArgumentException(key + ": expected a share in [0, 1], got " + v);
        }
    }

    /**
     * The settings of a configured model.
     *
     * @throws MlcycleException {@link Reason#MODEL_NOT_FOUND} naming the configured ones
     */
    public ModelSettings settings(String model) {
        ModelSettings s = models.get(model);
        if (s == null) {
            throw new MlcycleException(
                    Reason.MODEL_NOT_FOUND,
                    "model \"" + model + "\" is not configured; training-service trains " + models.keySet()
                            + " (add training.models." + model + ".dataset to train it)");
        }
        return s;
    }

    /** Every configured model's settings, by name. */
    public Collection<ModelSettings> all() {
        return models.values();
    }
}
