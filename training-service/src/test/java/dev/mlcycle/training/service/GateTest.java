package dev.mlcycle.training.service;

import static org.assertj.core.api.Assertions.assertThat;

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
}
