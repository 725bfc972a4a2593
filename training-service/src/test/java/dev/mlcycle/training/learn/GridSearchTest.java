package dev.mlcycle.training.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;

class GridSearchTest {

    @Test
    void expandsEveryCombinationOnTopOfTheBase() {
        List<Map<String, String>> combos =
                GridSearch.expand(Map.of("trees", "10"), Map.of("max-depth", "2, 4", "eta", "0.1,0.3"));

        assertThat(combos).hasSize(4);
        assertThat(combos).allSatisfy(c -> assertThat(c).containsEntry("trees", "10"));
        assertThat(combos.get(0)).containsEntry("eta", "0.1").containsEntry("max-depth", "2");
        assertThat(combos.get(3)).containsEntry("eta", "0.3").containsEntry("max-depth", "4");
    }

    @Test
    void refusesAGridTooLargeToBeSmall() {
        Map<String, String> grid = Map.of("a", "1,2,3,4", "b", "1,2,3,4", "c", "1,2,3,4,5");

        assertThatThrownBy(() -> GridSearch.expand(Map.of(), grid)).hasMessageContaining("more than 64");
    }

    @Test
    void refusesAnEmptyValueList() {
        assertThatThrownBy(() -> GridSearch.expand(Map.of(), Map.of("eta", " , ")))
                .hasMessageContaining("grid.eta: expected comma-separated values");
    }

    @Test
    void stratifiedFoldsGiveEveryFoldItsShareOfEachClass() {
        List<Example<Label>> examples = Synthetic.classification(1000, 5);
        long yes = examples.stream()
                .filter(e -> e.getOutput().getLabel().equals("yes"))
                .count();

        int[] fold = GridSearch.folds(examples, 4, 9, e -> e.getOutput().getLabel());

        Map<Integer, Integer> yesPerFold = new HashMap<>();
        Map<Integer, Integer> perFold = new HashMap<>();
        for (int i = 0; i < fold.length; i++) {
            perFold.merge(fold[i], 1, Integer::sum);
            if (examples.get(i).getOutput().getLabel().equals("yes")) {
                yesPerFold.merge(fold[i], 1, Integer::sum);
            }
        }
        assertThat(perFold).hasSize(4);
        perFold.values().forEach(n -> assertThat(n).isBetween(249, 251));
        yesPerFold.values().forEach(n -> assertThat((double) n).isCloseTo(yes / 4.0, within(1.0)));
        assertThat(GridSearch.folds(examples, 4, 9, e -> e.getOutput().getLabel()))
                .containsExactly(fold);
    }

    @Test
    void picksTheCombinationWithTheBestMeanScoreAndReportsEveryFit() {
        List<Example<Label>> train = Synthetic.classification(1500, 6);
        List<int[]> progress = new ArrayList<>();

        GridSearch.Result result = GridSearch.search(
                Algorithm.CART,
                Map.of(),
                Map.of("max-depth", "1,6"),
                train,
                new LabelFactory(),
                3,
                42,
                p -> TrainerFactory.classification(p, 42),
                new AccuracyScorer(),
                e -> e.getOutput().getLabel(),
                (done, total) -> progress.add(new int[] {done, total}));

        assertThat(result.candidates()).hasSize(2);
        assertThat(result.candidates())
                .allSatisfy(c -> assertThat(c.foldScores()).hasSize(3));
        assertThat(result.best().integer("max-depth")).isEqualTo(6);
        assertThat(result.metric()).isEqualTo("accuracy");
        assertThat(progress).hasSize(6);
        assertThat(progress.get(5)).containsExactly(6, 6);
    }

    private static org.assertj.core.data.Offset<Double> within(double d) {
        return org.assertj.core.data.Offset.offset(d);
    }

    /** Share of right answers; enough to rank a stump against a deeper tree. */
    private static final class AccuracyScorer implements Scorer<Label> {
        @Override
        public String metric() {
            return "accuracy";
        }

        @Override
        public boolean higherIsBetter() {
            return true;
        }

        @Override
        public double score(Model<Label> model, List<Example<Label>> heldOut) {
            long right = model.predict(heldOut).stream()
                    .filter(p -> p.getOutput()
                            .getLabel()
                            .equals(p.getExample().getOutput().getLabel()))
                    .count();
            return (double) right / heldOut.size();
        }
    }
}
