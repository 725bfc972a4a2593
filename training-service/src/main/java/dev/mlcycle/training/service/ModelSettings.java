package dev.mlcycle.training.service;

import dev.mlcycle.contracts.spec.DatasetSpec;
import dev.mlcycle.features.check.DataLimits;
import dev.mlcycle.training.learn.Algorithm;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * How one run of a model trains: the model's configuration with a manual request's overrides applied, every
 * value checked. The run record and the model card carry these.
 *
 * @param model the model name
 * @param spec the dataset spec
 * @param algorithm the learning algorithm
 * @param params its parameters as given (defaults are filled in when resolved)
 * @param grid candidate values per parameter for a grid search, empty for none
 * @param cvFolds folds of the grid search's cross-validation
 * @param seed the seed of trainer, folds and bootstrap
 * @param window train only on events this long before the snapshot's newest, or empty for all
 * @param trainShare the oldest share fitted on
 * @param validationShare the next share, evaluated and reported
 * @param limits what the data must satisfy
 * @param gate the promotion gate
 * @param promoteTo the alias a passing candidate gets: champion or challenger
 * @param bootstrapResamples resamples for the test metrics' confidence intervals
 * @param cooldown automatic triggers within this time after a run are coalesced
 */
public record ModelSettings(
        String model,
        DatasetSpec spec,
        Algorithm algorithm,
        Map<String, String> params,
        Map<String, String> grid,
        int cvFolds,
        long seed,
        Optional<Duration> window,
        double trainShare,
        double validationShare,
        DataLimits limits,
        Gate gate,
        String promoteTo,
        int bootstrapResamples,
        Duration cooldown) {

    public ModelSettings {
        params = Map.copyOf(params);
        grid = Map.copyOf(grid);
    }

    /** These settings with another algorithm and parameters (and no grid), as a manual request asks. */
    public ModelSettings withTrainer(Algorithm newAlgorithm, Map<String, String> newParams) {
        return with(newAlgorithm, newParams, Map.of(), seed);
    }

    /** These settings with another seed. */
    public ModelSettings withSeed(long newSeed) {
        return with(algorithm, params, grid, newSeed);
    }

    private ModelSettings with(
            Algorithm newAlgorithm, Map<String, String> newParams, Map<String, String> newGrid, long newSeed) {
        return new ModelSettings(
                model,
                spec,
                newAlgorithm,
                newParams,
                newGrid,
                cvFolds,
                newSeed,
                window,
                trainShare,
                validationShare,
                limits,
                gate,
                promoteTo,
                bootstrapResamples,
                cooldown);
    }
}
