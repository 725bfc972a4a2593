package dev.mlcycle.training.service;

import dev.mlcycle.stats.metrics.Bootstrap;
import dev.mlcycle.stats.metrics.BootstrapResult;
import dev.mlcycle.stats.metrics.PositiveClass;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.Output;

/**
 * Stage 7 of a run: scores the candidate on the test split (with seeded bootstrap 95 % intervals) and on the
 * validation split. Input: the settings, the model and the encoded splits; output: {@link Evaluation}, whose
 * {@code metrics} are the run record's (test metrics, {@code <metric>.ci_low}/{@code .ci_high},
 * {@code validation.<metric>}). A non-finite output fails here, before anything is registered.
 */
final class EvaluateStage {
    private EvaluateStage() {}

    /**
     * A candidate's scores.
     *
     * @param test its outputs and metrics on the test split
     * @param validation its outputs and metrics on the validation split, or null when that split is empty
     * @param intervals the test metrics' bootstrap intervals
     * @param metrics the run record's metrics
     */
    record Evaluation(Scoring test, Scoring validation, BootstrapResult intervals, Map<String, Double> metrics) {}

    static <T extends Output<T>> Evaluation evaluate(
            ModelSettings s, Model<T> model, List<Example<T>> validation, List<Example<T>> test) {
        List<String> classes = s.spec().label().values();
        boolean classification = s.spec().label().isClassification();
        Scoring testScore = Learners.score(model, test, classes, classification);
        Scoring validationScore =
                validation.isEmpty() ? null : Learners.score(model, validation, classes, classification);
        Bootstrap bootstrap = Bootstrap.withSeed(s.seed()).withResamples(s.bootstrapResamples());
        BootstrapResult intervals = classification
                ? bootstrap.classification(
                        classes, testScore.actual(), testScore.probabilities(), PositiveClass.of(classes))
                : bootstrap.regression(testScore.actualValues(), testScore.predictions());
        Map<String, Double> metrics = new LinkedHashMap<>(testScore.metrics());
        intervals.intervals().forEach((name, ci) -> {
            metrics.put(name + ".ci_low", ci.lower());
            metrics.put(name + ".ci_high", ci.upper());
        });
        if (validationScore != null) {
            validationScore.metrics().forEach((name, v) -> metrics.put("validation." + name, v));
        }
        return new Evaluation(testScore, validationScore, intervals, metrics);
    }
}
