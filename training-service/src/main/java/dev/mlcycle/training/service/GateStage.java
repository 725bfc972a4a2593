package dev.mlcycle.training.service;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.contracts.record.GateDecision;
import dev.mlcycle.contracts.record.ModelRecord;
import dev.mlcycle.contracts.record.ModelVersion;
import dev.mlcycle.features.FeatureEncoder;
import dev.mlcycle.features.LabelTarget;
import dev.mlcycle.registry.Registry;
import dev.mlcycle.registry.bundle.ModelBundles;
import dev.mlcycle.training.data.LabelledFrame;
import dev.mlcycle.training.data.TimeSplit;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.Output;

/**
 * Stage 8 of a run: the promotion gate. Loads the model's champion (if any) through its verified bundle and scores
 * it with its own encoder on the candidate's test rows, leaving out the rows it may have been trained on ({@link
 * TrainedRange}, from its model card): those are left out of the candidate's score too, so both are compared on the
 * same rows, neither on rows it learned from. Then the {@link Gate} decides. Input: the settings and the candidate;
 * output: the {@link GateDecision}, which ends the run REJECTED when it did not pass.
 */
final class GateStage {
    private final Registry registry;

    GateStage(Registry registry) {
        this.registry = registry;
    }

    <T extends Output<T>> GateDecision gate(ModelSettings s, Candidate<T> candidate, LabelTarget<T> target) {
        return s.gate().decide(candidate.evaluation().test().metrics(), championOn(s, candidate, target));
    }

    /**
     * The rows of the test split (as offsets into it) that a model with this trained range cannot have learned
     * from, in order.
     */
    static int[] comparable(LabelledFrame frame, TimeSplit split, TrainedRange range) {
        int[] kept = new int[split.testRows()];
        int n = 0;
        for (int row = split.validationEnd(); row < frame.size(); row++) {
            if (!range.mayHaveTrainedOn(frame.eventTimeMicros(row))) {
                kept[n++] = row - split.validationEnd();
            }
        }
        return Arrays.copyOf(kept, n);
    }

    /**
     * The champion scored on the candidate's test rows it cannot have trained on, through its own bundle's encoder;
     * null when the model has no champion yet.
     */
    private <T extends Output<T>> Gate.Champion championOn(
            ModelSettings s, Candidate<T> candidate, LabelTarget<T> target) {
        ModelRecord record = registry.get(s.model()).orElse(null);
        if (record == null || record.champion().isEmpty()) {
            return null;
        }
        ModelVersion champion = record.champion().get();
        ModelBundles.Loaded bundle;
        try {
            bundle = ModelBundles.load(registry.openBundle(s.model(), champion.version()));
        } catch (IOException e) {
            throw new MlcycleException(
                    Reason.UNAVAILABLE,
                    "could not load champion " + s.model() + " v" + champion.version() + " to score it: "
                            + e.getMessage(),
                    e);
        }
        FeatureEncoder encoder = FeatureEncoder.of(bundle.encoder());
        encoder.state().requireCompatible(s.spec());
        @SuppressWarnings("unchecked")
        Model<T> model = (Model<T>) bundle.model();
        LabelledFrame frame = candidate.data().frame();
        TimeSplit split = candidate.split();
        List<String> classes = s.spec().label().values();
        boolean classification = target.isClassification();
        TrainedRange range = TrainedRange.of(champion.version(), bundle.card());
        int[] kept = comparable(frame, split, range);
        int leftOut = split.testRows() - kept.length;
        if (leftOut == 0) {
            List<Example<T>> test = EncodeStage.examples(
                    encoder, frame, split.validationEnd(), frame.size(), target, new RunProgress());
            return new Gate.Champion(
                    champion.version(),
                    Learners.score(model, test, classes, classification).metrics());
        }
        if (kept.length < s.gate().minCompareRows()) {
            return new Gate.Champion(champion.version(), Map.of(), Map.of(), split.testRows(), leftOut, range.reason());
        }
        List<Example<T>> championRows = new ArrayList<>(kept.length);
        List<Example<T>> candidateRows = new ArrayList<>(kept.length);
        for (int offset : kept) {
            int row = split.validationEnd() + offset;
            championRows.add(encoder.example(frame.row(row), target.output(frame.label(row))));
            candidateRows.add(candidate.encoded().test().get(offset));
        }
        return new Gate.Champion(
                champion.version(),
                Learners.score(model, championRows, classes, classification).metrics(),
                Learners.score(candidate.fit().model(), candidateRows, classes, classification)
                        .metrics(),
                split.testRows(),
                leftOut,
                range.reason());
    }
}
