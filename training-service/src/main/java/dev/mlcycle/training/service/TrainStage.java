package dev.mlcycle.training.service;

import dev.mlcycle.features.LabelTarget;
import dev.mlcycle.training.learn.GridSearch;
import dev.mlcycle.training.learn.Hyperparameters;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Output;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * Stage 6 of a run: fits the seeded trainer of the chosen hyper-parameters on the train split. Input: the
 * settings, the chosen parameters (and the search that chose them, if any), the train examples and where they came
 * from; output: {@link Fit}, the model and how long fitting took by the injected clock.
 */
final class TrainStage {
    private final Clock clock;

    TrainStage(Clock clock) {
        this.clock = clock;
    }

    /**
     * A fitted candidate.
     *
     * @param chosen the hyper-parameters it was trained with
     * @param search the grid search that chose them, or null when none was made
     * @param model the model
     * @param trainingSeconds how long fitting took
     */
    record Fit<T extends Output<T>>(
            Hyperparameters chosen, GridSearch.Result search, Model<T> model, double trainingSeconds) {}

    <T extends Output<T>> Fit<T> train(
            ModelSettings s,
            Hyperparameters chosen,
            GridSearch.Result search,
            List<Example<T>> train,
            LabelTarget<T> target,
            String source) {
        MutableDataset<T> trainSet =
                new MutableDataset<>(new SimpleDataSourceProvenance(source, target.factory()), target.factory());
        trainSet.addAll(train);
        Instant start = clock.instant();
        Model<T> model =
                Learners.<T>trainer(chosen, s.seed(), target.isClassification()).train(trainSet);
        double seconds = Duration.between(start, clock.instant()).toNanos() / 1e9;
        return new Fit<>(chosen, search, model, seconds);
    }
}
