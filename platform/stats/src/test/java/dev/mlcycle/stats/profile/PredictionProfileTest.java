package dev.mlcycle.stats.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlcycle.contracts.MlcycleException;
import java.util.List;
import org.junit.jupiter.api.Test;

class PredictionProfileTest {

    @Test
    void countsPredictedClassesByArgmaxAndProfilesThePositiveProbability() {
        double[][] p = {{0.9, 0.1}, {0.5, 0.5}, {0.2, 0.8}, {0.3, 0.7}};
        ClassificationPredictions c = ClassificationPredictions.of(
                List.of("no", "yes"), p, 1, ProfileOptions.defaults().withBins(2));
        assertThat(c.predictedClasses().categories()).containsExactly("no", "yes");
        assertThat(c.predictedClasses().counts()).as("the tie goes to \"no\"").containsExactly(2, 2);
        assertThat(c.positiveClass()).isEqualTo("yes");
        assertThat(c.positiveProbability().count()).isEqualTo(4);
        assertThat(c.positiveProbability().edges()).containsExactly(0.7);
        assertThat(c.predictions()).isEqualTo(4);
    }

    @Test
    void profilesMulticlassPredictionsWithoutAPositiveClass() {
        double[][] p = {{0.2, 0.3, 0.5}, {0.6, 0.2, 0.2}, {0.1, 0.1, 0.8}};
        ClassificationPredictions c =
                ClassificationPredictions.of(List.of("a", "b", "c"), p, -1, ProfileOptions.defaults());
        assertThat(c.predictedClasses().counts()).containsExactly(1, 0, 2);
        assertThat(c.positiveClass()).isNull();
        assertThat(c.positiveProbability()).isNull();
    }

    @Test
    void rejectsBadProbabilitiesNamingRowAndColumn() {
        double[][] p = {{0.5, 0.5}, {Double.NaN, 1}};
        assertThatThrownBy(() -> ClassificationPredictions.of(List.of("no", "yes"), p, 1, ProfileOptions.defaults()))
                .isInstanceOf(MlcycleException.class)
                .hasMessageContaining("probabilities row 1, column 0 (\"no\")");
        assertThatThrownBy(() -> ClassificationPredictions.of(
                        List.of("no", "yes"), new double[][] {{0.5, 0.5}}, 3, ProfileOptions.defaults()))
                .hasMessageContaining("positiveClass: expected -1 (none) or a class index in [0, 2), got 3");
    }

    @Test
    void profilesRegressionPredictionsAndRejectsNaN() {
        RegressionPredictions r = RegressionPredictions.of(new double[] {1, 2, 3, 4}, ProfileOptions.defaults());
        assertThat(r.predictions()).isEqualTo(4);
        assertThat(r.values().mean()).isEqualTo(2.5);
        assertThatThrownBy(() -> RegressionPredictions.of(new double[] {1, Double.NaN}, ProfileOptions.defaults()))
                .hasMessageContaining("values[1]: expected a finite number, got NaN");
    }
}
