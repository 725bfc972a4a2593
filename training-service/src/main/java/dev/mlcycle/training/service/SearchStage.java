package dev.mlcycle.training.service;

import dev.mlcycle.features.LabelTarget;
import dev.mlcycle.training.data.LabelledFrame;
import dev.mlcycle.training.data.TimeSplit;
import dev.mlcycle.training.learn.FoldEncoding;
import dev.mlcycle.training.learn.GridSearch;
import org.tribuo.Output;

/**
 * Stage 5 of a run, when the model has a grid ({@code trainer.grid.*}): chooses the hyper-parameters by k-fold
 * cross-validation on the train split, scored on the gate's compare metric, each fold encoded by an encoder fitted
 * on that fold's training rows only ({@link FoldEncoding}). Input: the settings, the frame and its split; output:
 * the {@link GridSearch.Result}.
 */
final class SearchStage {
    private SearchStage() {}

    /** How many fits the search makes. */
    static int fits(ModelSettings s) {
        return GridSearch.expand(s.params(), s.grid()).size() * s.cvFolds();
    }

    static <T extends Output<T>> GridSearch.Result search(
            ModelSettings s, LabelledFrame frame, TimeSplit split, LabelTarget<T> target, RunProgress progress) {
        return GridSearch.search(
                s.algorithm(),
                s.params(),
                s.grid(),
                new FoldEncoding<>(s.spec(), frame, split.trainEnd(), target),
                s.cvFolds(),
                s.seed(),
                p -> Learners.trainer(p, s.seed(), target.isClassification()),
                Learners.scorer(s.gate().compareMetric(), s.spec()),
                progress::advance);
    }
}
