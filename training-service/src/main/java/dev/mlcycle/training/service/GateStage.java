package dev.mlcycle.training.service;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.contracts.record.GateDecision;
import dev.mlcycle.contracts.record.ModelRecord;
import dev.mlcycle.contracts.record.ModelVersion;
import dev.mlcycle.features.FeatureEncoder;
import dev.mlcycle.features.LabelTarget;
import dev.mlcycle.registry.Registry;
import dev.mlcycle.training.adapter.ModelBundles;
import dev.mlcycle.training.data.LabelledFrame;
import dev.mlcycle.training.data.TimeSplit;
import java.io.IOException;
import java.util.List;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.Output;

/**
 * Stage 8 of a run: the promotion gate. Loads the model's champion (if any) through its verified bundle, scores it
 * with its own encoder on the candidate's test rows, and lets the {@link Gate} decide. Input: the settings and the
 * candidate; output: the {@link GateDecision}, which ends the run REJECTED when it did not pass.
 */
final class GateStage {
    private final Registry registry;

    GateStage(Registry registry) {
        this.registry = registry;
    }

    <T extends Output<T>> GateDecision gate(ModelSettings s, Candidate<T> candidate, LabelTarget<T> target) {
        Gate.Champion champion = championOn(s, candidate.data().frame(), candidate.split(), target);
        return s.gate().decide(candidate.evaluation().test().metrics(), champion);
    }

    /**
     * The champion scored on the candidate's test split, through its own bundle's encoder; null when the model has
     * no champion yet.
     */
    private <T extends Output<T>> Gate.Champion championOn(
            ModelSettings s, LabelledFrame frame, TimeSplit split, LabelTarget<T> target) {
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
        List<Example<T>> test =
                EncodeStage.examples(encoder, frame, split.validationEnd(), frame.size(), target, new RunProgress());
        return new Gate.Champion(
                champion.version(),
                Learners.score(model, test, s.spec().label().values(), target.isClassification())
                        .metrics());
    }
}
