package dev.mlcycle.datagen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.spec.LabelSpec.Arrival;
import dev.mlcycle.datagen.fault.FaultKind;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GeneratorOptionsTest {
    @Test
    void defaultsAreTheDocumentedOnes() {
        GeneratorOptions o = GeneratorOptions.builder().build();
        assertThat(o.dataset()).isEqualTo("credit");
        assertThat(o.seed()).isEqualTo(42);
        assertThat(o.events()).isEqualTo(10_000);
        assertThat(o.start()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(o.interval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(o.jitter()).isEqualTo(Duration.ofSeconds(2));
        assertThat(o.customers()).isEqualTo(50_000);
        assertThat(o.labels()).isEqualTo(Arrival.DELAYED); // as credit.yaml says
        assertThat(o.labelDelay()).isEqualTo(Duration.ofDays(1));
        assertThat(o.labelDelayJitter()).isEqualTo(Duration.ofHours(6));
        assertThat(o.labelLoss()).isZero();
        assertThat(o.scenarios()).isEmpty();
        assertThat(o.faultCounts().values()).allMatch(c -> c == 0);
    }

    @Test
    void theMalformedShortcutSplitsEvenlyWithTheRemainderToTheFirstKinds() {
        GeneratorOptions o = GeneratorOptions.builder()
                .events(1_000)
                .faults("malformed=0.0101, broken_json=0.002, nulls=0.01, wrong-type=0.001")
                .build();
        Map<FaultKind, Long> c = o.faultCounts();
        // round(1000 * 0.0101) = 10 = 6 + 4 extra: the first four kinds get 2, the last two 1.
        assertThat(c)
                .containsExactly(
                        Map.entry(FaultKind.NULLS, 10L),
                        Map.entry(FaultKind.OUTLIERS, 0L),
                        Map.entry(FaultKind.BROKEN_JSON, 2L + 2),
                        Map.entry(FaultKind.WRONG_TYPE, 2L + 1),
                        Map.entry(FaultKind.MISSING_FIELD, 2L),
                        Map.entry(FaultKind.UNKNOWN_CATEGORY, 2L),
                        Map.entry(FaultKind.OUT_OF_RANGE, 1L),
                        Map.entry(FaultKind.BAD_TIMESTAMP, 1L));
    }

    @Test
    void badValuesAreRefusedWithTheirName() {
        assertThatThrownBy(() -> GeneratorOptions.builder().events(-1).build())
                .isInstanceOf(MlcycleException.class)
                .hasMessage("events: expected a number >= 0, got -1");
        assertThatThrownBy(
                        () -> GeneratorOptions.builder().interval(Duration.ZERO).build())
                .hasMessage("interval: expected a positive duration, got PT0S");
        assertThatThrownBy(() -> GeneratorOptions.builder().faults("nulls=2").build())
                .hasMessage("faults: nulls: expected a rate in [0, 1], got \"2\"");
        assertThatThrownBy(
                        () -> GeneratorOptions.builder().faults("gremlins=0.1").build())
                .hasMessageStartingWith("fault kind \"gremlins\": expected one of nulls, outliers, broken_json");
        assertThatThrownBy(() -> GeneratorOptions.builder().faults("nulls").build())
                .hasMessage("faults: expected kind=rate, got \"nulls\"");
        assertThatThrownBy(() -> GeneratorOptions.builder()
                        .labels(Arrival.INLINE)
                        .labelLoss(0.1)
                        .build())
                .hasMessage("label loss: only delayed labels can be lost, but labels are inline");
        assertThatThrownBy(() -> GeneratorOptions.builder()
                        .labelDelay(Duration.ofHours(1))
                        .labelDelayJitter(Duration.ofHours(2))
                        .build())
                .hasMessage("label delay jitter: expected a duration between 0 and the label delay (PT1H), got PT2H");
        assertThatThrownBy(() -> GeneratorOptions.builder()
                        .events(10)
                        .malformed(1.0)
                        .fault(FaultKind.WRONG_TYPE, 0.5)
                        .build())
                .hasMessage("malformed: at most one malformed record per valid event, so expected at most 10 malformed"
                        + " records, got 15");
        assertThatThrownBy(() -> GeneratorOptions.builder().dataset("weather").build())
                .hasMessage("dataset \"weather\": no generator for it; known datasets: credit, housing");
        assertThatThrownBy(() -> DataGenerator.create(GeneratorOptions.builder()
                        .start(Instant.parse("1999-01-01T00:00:00Z"))
                        .build()))
                .hasMessage(
                        "start: expected an instant at or after 2000-01-01T00:00:00Z (earlier events are rejected by"
                                + " the spec), got 1999-01-01T00:00:00Z");
        assertThatThrownBy(() -> GeneratorOptions.builder()
                        .scenario("concept:at=2")
                        .scenario("prior:at=x")
                        .build())
                .hasMessageStartingWith("scenario 2 \"prior:at=x\": at:");
    }
}
