package dev.mlcycle.training.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlcycle.contracts.MlcycleException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HyperparametersTest {

    @Test
    void fillsInDefaultsAndKeepsGivenValues() {
        Hyperparameters p = Hyperparameters.resolve(Algorithm.XGBOOST, Map.of("trees", "120", "eta", "0.1"));

        assertThat(p.integer("trees")).isEqualTo(120);
        assertThat(p.value("eta")).isEqualTo(0.1);
        assertThat(p.integer("max-depth")).isEqualTo(6);
        assertThat(p.asText())
                .containsEntry("trees", "120")
                .containsEntry("eta", "0.1")
                .containsKey("threads");
    }

    @Test
    void refusesAnUnknownParameterNamingTheKnownOnes() {
        assertThatThrownBy(() -> Hyperparameters.resolve(Algorithm.CART, Map.of("depth", "3")))
                .isInstanceOf(MlcycleException.class)
                .hasMessageContaining("cart has no parameter \"depth\"")
                .hasMessageContaining("max-depth");
    }

    @Test
    void refusesAValueOutOfRange() {
        assertThatThrownBy(() -> Hyperparameters.resolve(Algorithm.XGBOOST, Map.of("eta", "2")))
                .hasMessageContaining("xgboost parameter eta: expected a value in [0.0001, 1], got 2");
    }

    @Test
    void refusesAFractionWhereAWholeNumberIsNeeded() {
        assertThatThrownBy(() -> Hyperparameters.resolve(Algorithm.RANDOM_FOREST, Map.of("trees", "2.5")))
                .hasMessageContaining("trees: expected a whole number");
    }

    @Test
    void findsAlgorithmsByNameAndRefusesOthers() {
        assertThat(Algorithm.of(" XGBoost ")).isEqualTo(Algorithm.XGBOOST);
        assertThatThrownBy(() -> Algorithm.of("svm")).hasMessageContaining("logistic-regression");
    }

    @Test
    void refusesAnAlgorithmThatCannotLearnTheLabel() {
        assertThatThrownBy(() -> Algorithm.LOGISTIC_REGRESSION.requireFits(false, "house"))
                .hasMessageContaining("numeric label of dataset house")
                .hasMessageContaining("linear-regression");
        Algorithm.XGBOOST.requireFits(false, "house");
        Algorithm.XGBOOST.requireFits(true, "credit");
    }
}
