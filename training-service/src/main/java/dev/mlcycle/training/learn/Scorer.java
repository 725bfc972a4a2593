package dev.mlcycle.training.learn;

import java.util.List;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.Output;

/**
 * Scores a model on held-out examples by one metric, for choosing among grid candidates.
 *
 * @param <T> the output type
 */
public interface Scorer<T extends Output<T>> {
    /** The metric's name, as in the run's metrics ({@code roc_auc}, {@code rmse}). */
    String metric();

    /** Whether a higher score is better ({@code roc_auc}) or a lower one ({@code rmse}, {@code log_loss}). */
    boolean higherIsBetter();

    /** The model's score on these examples. */
    double score(Model<T> model, List<Example<T>> heldOut);
}
