package dev.mlcycle.training.learn;

import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.dtree.impurity.GiniIndex;
import org.tribuo.classification.ensemble.FullyWeightedVotingCombiner;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.classification.xgboost.XGBoostClassificationTrainer;
import org.tribuo.common.tree.RandomForestTrainer;
import org.tribuo.common.xgboost.XGBoostTrainer.BoosterType;
import org.tribuo.common.xgboost.XGBoostTrainer.LoggingVerbosity;
import org.tribuo.common.xgboost.XGBoostTrainer.TreeMethod;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.sgd.objectives.SquaredLoss;
import org.tribuo.regression.xgboost.XGBoostRegressionTrainer;
import org.tribuo.regression.xgboost.XGBoostRegressionTrainer.RegressionType;

/**
 * Builds the Tribuo trainer of an algorithm with its parameters and a seed. Every trainer is seeded, and XGBoost
 * runs on one thread unless told otherwise, so the same data and seed give the same model: Tribuo's SGD shuffles
 * with the seed, the trees draw their features with it, XGBoost samples rows and columns with it.
 */
public final class TrainerFactory {
    /** SGD trainers log every this many steps; above any realistic run, so they stay quiet. */
    private static final int NO_LOGGING = Integer.MAX_VALUE;

    private TrainerFactory() {}

    /** A classification trainer. */
    public static Trainer<Label> classification(Hyperparameters p, long seed) {
        return switch (p.algorithm()) {
            case LOGISTIC_REGRESSION -> new org.tribuo.classification.sgd.linear.LinearSGDTrainer(
                    new LogMulticlass(),
                    new AdaGrad(p.value("learning-rate"), 0.1),
                    p.integer("epochs"),
                    NO_LOGGING,
                    p.integer("minibatch-size"),
                    seed);
            case XGBOOST -> new XGBoostClassificationTrainer(
                    BoosterType.GBTREE,
                    TreeMethod.HIST,
                    p.integer("trees"),
                    p.value("eta"),
                    p.value("gamma"),
                    p.integer("max-depth"),
                    p.value("min-child-weight"),
                    p.value("subsample"),
                    p.value("colsample"),
                    p.value("lambda"),
                    p.value("alpha"),
                    p.integer("threads"),
                    LoggingVerbosity.SILENT,
                    seed);
            case CART -> cart(p.integer("max-depth"), p.value("min-child-weight"), p, 1.0f, seed);
            case RANDOM_FOREST -> new RandomForestTrainer<>(
                    cart(
                            p.integer("max-depth"),
                            p.value("min-child-weight"),
                            null,
                            (float) p.value("feature-fraction"),
                            seed),
                    new FullyWeightedVotingCombiner(),
                    p.integer("trees"),
                    seed);
            case LINEAR_REGRESSION -> throw new IllegalArgumentException(
                    "linear-regression learns numeric labels, not categories");
        };
    }

    /** A regression trainer. */
    public static Trainer<Regressor> regression(Hyperparameters p, long seed) {
        return switch (p.algorithm()) {
            case LINEAR_REGRESSION -> new org.tribuo.regression.sgd.linear.LinearSGDTrainer(
                    new SquaredLoss(),
                    new AdaGrad(p.value("learning-rate"), 0.1),
                    p.integer("epochs"),
                    NO_LOGGING,
                    p.integer("minibatch-size"),
                    seed);
            case XGBOOST -> new XGBoostRegressionTrainer(
                    BoosterType.GBTREE,
                    TreeMethod.HIST,
                    RegressionType.LINEAR,
                    p.integer("trees"),
                    p.value("eta"),
                    p.value("gamma"),
                    p.integer("max-depth"),
                    p.value("min-child-weight"),
                    p.value("subsample"),
                    p.value("colsample"),
                    p.value("lambda"),
                    p.value("alpha"),
                    p.integer("threads"),
                    LoggingVerbosity.SILENT,
                    seed);
            default -> throw new IllegalArgumentException(p.algorithm().id() + " learns categories, not numbers");
        };
    }

    private static CARTClassificationTrainer cart(
            int maxDepth, double minChildWeight, Hyperparameters p, float featureFraction, long seed) {
        float minImpurityDecrease = p == null ? 0f : (float) p.value("min-impurity-decrease");
        return new CARTClassificationTrainer(
                maxDepth, (float) minChildWeight, minImpurityDecrease, featureFraction, false, new GiniIndex(), seed);
    }
}
