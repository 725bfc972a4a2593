package dev.mlcycle.training.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlcycle.contracts.record.GateCheck;
import dev.mlcycle.contracts.record.GateDecision;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GateTest {

    @Test
    void aFirstModelIsHeldToTheBoundsOnly() {
        Gate gate = new Gate(Map.of("roc_auc", 0.7), Map.of(), "roc_auc", 0.01);

        GateDecision d = gate.decide(Map.of("roc_auc", 0.71), null);

        assertThat(d.passed()).isTrue();
        assertThat(d.championVersion()).isNull();
        assertThat(d.checks()).extracting(GateCheck::name).containsExactly("min-roc_auc");
    }

    @Test
    void refusesACandidateBelowAMinimumWithTheEvidence() {
        Gate gate = new Gate(Map.of("roc_auc", 0.7), Map.of("log_loss", 0.6), "roc_auc", 0.01);

        GateDecision d = gate.decide(Map.of("roc_auc", 0.55, "log_loss", 0.5), null);

        assertThat(d.passed()).isFalse();
        assertThat(d.failures()).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo("min-roc_auc");
            assertThat(c.value()).isEqualTo(0.55);
            assertThat(c.threshold()).isEqualTo(0.7);
            assertThat(c.detail()).contains("0.5500", "fails", "0.7000");
        });
    }

    @Test
    void refusesACandidateWorseThanTheChampionBeyondTheTolerance() {
        Gate gate = new Gate(Map.of(), Map.of(), "roc_auc", 0.01);

        GateDecision worse = gate.decide(Map.of("roc_auc", 0.78), new Gate.Champion(3, Map.of("roc_auc", 0.80)));
        GateDecision within = gate.decide(Map.of("roc_auc", 0.795), new Gate.Champion(3, Map.of("roc_auc", 0.80)));

        assertThat(worse.passed()).isFalse();
        assertThat(worse.championVersion()).isEqualTo(3);
        assertThat(worse.failures()).singleElement().satisfies(c -> {
            assertThat(c.championValue()).isEqualTo(0.80);
            assertThat(c.tolerance()).isEqualTo(0.01);
        });
        assertThat(within.passed()).isTrue();
    }

    @Test
    void aLowerErrorBeatsTheChampionForRegression() {
        Gate gate = new Gate(Map.of(), Map.of("rmse", 10.0), "rmse", 0.0);

        assertThat(gate.decide(Map.of("rmse", 4.0), new Gate.Champion(1, Map.of("rmse", 5.0)))
                        .passed())
                .isTrue();
        assertThat(gate.decide(Map.of("rmse", 6.0), new Gate.Champion(1, Map.of("rmse", 5.0)))
                        .passed())
                .isFalse();
        assertThat(gate.decide(Map.of("rmse", 11.0), null).passed()).isFalse();
    }

    @Test
    void aMetricThatWasNotComputedFailsItsCheck() {
        Gate gate = new Gate(Map.of("roc_auc", 0.5), Map.of(), "roc_auc", 0.0);

        GateDecision d = gate.decide(Map.of("accuracy", 0.9), null);

        assertThat(d.passed()).isFalse();
        assertThat(d.failures().get(0).detail()).contains("not computed");
    }

    @Test
    void comparesTheCandidateOnTheRowsLeftAfterLeavingOutTheChampionsTrainingRows() {
        Gate gate = new Gate(Map.of("roc_auc", 0.7), Map.of(), "roc_auc", 0.01, 100);
        Gate.Champion champion = new Gate.Champion(
                2, Map.of("roc_auc", 0.80), Map.of("roc_auc", 0.75), 450, 150, "event time at or before T");

        // On all its test rows the candidate beats the champion; on the rows both may be judged on it does not.
        GateDecision d = gate.decide(Map.of("roc_auc", 0.90), champion);

        assertThat(d.passed()).isFalse();
        assertThat(d.checks())
                .extracting(GateCheck::name)
                .containsExactly("min-roc_auc", "min-compare-rows", "not-worse-than-champion");
        assertThat(d.checks().get(0).value()).isEqualTo(0.90);
        assertThat(d.checks().get(1).passed()).isTrue();
        assertThat(d.checks().get(1).value()).isEqualTo(300.0);
        assertThat(d.checks().get(1).detail()).contains("300 of 450 test rows", "leaving out 150", "at or before T");
        assertThat(d.failures()).singleElement().satisfies(c -> {
            assertThat(c.value()).isEqualTo(0.75);
            assertThat(c.championValue()).isEqualTo(0.80);
            assertThat(c.detail()).contains("the same 300 of 450 test rows", "worse");
        });
    }

    @Test
    void refusesWhenTooFewRowsRemainAfterLeavingOutTheChampionsTrainingRows() {
        Gate gate = new Gate(Map.of(), Map.of(), "roc_auc", 0.01, 200);
        Gate.Champion champion = new Gate.Champion(4, Map.of(), Map.of(), 450, 400, "event time at or before T");

        GateDecision d = gate.decide(Map.of("roc_auc", 0.99), champion);

        assertThat(d.passed()).isFalse();
        assertThat(d.championVersion()).isEqualTo(4);
        assertThat(d.checks()).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo("min-compare-rows");
            assertThat(c.passed()).isFalse();
            assertThat(c.value()).isEqualTo(50.0);
            assertThat(c.threshold()).isEqualTo(200.0);
            assertThat(c.detail()).contains("50 of 450", "leaving out 400", "champion v4", "too few to compare fairly");
        });
    }

    @Test
    void refusesAMinCompareRowsBelowOne() {
        assertThatThrownBy(() -> new Gate(Map.of(), Map.of(), "roc_auc", 0.01, 0))
                .hasMessageContaining("gate.min-compare-rows: expected at least 1, got 0");
    }
}
