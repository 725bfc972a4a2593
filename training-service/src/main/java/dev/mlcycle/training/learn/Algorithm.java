package dev.mlcycle.training.learn;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The learning algorithms a model can be trained with, each a configured Tribuo trainer (see {@link
 * TrainerFactory}), with the parameters it takes.
 */
public enum Algorithm {
    /** Multinomial logistic regression fitted by AdaGrad SGD (Tribuo {@code LinearSGDTrainer} + LogMulticlass). */
    LOGISTIC_REGRESSION("logistic-regression", true, false, Params.SGD),
    /** Gradient-boosted trees (XGBoost 1.6 through Tribuo), for classification or regression. */
    XGBOOST(
            "xgboost",
            true,
            true,
            List.of(
                    Param.ofInt("trees", 50, 1, 5000, "boosting rounds"),
                    Param.ofDouble("eta", 0.3, 1e-4, 1, "learning rate"),
                    Param.ofInt("max-depth", 6, 1, 20, "depth of each tree"),
                    Param.ofDouble("min-child-weight", 1, 0, 1e6, "least hessian weight in a leaf"),
                    Param.ofDouble("gamma", 0, 0, 1e6, "least loss reduction to split"),
                    Param.ofDouble("subsample", 1, 0.01, 1, "share of rows per tree"),
                    Param.ofDouble("colsample", 1, 0.01, 1, "share of features per tree"),
                    Param.ofDouble("lambda", 1, 0, 1e6, "L2 regularisation"),
                    Param.ofDouble("alpha", 0, 0, 1e6, "L1 regularisation"),
                    Param.ofInt("threads", 1, 1, 256, "XGBoost threads (1 keeps runs bit-reproducible)"))),
    /** One classification and regression tree (Tribuo CART, Gini impurity). */
    CART(
            "cart",
            true,
            false,
            List.of(
                    Param.ofInt("max-depth", 8, 1, 64, "depth of the tree"),
                    Param.ofDouble("min-child-weight", 5, 0, 1e9, "least example weight in a leaf"),
                    Param.ofDouble("min-impurity-decrease", 0, 0, 1, "least impurity decrease to split"))),
    /** A random forest of CART trees on bootstrap samples, probabilities averaged. */
    RANDOM_FOREST(
            "random-forest",
            true,
            false,
            List.of(
                    Param.ofInt("trees", 20, 1, 1000, "trees in the forest"),
                    Param.ofInt("max-depth", 12, 1, 64, "depth of each tree"),
                    Param.ofDouble("min-child-weight", 5, 0, 1e9, "least example weight in a leaf"),
                    Param.ofDouble("feature-fraction", 0.5, 0.01, 1, "share of features tried per split"))),
    /** Linear least squares fitted by AdaGrad SGD (Tribuo regression {@code LinearSGDTrainer} + SquaredLoss). */
    LINEAR_REGRESSION("linear-regression", false, true, Params.SGD);

    /** Parameter lists more than one algorithm takes. */
    private static final class Params {
        /** Tribuo's linear SGD trainers, for logistic and linear regression alike. */
        static final List<Param> SGD = List.of(
                Param.ofInt("epochs", 5, 1, 1000, "passes over the train split"),
                Param.ofDouble("learning-rate", 1.0, 1e-6, 100, "AdaGrad's initial learning rate"),
                Param.ofInt("minibatch-size", 1, 1, 100_000, "examples per gradient step"));
    }

    private final String id;
    private final boolean classification;
    private final boolean regression;
    // List.of(...) in every constant: unmodifiable, though its type does not say so.
    @SuppressWarnings("ImmutableEnumChecker")
    private final List<Param> params;

    Algorithm(String id, boolean classification, boolean regression, List<Param> params) {
        this.id = id;
        this.classification = classification;
        this.regression = regression;
        this.params = params;
    }

    /** The name used in configuration, requests and the model card. */
    public String id() {
        return id;
    }

    /** Whether it predicts a categorical label. */
    public boolean classification() {
        return classification;
    }

    /** Whether it predicts a numeric label. */
    public boolean regression() {
        return regression;
    }

    /** The parameters it takes. */
    public List<Param> params() {
        return params;
    }

    /** A parameter by name, or null. */
    public Param param(String name) {
        for (Param p : params) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        return null;
    }

    /**
     * The algorithm of this name.
     *
     * @throws MlcycleException {@link Reason#INVALID_ARGUMENT} naming the known ones
     */
    public static Algorithm of(String id) {
        String wanted = id == null ? "" : id.trim().toLowerCase(Locale.ROOT);
        for (Algorithm a : values()) {
            if (a.id.equals(wanted)) {
                return a;
            }
        }
        throw new MlcycleException(
                Reason.INVALID_ARGUMENT,
                "algorithm: expected one of "
                        + Arrays.stream(values()).map(Algorithm::id).toList() + ", got \"" + id + "\"");
    }

    /**
     * Checks that the algorithm fits the label.
     *
     * @throws MlcycleException {@link Reason#INVALID_ARGUMENT} when it does not
     */
    public void requireFits(boolean categoricalLabel, String dataset) {
        if (categoricalLabel ? !classification : !regression) {
            throw new MlcycleException(
                    Reason.INVALID_ARGUMENT,
                    "algorithm " + id + " cannot learn the " + (categoricalLabel ? "categorical" : "numeric")
                            + " label of dataset " + dataset + "; use one of "
                            + Arrays.stream(values())
                                    .filter(a -> categoricalLabel ? a.classification : a.regression)
                                    .map(Algorithm::id)
                                    .toList());
        }
    }
}
