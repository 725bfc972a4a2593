package dev.mlcycle.datagen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.record.FeatureEvent;
import dev.mlcycle.contracts.spec.LabelSpec.Arrival;
import dev.mlcycle.datagen.Runs.Run;
import dev.mlcycle.datagen.manifest.Manifest;
import dev.mlcycle.datagen.model.DatasetModels;
import dev.mlcycle.datagen.model.FeatureTraits;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each scenario against a stationary run with the same seed: 100,000 inline-labelled events, change at
 * 50 %. Tolerances are several standard errors of the 50,000-event halves, so a real effect of the
 * stated size cannot hide and noise cannot fail the test.
 */
class ScenarioEffectsTest {
    static final int N = 100_000;
    static final int T = 50_000;
    static List<FeatureEvent> stationary;

    static GeneratorOptions.Builder base() {
        return Runs.options().events(N).seed(99).labels(Arrival.INLINE);
    }

    static List<FeatureEvent> events(String scenario) {
        return Runs.run(base().scenario(scenario).build()).events().stream()
                .map(GeneratedRecord::event)
                .toList();
    }

    @BeforeAll
    static void generateStationary() {
        stationary = events("stationary");
    }

    static FeatureTraits traits(String feature) {
        return DatasetModels.forName("credit").traits().stream()
                .filter(t -> t.name().equals(feature))
                .findFirst()
                .orElseThrow();
    }

    static double mean(List<FeatureEvent> events, int from, int to, ToDoubleFunction<FeatureEvent> f) {
        double s = 0;
        for (int i = from; i < to; i++) {
            s += f.applyAsDouble(events.get(i));
        }
        return s / (to - from);
    }

    static double share(List<FeatureEvent> events, int from, int to, Predicate<FeatureEvent> p) {
        return mean(events, from, to, e -> p.test(e) ? 1.0 : 0.0);
    }

    static double num(FeatureEvent e, String f) {
        return e.number(f);
    }

    static boolean yes(FeatureEvent e) {
        return "yes".equals(e.label());
    }

    @Test
    void stationaryDataHasTheBaseDefaultRateInBothHalves() {
        double rate = DatasetModels.forName("credit").baseRate();
        assertThat(share(stationary, 0, T, ScenarioEffectsTest::yes)).isCloseTo(rate, within(0.01));
        assertThat(share(stationary, T, N, ScenarioEffectsTest::yes)).isCloseTo(rate, within(0.01));
    }

    @Test
    void covariateShiftMovesTheNamedFeatureByTheSizeTimesItsSdAfterTheChangeOnly() {
        List<FeatureEvent> shifted = events("covariate:at=50%,features=utilization,size=1.0");
        double sd = traits("utilization").sd();

        double before =
                mean(shifted, 0, T, e -> num(e, "utilization")) - mean(stationary, 0, T, e -> num(e, "utilization"));
        double after =
                mean(shifted, T, N, e -> num(e, "utilization")) - mean(stationary, T, N, e -> num(e, "utilization"));
        assertThat(before).isZero();
        assertThat(after).isCloseTo(sd, within(0.02 * sd));
        // ... and against the first half of the shifted run itself, with sampling noise.
        double jump = mean(shifted, T, N, e -> num(e, "utilization")) - mean(shifted, 0, T, e -> num(e, "utilization"));
        assertThat(jump).isCloseTo(sd, within(0.05 * sd));

        for (String other : List.of("income", "age", "debt_ratio", "delinquencies", "loan_amount")) {
            double o = traits(other).sd();
            double drift = mean(shifted, T, N, e -> num(e, other)) - mean(shifted, 0, T, e -> num(e, other));
            assertThat(drift).as(other).isCloseTo(0.0, within(0.05 * o));
        }
        for (int i = 0; i < N; i++) {
            FeatureEvent a = stationary.get(i);
            FeatureEvent b = shifted.get(i);
            for (String f : Runs.SPEC.featureNames()) {
                if (!f.equals("utilization")) {
                    assertThat(b.features().get(f))
                            .as("%s of event %d", f, i)
                            .isEqualTo(a.features().get(f));
                }
            }
        }
    }

    @Test
    void covariateShiftOfAnIntegerFeatureMovesItsMeanExactlyOnAverage() {
        List<FeatureEvent> shifted = events("covariate:at=50%,features=open_accounts,size=0.5");
        double sd = traits("open_accounts").sd();
        double after = mean(shifted, T, N, e -> num(e, "open_accounts"))
                - mean(stationary, T, N, e -> num(e, "open_accounts"));
        assertThat(after).isCloseTo(0.5 * sd, within(0.02 * sd));
    }

    @Test
    void categoricalCovariateShiftMovesTheGivenShareOfMassToTheTargetCategory() {
        List<FeatureEvent> shifted = events("covariate:at=50%,features=region:west,size=0.3");
        double west = 0.20;
        assertThat(share(shifted, 0, T, e -> e.category("region").equals("west")))
                .isCloseTo(west, within(0.01));
        assertThat(share(shifted, T, N, e -> e.category("region").equals("west")))
                .isCloseTo(west + 0.3 * (1 - west), within(0.01));
        assertThat(share(shifted, T, N, e -> e.category("region").equals("north")))
                .isCloseTo(0.22 * 0.7, within(0.01));
    }

    @Test
    void gradualCovariateShiftRampsLinearlyOverTheWindow() {
        List<FeatureEvent> shifted = events("covariate:at=40%,features=utilization,size=1,window=20%");
        double sd = traits("utilization").sd();
        for (int i = 0; i < N; i++) {
            double w = i < 40_000 ? 0 : Math.min(1.0, (i - 40_000 + 1) / 20_000.0);
            double expected = Math.min(2.0, num(stationary.get(i), "utilization") + w * sd);
            assertThat(num(shifted.get(i), "utilization")).as("event %d", i).isCloseTo(expected, within(0.00006));
        }
    }

    @Test
    void conceptDriftChangesTheDefaultRateWithinAnXSliceButNotTheFeatures() {
        List<FeatureEvent> drifted = events("concept:at=50%,strength=1");
        for (int i = 0; i < N; i++) {
            assertThat(drifted.get(i).features()).isEqualTo(stationary.get(i).features());
        }
        Predicate<FeatureEvent> stressed = e -> num(e, "utilization") > 0.7 && num(e, "delinquencies") >= 2;
        double before = conditionalRate(drifted, 0, T, stressed);
        double after = conditionalRate(drifted, T, N, stressed);
        double stationaryAfter = conditionalRate(stationary, T, N, stressed);
        assertThat(before - after)
                .as("the utilization x delinquencies interaction flips")
                .isGreaterThan(0.12);
        assertThat(Math.abs(stationaryAfter - before)).isLessThan(0.06);

        Predicate<FeatureEvent> north = e -> e.category("region").equals("north");
        assertThat(conditionalRate(drifted, T, N, north) - conditionalRate(drifted, 0, T, north))
                .isGreaterThan(0.02);
        // The drifted intercept is calibrated, so the overall rate barely moves: a pure P(y|x) change.
        assertThat(share(drifted, T, N, ScenarioEffectsTest::yes))
                .isCloseTo(share(drifted, 0, T, ScenarioEffectsTest::yes), within(0.01));
    }

    static double conditionalRate(List<FeatureEvent> events, int from, int to, Predicate<FeatureEvent> slice) {
        long n = 0;
        long y = 0;
        for (int i = from; i < to; i++) {
            if (slice.test(events.get(i))) {
                n++;
                y += yes(events.get(i)) ? 1 : 0;
            }
        }
        assertThat(n).isGreaterThan(500);
        return (double) y / n;
    }

    @Test
    void priorShiftMovesTheDefaultRateToTheTargetWhileClassConditionalsStay() {
        List<FeatureEvent> shifted = events("prior:at=50%,rate=0.35");
        assertThat(share(shifted, 0, T, ScenarioEffectsTest::yes)).isCloseTo(0.15, within(0.01));
        assertThat(share(shifted, T, N, ScenarioEffectsTest::yes)).isCloseTo(0.35, within(0.01));
        for (String f : List.of("utilization", "debt_ratio", "age")) {
            double sd = traits(f).sd();
            for (boolean cls : new boolean[] {true, false}) {
                double before = conditionalMean(shifted, 0, T, f, cls);
                double after = conditionalMean(shifted, T, N, f, cls);
                assertThat(after).as("%s given default=%s", f, cls).isCloseTo(before, within(0.06 * sd));
            }
            // The marginal does move, because the class mix moved: the test above is not vacuous.
        }
        double marginalBefore = mean(shifted, 0, T, e -> num(e, "utilization"));
        double marginalAfter = mean(shifted, T, N, e -> num(e, "utilization"));
        assertThat(marginalAfter - marginalBefore)
                .isGreaterThan(0.15 * traits("utilization").sd());
    }

    static double conditionalMean(List<FeatureEvent> events, int from, int to, String f, boolean cls) {
        double s = 0;
        long n = 0;
        for (int i = from; i < to; i++) {
            FeatureEvent e = events.get(i);
            if (yes(e) == cls) {
                s += num(e, f);
                n++;
            }
        }
        return s / n;
    }

    @Test
    void changePointsAreRecordedWithTheirIndexAndFirstAffectedEventTime() {
        Run run = Runs.run(base().scenario(
                        "covariate:at=2026-01-01T10:00:00.5Z,features=income,size=1;prior:at=70%,rate=0.3,window=1000")
                .build());
        List<Manifest.ChangePoint> points = run.manifest().changePoints();
        assertThat(points).hasSize(2);
        Manifest.ChangePoint c = points.get(0);
        assertThat(c.index()).isEqualTo(36_001); // first nominal time at or after 10:00:00.5
        assertThat(c.eventTime()).isEqualTo(run.events().get(36_001).time());
        assertThat(c.kind()).isEqualTo("covariate");
        assertThat(c.parameters()).containsEntry("size", 1.0);
        Manifest.ChangePoint p = points.get(1);
        assertThat(p.index()).isEqualTo(70_000);
        assertThat(p.windowEvents()).isEqualTo(1_000);
        assertThat(p.fullIndex()).isEqualTo(70_999);
        assertThat(p.parameters()).containsEntry("rate", 0.3);
        assertThat(p.spec()).isEqualTo("prior:at=70%,rate=0.3,window=1000");
    }

    @Test
    void aChangePointBeyondTheRunIsAnErrorNamingTheScenario() {
        assertThatThrownBy(() -> DataGenerator.create(
                        Runs.options().events(1_000).scenario("concept:at=5000").build()))
                .isInstanceOf(MlcycleException.class)
                .hasMessage("scenario 1 \"concept:at=5000,strength=1\": at: event index 5000 is beyond the 1000 events"
                        + " of this run");
        assertThatThrownBy(() -> DataGenerator.create(Runs.options()
                        .events(1_000)
                        .scenario("stationary;prior:at=2027-01-01T00:00:00Z,rate=0.2")
                        .build()))
                .hasMessageStartingWith(
                        "scenario 2 \"prior:at=2027-01-01T00:00:00Z,rate=0.2\": at: 2027-01-01T00:00:00Z"
                                + " is after the last event of this run");
        assertThat(Instant.parse("2027-01-01T00:00:00Z")).isAfter(GeneratorOptions.DEFAULT_START);
    }

    @Test
    void programmaticScenariosAreCheckedAgainstTheSpecToo() {
        var bad = new dev.mlcycle.datagen.scenario.Scenario.CovariateShift(
                new dev.mlcycle.datagen.scenario.ChangeAt.Fraction(0.5),
                dev.mlcycle.datagen.scenario.Window.ABRUPT,
                List.of(new dev.mlcycle.datagen.scenario.Scenario.CovariateShift.Target("region", "mars")),
                0.5);
        assertThatThrownBy(
                        () -> DataGenerator.create(Runs.options().scenario(bad).build()))
                .isInstanceOf(MlcycleException.class)
                .hasMessage("scenario 1 \"covariate:at=50%,features=region:mars,size=0.5\": features: \"mars\" is not a"
                        + " category of region; expected one of [north, south, east, west, central]");
    }
}
