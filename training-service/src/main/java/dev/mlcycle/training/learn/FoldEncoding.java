package dev.mlcycle.training.learn;

import dev.mlcycle.contracts.spec.DatasetSpec;
import dev.mlcycle.features.EncoderState;
import dev.mlcycle.features.FeatureEncoder;
import dev.mlcycle.features.LabelTarget;
import dev.mlcycle.training.data.LabelledFrame;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tribuo.Example;
import org.tribuo.Output;
import org.tribuo.OutputFactory;

/**
 * The train split of a frame as {@link GridSearch} folds it: each fold fits its own {@link FeatureEncoder} on that
 * fold's training rows only and encodes its training and held-out rows with it. Imputation medians, scaling means
 * and deviations and learned categories therefore never see the rows the fold is scored on, as the final model's
 * encoder never sees the test split; fitting once on the whole train split would leak every held-out row into the
 * encoding it is scored through.
 *
 * @param <T> the output type
 */
public final class FoldEncoding<T extends Output<T>> implements GridSearch.TrainRows<T> {
    private final DatasetSpec spec;
    private final LabelledFrame frame;
    private final int trainEnd;
    private final LabelTarget<T> target;

    /**
     * The train split {@code [0, trainEnd)} of a frame.
     *
     * @param spec the dataset spec the encoder follows
     * @param frame the rows, ordered by event time
     * @param trainEnd the end of the train split
     * @param target makes each row's output from its label
     */
    public FoldEncoding(DatasetSpec spec, LabelledFrame frame, int trainEnd, LabelTarget<T> target) {
        this.spec = spec;
        this.frame = frame;
        this.trainEnd = trainEnd;
        this.target = target;
    }

    @Override
    public int size() {
        return trainEnd;
    }

    @Override
    public String stratum(int row) {
        return target.isClassification() ? target.output(frame.label(row)).toString() : "all";
    }

    @Override
    public OutputFactory<T> factory() {
        return target.factory();
    }

    @Override
    public GridSearch.Fold<T> fold(int[] fitRows, int[] heldOutRows) {
        EncoderState state = FeatureEncoder.fit(spec, rows(fitRows));
        FeatureEncoder encoder = FeatureEncoder.of(state);
        return new GridSearch.Fold<>(examples(encoder, fitRows), examples(encoder, heldOutRows));
    }

    private List<Map<String, Object>> rows(int[] indices) {
        return new AbstractList<>() {
            @Override
            public Map<String, Object> get(int i) {
                return frame.row(indices[i]);
            }

            @Override
            public int size() {
                return indices.length;
            }
        };
    }

    private List<Example<T>> examples(FeatureEncoder encoder, int[] indices) {
        List<Example<T>> out = new ArrayList<>(indices.length);
        for (int row : indices) {
            out.add(encoder.example(frame.row(row), target.output(frame.label(row))));
        }
        return out;
    }
}
