package dev.mlcycle.datagen;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlcycle.contracts.spec.LabelSpec.Arrival;
import dev.mlcycle.datagen.Runs.Run;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DelayedLabelsTest {
    static final Duration DELAY = Duration.ofHours(1);
    static final Duration DELAY_JITTER = Duration.ofMinutes(10);
    static Run run;

    @BeforeAll
    static void generate() {
        run = Runs.run(Runs.options()
                .events(20_000)
                .seed(5)
                .labels(Arrival.DELAYED)
                .labelDelay(DELAY)
                .labelDelayJitter(DELAY_JITTER)
                .labelLoss(0.05)
                .malformed(0.01)
                .build());
    }

    @Test
    void everyLabelledEventGetsExactlyOneLabelAfterItsEventWithLaterLabelTime() {
        Map<String, GeneratedRecord> events = new HashMap<>();
        run.events().forEach(e -> events.put(e.eventId(), e));
        Map<String, Integer> labels = new HashMap<>();
        for (GeneratedRecord l : run.of(RecordKind.LABEL)) {
            GeneratedRecord e = events.get(l.label().id());
            assertThat(e).as("label %s names an event", l.label().id()).isNotNull();
            assertThat(labels.merge(l.label().id(), 1, Integer::sum)).isEqualTo(1);
            assertThat(l.seq()).isGreaterThan(e.seq());
            assertThat(l.label().labelTime()).isAfterOrEqualTo(e.time());
            assertThat(Duration.between(e.time(), l.label().labelTime()))
                    .isBetween(DELAY.minus(DELAY_JITTER), DELAY.plus(DELAY_JITTER));
            assertThat(e.truth().labelArrives()).isTrue();
        }
        long lost = run.events().stream().filter(e -> !e.truth().labelArrives()).count();
        assertThat(lost).isEqualTo(1_000);
        assertThat(labels).hasSize(19_000);
        for (GeneratedRecord e : run.events()) {
            assertThat(labels.containsKey(e.eventId())).isEqualTo(e.truth().labelArrives());
            assertThat(e.event().label()).as("delayed labels are not inline").isNull();
        }
    }

    @Test
    void labelsArriveWhenTheStreamsEventTimePassesTheirLabelTime() {
        // Labels emitted between two events became due when the second event's time moved the newest
        // event time (the watermark) past them, and were not due at the previous event.
        Instant watermark = Instant.MIN;
        List<Instant> waiting = new ArrayList<>();
        int checked = 0;
        for (GeneratedRecord r : run.records()) {
            if (r.kind() == RecordKind.LABEL) {
                waiting.add(r.label().labelTime());
            } else if (r.kind() == RecordKind.EVENT) {
                Instant next = r.time().isAfter(watermark) ? r.time() : watermark;
                for (Instant due : waiting) {
                    assertThat(due).isAfter(watermark).isBeforeOrEqualTo(next);
                    checked++;
                }
                waiting.clear();
                watermark = next;
            }
        }
        assertThat(checked).isGreaterThan(10_000);
        // The rest are flushed after the last event: they were not yet due.
        Instant last = watermark;
        assertThat(waiting).hasSizeGreaterThan(3_000).allSatisfy(due -> assertThat(due)
                .isAfter(last));
    }

    @Test
    void labelsAreOrderedByLabelTimeWithinTheFinalFlush() {
        long lastEventSeq = run.events().get(run.events().size() - 1).seq();
        Instant previous = Instant.MIN;
        for (GeneratedRecord r : run.of(RecordKind.LABEL)) {
            if (r.seq() > lastEventSeq) {
                assertThat(r.label().labelTime()).isAfterOrEqualTo(previous);
                previous = r.label().labelTime();
            }
        }
    }

    @Test
    void inlineLabelsTravelInTheEventAndNoLabelRecordsAreEmitted() {
        Run inline =
                Runs.run(Runs.options().events(2_000).labels(Arrival.INLINE).build());
        assertThat(inline.of(RecordKind.LABEL)).isEmpty();
        for (GeneratedRecord e : inline.events()) {
            assertThat(e.event().label()).isEqualTo(e.truth().label()).isIn("no", "yes");
        }
    }

    @Test
    void zeroDelayLabelsComeRightAfterTheirEvent() {
        Run run0 = Runs.run(Runs.options()
                .events(2_000)
                .labels(Arrival.DELAYED)
                .labelDelay(Duration.ZERO)
                .jitter(Duration.ZERO)
                .build());
        var records = run0.records();
        for (int i = 0; i < records.size(); i += 2) {
            assertThat(records.get(i).kind()).isEqualTo(RecordKind.EVENT);
            assertThat(records.get(i + 1).kind()).isEqualTo(RecordKind.LABEL);
            assertThat(records.get(i + 1).eventId()).isEqualTo(records.get(i).eventId());
        }
    }
}
