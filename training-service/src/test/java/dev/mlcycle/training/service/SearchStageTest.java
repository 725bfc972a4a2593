package dev.mlcycle.training.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlcycle.contracts.spec.DatasetCatalog;
import dev.mlcycle.contracts.spec.DatasetSpec;
import dev.mlcycle.datagen.model.CreditExamples;
import dev.mlcycle.features.LabelTarget;
import dev.mlcycle.features.check.DataLimits;
import dev.mlcycle.training.data.FrameBuilder;
import dev.mlcycle.training.data.LabelledFrame;
import dev.mlcycle.training.data.TimeSplit;
import dev.mlcycle.training.learn.Algorithm;
import dev.mlcycle.training.learn.GridSearch;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SearchStageTest {

    @Test
    void searchesTheGridOverTheTrainSplitOfTheFrameWithOneFitPerCombinationAndFold() {
        DatasetSpec spec = new DatasetCatalog(Path.of("target/no-such-data-dir")).load("credit");
        FrameBuilder b = new FrameBuilder(spec);
        for (int i = 0; i < 1_000; i++) {
            Map<String, Object> features = CreditExamples.features(i);
            Object[] values =
                    spec.features().stream().map(f -> features.get(f.name())).toArray();
            b.add("e-" + i, i * 1_000_000L, values, i % 5 == 0 ? "yes" : "no");
        }
        LabelledFrame frame = b.build();
        ModelSettings settings = new ModelSettings(
                "m",
                spec,
                Algorithm.CART,
                Map.of(),
                Map.of("max-depth", "1,4"),
                3,
                42,
                Optional.empty(),
                0.7,
                0.15,
                new DataLimits(100, 0.5, 0.01, 0.0),
                new Gate(Map.of(), Map.of(), "roc_auc", 0.01),
                "champion",
                50,
                Duration.ofMinutes(10));
        RunProgress progress = new RunProgress();

        GridSearch.Result result = SearchStage.search(
                settings,
                frame,
                TimeSplit.of(frame.size(), 0.7, 0.15),
                LabelTarget.classification(spec.label()),
                progress);

        assertThat(SearchStage.fits(settings)).isEqualTo(6);
        assertThat(result.metric()).isEqualTo("roc_auc");
        assertThat(result.candidates()).hasSize(2).allSatisfy(c -> assertThat(c.foldScores())
                .hasSize(3)
                .allSatisfy(score -> assertThat(score).isBetween(0.0, 1.0)));
        assertThat(progress.done()).isEqualTo(6);
        assertThat(progress.total()).isEqualTo(6);
    }
}
