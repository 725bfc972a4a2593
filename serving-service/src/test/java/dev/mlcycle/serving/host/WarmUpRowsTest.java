package dev.mlcycle.serving.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.spec.FeatureSpec;
import dev.mlcycle.serving.model.Frame;
import dev.mlcycle.serving.testing.TrainedModels;
import dev.mlcycle.stats.profile.NumericProfile;
import dev.mlcycle.stats.profile.ReferenceProfile;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Synthetic warm-up rows drawn from a real reference profile. */
class WarmUpRowsTest {
    private static ReferenceProfile profile;

    @BeforeAll
    static void train() {
        profile = TrainedModels.train(TrainedModels.credit(5, 1_000), new TrainedModels.Params(1, 0.5, 5))
                .profile();
    }

    @Test
    void drawsRowsOfEveryFeatureWithinTheTrainingRangeAndTypes() {
        Frame frame = WarmUpRows.draw(TrainedModels.CREDIT, profile, 500, 7);
        assertThat(frame.rows()).isEqualTo(500);
        List<FeatureSpec> features = TrainedModels.CREDIT.features();
        assertThat(frame.names())
                .containsExactlyElementsOf(
                        features.stream().map(FeatureSpec::name).toList());
        for (int c = 0; c < features.size(); c++) {
            FeatureSpec f = features.get(c);
            for (int r = 0; r < frame.rows(); r++) {
                Object v = frame.value(c, r);
                if (v == null) {
                    assertThat(f.nullable())
                            .as(f.name() + " row " + r + " is null")
                            .isTrue();
                    continue;
                }
                switch (f.type()) {
                    case NUMERIC -> {
                        NumericProfile p =
                                (NumericProfile) profile.feature(f.name()).orElseThrow();
                        assertThat((Double) v).as(f.name()).isBetween(p.min(), p.max());
                    }
                    case INTEGER -> {
                        NumericProfile p =
                                (NumericProfile) profile.feature(f.name()).orElseThrow();
                        assertThat(((Long) v).doubleValue()).as(f.name()).isBetween(p.min() - 0.5, p.max() + 0.5);
                    }
                    case CATEGORICAL -> assertThat(f.values()).as(f.name()).contains((String) v);
                    case BOOLEAN -> assertThat(v).isInstanceOf(Boolean.class);
                }
            }
        }
    }

    @Test
    void followsTheTrainingDistributionOfACategory() {
        Frame frame = WarmUpRows.draw(TrainedModels.CREDIT, profile, 4_000, 11);
        int region = frame.names().indexOf("region");
        Map<String, Long> trained = ((dev.mlcycle.stats.profile.CategoricalProfile)
                        profile.feature("region").orElseThrow())
                .countsByCategory();
        Map<String, Integer> drawn = new LinkedHashMap<>();
        for (int r = 0; r < frame.rows(); r++) {
            drawn.merge((String) frame.value(region, r), 1, Integer::sum);
        }
        long total = trained.values().stream().mapToLong(Long::longValue).sum();
        trained.forEach((category, count) -> assertThat(drawn.getOrDefault(category, 0) / 4_000.0)
                .as(category)
                .isCloseTo((double) count / total, org.assertj.core.data.Offset.offset(0.04)));
    }

    @Test
    void theSameSeedDrawsTheSameRows() {
        Frame a = WarmUpRows.draw(TrainedModels.CREDIT, profile, 50, 3);
        Frame b = WarmUpRows.draw(TrainedModels.CREDIT, profile, 50, 3);
        for (int c = 0; c < a.names().size(); c++) {
            for (int r = 0; r < 50; r++) {
                assertThat(a.value(c, r)).isEqualTo(b.value(c, r));
            }
        }
    }

    @Test
    void refusesAProfileThatLacksAFeatureOfTheSpec() {
        Map<String, dev.mlcycle.stats.profile.FeatureProfile> fewer = new LinkedHashMap<>(profile.features());
        fewer.remove("income");
        ReferenceProfile partial = ReferenceProfile.of(
                profile.dataset(), profile.rows(), profile.createdAt(), fewer, profile.predictions());
        assertThatThrownBy(() -> WarmUpRows.draw(TrainedModels.CREDIT, partial, 10, 1))
                .isInstanceOf(MlcycleException.class)
                .hasMessageContaining("no profile of feature \"income\"");
    }
}
