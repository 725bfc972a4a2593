package dev.mlcycle.training.service;

import dev.mlcycle.features.LabelTarget;
import dev.mlcycle.training.learn.GridSearch;
import java.util.List;
import org.tribuo.Example;
import org.tribuo.Output;

/**
 * Stage 5 of a run, when the model has a grid ({@code trainer.grid.*}): chooses the hyper-parameters by k-fold
 * cross-validation on the train split, scored on the gate's compare metric. Input: the settings and the train
 * split; output: the {@link GridSearch.Result}.
 */
final class SearchStage {
    private SearchStage() {}

    /** How many fits the search makes. */
    static int fits(ModelSettings s) {
        return GridSearch.expand(s.params(), s.grid()).size() * s.cvFolds();
    }

    static <T extends Output<T>> GridSearch.Result search(
            ModelSettings s, List<Example<T>> train, LabelTarget<T> target, RunProgress progress) {
        boolean classification = target.isClassification();
        return GridSearch.search(
                s.algorithm(),
                s.params(),
                s.grid(),
                train,
                target.factory(),
                s.cvFolds(),
                s.seed(),
                p -> Learners.trainer(p, s.seed(), classification),
                Learners.scorer(s.gate().compareMetric(), s.spec()),
                e -> classification ? e.getOutput().toString() : "all",
                progress::advance);
    }
}
