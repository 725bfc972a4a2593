package dev.mlcycle.datagen.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.spec.DatasetSpec;
import dev.mlcycle.datagen.model.CreditModel;
import dev.mlcycle.datagen.scenario.Scenario.ConceptDrift;
import dev.mlcycle.datagen.scenario.Scenario.CovariateShift;
import dev.mlcycle.datagen.scenario.Scenario.CovariateShift.Target;
import dev.mlcycle.datagen.scenario.Scenario.PriorShift;
import dev.mlcycle.datagen.scenario.Scenario.Stationary;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScenariosTest {
    static final DatasetSpec SPEC = CreditModel.load().spec();
    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    static List<Scenario> parse(String... texts) {
        return Scenarios.parse(List.of(texts), SPEC);
    }

    @Test
    void parsesEveryKindWithDefaults() {
        assertThat(parse("stationary")).containsExactly(new Stationary());
        assertThat(parse("covariate:at=0.5,features=income|utilization,size=1.0"))
                .containsExactly(new CovariateShift(
                        new ChangeAt.Fraction(0.5),
                        Window.ABRUPT,
                        List.of(new Target("income", null), new Target("utilization", null)),
                        1.0));
        assertThat(parse("concept:at=60%"))
                .containsExactly(new ConceptDrift(new ChangeAt.Fraction(0.6), Window.ABRUPT, 1.0));
        assertThat(parse("prior:at=2026-01-05T00:00:00Z,rate=0.35"))
                .containsExactly(new PriorShift(
                        new ChangeAt.AtTime(Instant.parse("2026-01-05T00:00:00Z")), Window.ABRUPT, 0.35));
    }

    @Test
    void parsesSeveralScenariosGivenSeparatelyOrJoinedBySemicolons() {
        List<Scenario> joined = Scenarios.parse("concept:at=100;prior:at=50%,rate=0.2,window=6h", SPEC);
        assertThat(joined).hasSize(2);
        assertThat(joined.get(0)).isEqualTo(new ConceptDrift(new ChangeAt.EventIndex(100), Window.ABRUPT, 1.0));
        assertThat(joined.get(1))
                .isEqualTo(new PriorShift(new ChangeAt.Fraction(0.5), new Window.Span(Duration.ofHours(6)), 0.2));
        assertThat(parse("concept:at=100", "prior:at=50%,rate=0.2,window=6h")).isEqualTo(joined);
        assertThat(Scenarios.parse("  ", SPEC)).isEmpty();
    }

    @Test
    void categoricalTargetsDefaultToTheLastCategoryOrTo() {
        CovariateShift a =
                (CovariateShift) parse("covariate:at=0,features=region|employment:student|has_mortgage,size=0.2")
                        .get(0);
        assertThat(a.features())
                .containsExactly(
                        new Target("region", "central"),
                        new Target("employment", "student"),
                        new Target("has_mortgage", "true"));
        CovariateShift b = (CovariateShift) parse("covariate:at=0,features=purpose|income,size=0.2,to=business")
                .get(0);
        assertThat(b.features()).containsExactly(new Target("purpose", "business"), new Target("income", null));
    }

    @Test
    void canonicalTextParsesBackToTheSameScenario() {
        for (String text : List.of(
                "stationary",
                "covariate:at=50%,features=income|region:west,size=0.5,window=10%",
                "concept:at=1234,strength=0.25,window=PT6H",
                "prior:at=2026-01-05T00:00:00Z,rate=0.35,window=500")) {
            Scenario s = parse(text).get(0);
            assertThat(s.text()).isEqualTo(text);
            assertThat(parse(s.text()).get(0)).isEqualTo(s);
        }
        assertThat(parse("covariate:at=0.5,features=income").get(0).text())
                .isEqualTo("covariate:at=50%,features=income,size=1");
    }

    @Test
    void changePointsResolveAgainstTheRun() {
        Duration second = Duration.ofSeconds(1);
        assertThat(new ChangeAt.EventIndex(7).resolve(100, START, second)).isEqualTo(7);
        assertThat(new ChangeAt.Fraction(0.5).resolve(101, START, second)).isEqualTo(51);
        assertThat(new ChangeAt.AtTime(START.plusSeconds(30)).resolve(100, START, second))
                .isEqualTo(30);
        assertThat(new ChangeAt.AtTime(START.plusMillis(30_001)).resolve(100, START, second))
                .isEqualTo(31);
        assertThat(new ChangeAt.AtTime(START.minusSeconds(5)).resolve(100, START, second))
                .isZero();
        assertThat(new Window.Span(Duration.ofMinutes(2)).resolve(1000, second)).isEqualTo(120);
        assertThat(new Window.Fraction(0.1).resolve(1000, second)).isEqualTo(100);
    }

    @ParameterizedTest
    @CsvSource(
            delimiterString = " => ",
            value = {
                "stationary;covariate:at=1.5 => scenario 2 \"covariate:at=1.5\": at: expected an event index, a fraction in [0,1],"
                        + " a percentage or an ISO instant, got \"1.5\"",
                "covariate:at=150%,features=age => scenario 1 \"covariate:at=150%,features=age\": at: expected an event index,"
                        + " a fraction in [0,1], a percentage or an ISO instant, got \"150%\"",
                "concept:at=tomorrow => scenario 1 \"concept:at=tomorrow\": at: expected an event index, a fraction in [0,1],"
                        + " a percentage or an ISO instant, got \"tomorrow\"",
                "drift:at=0.5 => scenario 1 \"drift:at=0.5\": unknown kind \"drift\"; expected one of stationary, covariate,"
                        + " concept, prior",
                "concept => scenario 1 \"concept\": at: missing; expected at=<event index | fraction | percentage | ISO instant>",
                "prior:at=0.5 => scenario 1 \"prior:at=0.5\": rate: missing; expected rate=<a default rate in [0, 1]>",
                "prior:at=0.5,rate=1.2 => scenario 1 \"prior:at=0.5,rate=1.2\": rate: expected a default rate in [0, 1], got \"1.2\"",
                "concept:at=0.5,strength=x => scenario 1 \"concept:at=0.5,strength=x\": strength: expected a strength in [0, 1],"
                        + " got \"x\"",
                "concept:at=0.5,speed=2 => scenario 1 \"concept:at=0.5,speed=2\": unknown parameter \"speed\"; concept takes at,"
                        + " strength, window",
                "concept:at=0.5,at=0.6 => scenario 1 \"concept:at=0.5,at=0.6\": at: given twice",
                "concept:at=0.5,window=soon => scenario 1 \"concept:at=0.5,window=soon\": window: expected a number of events, a"
                        + " fraction in [0,1], a percentage or a duration like 6h or PT6H, got \"soon\"",
                "stationary:at=0.5 => scenario 1 \"stationary:at=0.5\": stationary takes no parameters, got \"at=0.5\"",
                "concept:at => scenario 1 \"concept:at\": expected key=value, got \"at\"",
                "covariate:at=0.5 => scenario 1 \"covariate:at=0.5\": features: missing; expected"
                        + " features=<name>|<name>:<category>|..., one or more of income, age, debt_ratio, utilization,"
                        + " delinquencies, credit_history_months, open_accounts, loan_amount, months_employed, region,"
                        + " employment, purpose, has_mortgage",
                "covariate:at=0.5,features=income|salary => scenario 1 \"covariate:at=0.5,features=income|salary\": features:"
                        + " unknown feature \"salary\"; known features: income, age, debt_ratio, utilization, delinquencies,"
                        + " credit_history_months, open_accounts, loan_amount, months_employed, region, employment, purpose,"
                        + " has_mortgage",
                "covariate:at=0.5,features=region:mars => scenario 1 \"covariate:at=0.5,features=region:mars\": features: \"mars\""
                        + " is not a category of region; expected one of [north, south, east, west, central]",
                "covariate:at=0.5,features=region,size=2 => scenario 1 \"covariate:at=0.5,features=region,size=2\": size: a"
                        + " categorical feature moves a share of probability mass, so expected a size in [0, 1], got \"2\"",
                "covariate:at=0.5,features=income:high => scenario 1 \"covariate:at=0.5,features=income:high\": features:"
                        + " \"income:high\": income is numeric, so it shifts by size x sd and takes no target category",
                "covariate:at=0.5,features=income,to=west => scenario 1 \"covariate:at=0.5,features=income,to=west\": to: only"
                        + " categorical and boolean features take a target category",
                "covariate:at=0.5,features=age|age,size=1 => scenario 1 \"covariate:at=0.5,features=age|age,size=1\": features:"
                        + " \"age\" given twice",
                "concept:at=0.5; => scenario 2 \"\": empty; expected one of stationary, covariate, concept, prior",
            })
    void errorsNameTheScenarioAndTheBadPart(String text, String message) {
        assertThatThrownBy(() -> Scenarios.parse(text, SPEC))
                .isInstanceOf(MlcycleException.class)
                .hasMessage(message)
                .extracting(e -> ((MlcycleException) e).reason())
                .isEqualTo(MlcycleException.Reason.INVALID_ARGUMENT);
    }
}
