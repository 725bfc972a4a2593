package dev.mlcycle.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlcycle.contracts.json.Json;
import org.junit.jupiter.api.Test;

/** The encoding of saved states and rows must not change unless on purpose; see {@link GoldenFiles}. */
class GoldenEncodingTest {
    private static final double TOLERANCE = 1e-12;

    @Test
    void savedStateEncodesSavedRowsAsBefore() {
        EncoderState state = EncoderState.fromJson(GoldenFiles.stateJson());
        state.requireCompatible(Fixtures.credit());
        FeatureEncoder encoder = FeatureEncoder.of(state);
        GoldenFiles.Encodings golden = GoldenFiles.encodings();
        assertThat(encoder.featureNames()).isEqualTo(golden.columns());
        assertThat(golden.cases()).hasSizeGreaterThanOrEqualTo(30);
        for (GoldenFiles.Case c : golden.cases()) {
            double[] actual = encoder.encode(c.row());
            assertThat(actual).as(c.note()).hasSize(c.encoded().length);
            for (int i = 0; i < actual.length; i++) {
                assertThat(actual[i])
                        .as("%s, column %s", c.note(), golden.columns().get(i))
                        .isCloseTo(c.encoded()[i], within(TOLERANCE));
            }
        }
        // The edge cases reached the unseen bucket: an unlearned purpose twice, a rejected region, an absent one.
        assertThat(encoder.unseenCounts()).containsEntry("purpose", 2L).containsEntry("region", 2L);
    }

    @Test
    void fittingTheSavedTrainRowsGivesTheSavedState() throws Exception {
        EncoderState refit = FeatureEncoder.fit(Fixtures.credit(), GoldenFiles.trainRows(), GoldenFiles.OPTIONS);
        JsonNode expected = Json.mapper().readTree(GoldenFiles.stateJson());
        JsonNode actual = Json.mapper().readTree(refit.toJson());
        assertThat(actual).isEqualTo(expected);
        assertThat(refit.feature("purpose").orElseThrow().categories()).endsWith("travel");
    }

    @Test
    void savedStateHasTheExpectedShape() {
        EncoderState state = EncoderState.fromJson(GoldenFiles.stateJson());
        assertThat(state.trainRows()).isEqualTo(200);
        assertThat(state.options()).isEqualTo(GoldenFiles.OPTIONS);
        // 9 numeric/integer + 2 missing flags, region 5+1, employment 5+1, purpose 6 declared + travel + 1, boolean 1.
        assertThat(state.width()).isEqualTo(32);
        assertThat(state.feature("purpose").orElseThrow().trainUnseen()).isEqualTo(2); // wedding, medical
        assertThat(state.feature("months_employed").orElseThrow().trainMissing())
                .isPositive();
        assertThat(state.warnings()).isEmpty();
    }
}
