package dev.mlcycle.training.learn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.regression.Regressor;

class TrainerFactoryTest {
    private static final List<Example<Label>> TRAIN = Synthetic.classification(2000, 1);
    private static final List<Example<Label>> TEST = Synthetic.classification(300, 2);

    @ParameterizedTest
    @EnumSource(
            value = Algorithm.class,
            names = {"LOGISTIC_REGRESSION", "XGBOOST", "CART", "RANDOM_FOREST"})
    void theSameDataAndSeedGiveTheSamePredictions(Algorithm algorithm) {
        Hyperparameters p = Hyperparameters.resolve(algorithm, Map.of());

        List<Prediction<Label>> first = train(p, 7).predict(TEST);
        List<Prediction<Label>> second = train(p, 7).predict(TEST);

        for (int i = 0; i < TEST.size(); i++) {
            assertThat(second.get(i).getOutputScores().get("yes").getScore())
                    .as("row %d", i)
                    .isEqualTo(first.get(i).getOutputScores().get("yes").getScore());
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = Algorithm.class,
            names = {"LOGISTIC_REGRESSION", "XGBOOST", "CART", "RANDOM_FOREST"})
    void learnsTheSignalWithProbabilities(Algorithm algorithm) {
        Model<Label> model = train(Hyperparameters.resolve(algorithm, Map.of()), 7);

        long right = model.predict(TEST).stream()
                .filter(pr -> pr.getOutput()
                        .getLabel()
                        .equals(pr.getExample().getOutput().getLabel()))
                .count();

        // CART does not flag its leaf class shares as probabilities, but they are: scores sum to 1.
        for (Prediction<Label> pr : model.predict(TEST)) {
            double sum = pr.getOutputScores().values().stream()
                    .mapToDouble(Label::getScore)
                    .sum();
            assertThat(sum).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-6));
        }
        assertThat((double) right / TEST.size()).isGreaterThan(0.8);
    }

    @ParameterizedTest
    @EnumSource(
            value = Algorithm.class,
            names = {"LINEAR_REGRESSION", "XGBOOST"})
    void regressionIsSeededAndLearns(Algorithm algorithm) {
        List<Example<Regressor>> train = Synthetic.regression(2000, 3);
        List<Example<Regressor>> test = Synthetic.regression(200, 4);
        Hyperparameters p = Hyperparameters.resolve(algorithm, Map.of());
        MutableDataset<Regressor> data = Synthetic.regressorDataset(train);

        Model<Regressor> a = TrainerFactory.regression(p, 11).train(data);
        Model<Regressor> b = TrainerFactory.regression(p, 11).train(data);

        double squared = 0;
        for (int i = 0; i < test.size(); i++) {
            double pa = a.predict(test.get(i)).getOutput().getValues()[0];
            double pb = b.predict(test.get(i)).getOutput().getValues()[0];
            assertThat(pb).isEqualTo(pa);
            double err = pa - test.get(i).getOutput().getValues()[0];
            squared += err * err;
        }
        // The target's standard deviation is about 3.6; a model that learned it errs far less.
        assertThat(Math.sqrt(squared / test.size())).isLessThan(1.0);
    }

    @ParameterizedTest
    @EnumSource(
            value = Algorithm.class,
            names = {"LOGISTIC_REGRESSION", "RANDOM_FOREST"})
    void anotherSeedGivesAnotherModel(Algorithm algorithm) {
        Hyperparameters p = Hyperparameters.resolve(algorithm, Map.of());

        List<Prediction<Label>> a = train(p, 1).predict(TEST);
        List<Prediction<Label>> b = train(p, 2).predict(TEST);

        boolean differs = false;
        for (int i = 0; i < TEST.size() && !differs; i++) {
            differs = a.get(i).getOutputScores().get("yes").getScore()
                    != b.get(i).getOutputScores().get("yes").getScore();
        }
        assertThat(differs).isTrue();
    }

    private static Model<Label> train(Hyperparameters p, long seed) {
        return TrainerFactory.classification(p, seed).train(Synthetic.labelDataset(TRAIN));
    }
}
