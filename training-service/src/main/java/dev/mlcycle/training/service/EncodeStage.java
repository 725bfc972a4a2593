package dev.mlcycle.training.service;

import dev.mlcycle.contracts.spec.DatasetSpec;
import dev.mlcycle.features.EncoderState;
import dev.mlcycle.features.FeatureEncoder;
import dev.mlcycle.features.LabelTarget;
import dev.mlcycle.training.data.LabelledFrame;
import dev.mlcycle.training.data.TimeSplit;
import java.util.ArrayList;
import java.util.List;
import org.tribuo.Example;
import org.tribuo.Output;

/**
 * Stage 4 of a run: fits the feature encoder on the train split only and encodes every split with it. Input: the
 * frame, its time split and the label target; output: {@link Encoded}, the encoder state that goes into the bundle
 * and the examples of each split.
 */
final class EncodeStage {
    private EncodeStage() {}

    /**
     * The encoded splits.
     *
     * @param state the encoder state fitted on the train split
     * @param encoder an encoder applying it
     * @param train the train split's examples
     * @param validation the validation split's examples
     * @param test the test split's examples
     */
    record Encoded<T extends Output<T>>(
            EncoderState state,
            FeatureEncoder encoder,
            List<Example<T>> train,
            List<Example<T>> validation,
            List<Example<T>> test) {}

    static <T extends Output<T>> Encoded<T> encode(
            DatasetSpec spec, LabelledFrame frame, TimeSplit split, LabelTarget<T> target, RunProgress progress) {
        EncoderState state = FeatureEncoder.fit(spec, frame.rows(0, split.trainEnd()));
        FeatureEncoder encoder = FeatureEncoder.of(state);
        return new Encoded<>(
                state,
                encoder,
                examples(encoder, frame, 0, split.trainEnd(), target, progress),
                examples(encoder, frame, split.trainEnd(), split.validationEnd(), target, progress),
                examples(encoder, frame, split.validationEnd(), frame.size(), target, progress));
    }

    /** Rows {@code [from, to)} of the frame as examples of this encoder, labelled with their true outputs. */
    static <T extends Output<T>> List<Example<T>> examples(
            FeatureEncoder encoder,
            LabelledFrame frame,
            int from,
            int to,
            LabelTarget<T> target,
            RunProgress progress) {
        List<Example<T>> out = new ArrayList<>(to - from);
        for (int row = from; row < to; row++) {
            out.add(encoder.example(frame.row(row), target.output(frame.label(row))));
            if ((row & 0xFFFF) == 0) {
                progress.advance(row, frame.size());
            }
        }
        return out;
    }
}
