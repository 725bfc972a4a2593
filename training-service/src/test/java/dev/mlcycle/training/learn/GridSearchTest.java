package dev.mlcycle.training.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlcycle.contracts.spec.DatasetCatalog;
import dev.mlcycle.contracts.spec.DatasetSpec;
import dev.mlcycle.datagen.model.CreditExamples;
import dev.mlcycle.features.FeatureEncoder;
import dev.mlcycle.features.LabelTarget;
import dev.mlcycle.training.data.FrameBuilder;
import dev.mlcycle.training.data.LabelledFrame;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tribuo.Example;
import org.tribuo.Feature;
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
                GridSearch.encoded(train, new LabelFactory(), e -> e.getOutput().getLabel()),
                3,
                42,
                p -> TrainerFactory.classification(p, 42),
                new AccuracyScorer(),
                (done, total) -> progress.add(new int[] {done, total}));

        assertThat(result.candidates()).hasSize(2);
        assertThat(result.candidates())
                .allSatisfy(c -> assertThat(c.foldScores()).hasSize(3));
        assertThat(result.best().integer("max-depth")).isEqualTo(6);
        assertThat(result.metric()).isEqualTo("accuracy");
        assertThat(progress).hasSize(6);
        assertThat(progress.get(5)).containsExactly(6, 6);
    }

    @Test
    void eachFoldFitsItsEncoderOnItsOwnTrainingRowsOnly() {
        // 600 credit rows, the train split their first 420; every seventh row's income is extreme, so an encoder
        // that saw a fold's held-out rows scales and imputes visibly differently from one that did not.
        DatasetSpec spec = new DatasetCatalog(Path.of("target/no-such-data-dir")).load("credit");
        FrameBuilder b = new FrameBuilder(spec);
        for (int i = 0; i < 600; i++) {
            Map<String, Object> features = new HashMap<>(CreditExamples.features(i));
            if (i % 7 == 0) {
                features.put("income", 1e9 + i);
            }
            Object[] values =
                    spec.features().stream().map(f -> features.get(f.name())).toArray();
            b.add("e-" + i, i * 1_000_000L, values, i % 5 == 0 ? "yes" : "no");
        }
        LabelledFrame frame = b.build();
        LabelTarget<Label> target = LabelTarget.classification(spec.label());
        FoldEncoding<Label> rows = new FoldEncoding<>(spec, frame, 420, target);
        List<List<Example<Label>>> scored = new ArrayList<>();
        Scorer<Label> recording = new AccuracyScorer() {
            @Override
            public double score(Model<Label> model, List<Example<Label>> heldOut) {
                scored.add(heldOut);
                return super.score(model, heldOut);
            }
        };

        GridSearch.search(
                Algorithm.CART,
                Map.of(),
                Map.of("max-depth", "3"),
                rows,
                3,
                42,
                p -> TrainerFactory.classification(p, 42),
                recording,
                (done, total) -> {});

        int[] fold = GridSearch.folds(420, 3, 42, rows::stratum);
        assertThat(scored).hasSize(3);
        for (int f = 0; f < 3; f++) {
            List<Map<String, Object>> fitRows = new ArrayList<>();
            List<Integer> heldOut = new ArrayList<>();
            for (int i = 0; i < 420; i++) {
                if (fold[i] == f) {
                    heldOut.add(i);
                } else {
                    fitRows.add(frame.row(i));
                }
            }
            FeatureEncoder own = FeatureEncoder.of(FeatureEncoder.fit(spec, fitRows));
            assertThat(scored.get(f)).as("fold %d's held-out rows", f).hasSize(heldOut.size());
            for (int j = 0; j < heldOut.size(); j++) {
                int row = heldOut.get(j);
                assertThat(values(scored.get(f).get(j)))
                        .as("fold %d, row %d, encoded by the encoder fitted on the other folds' rows", f, row)
                        .containsExactly(values(own.example(frame.row(row), target.output(frame.label(row)))));
            }
        }
    }

    private static double[] values(Example<Label> example) {
        double[] out = new double[example.size()];
        int i = 0;
        for (Feature feature : example) {
            out[i++] = feature.getValue();
        }
        return out;
    }

    private static org.assertj.core.data.Offset<Double> within(double d) {
        return org.assertj.core.data.Offset.offset(d);
    }

    /** Share of right answers; enough to rank a stump against a deeper tree. */
    private static class AccuracyScorer implements Scorer<Label> {
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
