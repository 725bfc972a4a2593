package dev.mlcycle.training.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlcycle.contracts.record.Trigger;
import dev.mlcycle.contracts.record.Trigger.TriggerKind;
import dev.mlcycle.training.service.RunDesk.Admission;
import dev.mlcycle.training.service.RunDesk.Coalesced;
import dev.mlcycle.training.service.RunDesk.Refused;
import dev.mlcycle.training.service.RunDesk.Start;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunDeskTest {
    private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
    private static final Duration COOLDOWN = Duration.ofMinutes(10);

    private static Trigger alert(String id) {
        return new Trigger(TriggerKind.ALERT, id, "monitoring", T0);
    }

    private static Trigger manual() {
        return new Trigger(TriggerKind.MANUAL, null, "alice", T0);
    }

    @Test
    void tenDuplicateAlertsStartExactlyOneRun() {
        RunDesk desk = new RunDesk();
        List<Admission> admissions = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            admissions.add(desk.offer("credit-default", alert("alert-1"), COOLDOWN, T0.plusMillis(i)));
        }

        assertThat(admissions).filteredOn(a -> a instanceof Start).hasSize(1);
        String started = admissions.get(0).runId();
        assertThat(admissions.subList(1, 10))
                .allSatisfy(a -> assertThat(a).isInstanceOfSatisfying(Coalesced.class, c -> {
                    assertThat(c.into()).isEqualTo(started);
                    assertThat(c.inFlight()).isTrue();
                }));
        assertThat(admissions).extracting(Admission::runId).doesNotHaveDuplicates();
    }

    @Test
    void coalescesAutomaticTriggersWithinTheCooldownAfterTheRunEnded() {
        RunDesk desk = new RunDesk();
        String first = desk.offer("m", alert("a"), COOLDOWN, T0).runId();
        desk.finished("m", first);

        Admission soon = desk.offer("m", alert("b"), COOLDOWN, T0.plus(Duration.ofMinutes(9)));
        Admission later = desk.offer("m", alert("c"), COOLDOWN, T0.plus(Duration.ofMinutes(10)));

        assertThat(soon).isInstanceOfSatisfying(Coalesced.class, c -> {
            assertThat(c.into()).isEqualTo(first);
            assertThat(c.inFlight()).isFalse();
        });
        assertThat(later).isInstanceOf(Start.class);
    }

    @Test
    void aPersonIsNotHeldBackByTheCooldownButIsRefusedWhileARunIsInFlight() {
        RunDesk desk = new RunDesk();
        String first = desk.offer("m", manual(), COOLDOWN, T0).runId();

        Admission whileRunning = desk.offer("m", manual(), COOLDOWN, T0.plusSeconds(1));
        desk.finished("m", first);
        Admission afterwards = desk.offer("m", manual(), COOLDOWN, T0.plusSeconds(2));

        assertThat(whileRunning).isInstanceOfSatisfying(Refused.class, r -> assertThat(r.running())
                .isEqualTo(first));
        assertThat(afterwards).isInstanceOf(Start.class);
    }

    @Test
    void modelsDoNotHoldEachOtherBack() {
        RunDesk desk = new RunDesk();

        assertThat(desk.offer("a", alert("x"), COOLDOWN, T0)).isInstanceOf(Start.class);
        assertThat(desk.offer("b", alert("x"), COOLDOWN, T0)).isInstanceOf(Start.class);
    }

    @Test
    void aRememberedRunKeepsTheCooldownAcrossARestart() {
        RunDesk desk = new RunDesk();
        desk.remember("m", "run-before", T0);

        Admission a = desk.offer("m", alert("x"), COOLDOWN, T0.plusSeconds(60));

        assertThat(a).isInstanceOfSatisfying(Coalesced.class, c -> assertThat(c.into())
                .isEqualTo("run-before"));
        assertThat(desk.inFlight("m")).isEmpty();
    }

    @Test
    void finishingAnotherRunDoesNotFreeTheModel() {
        RunDesk desk = new RunDesk();
        String running = desk.offer("m", manual(), COOLDOWN, T0).runId();

        desk.finished("m", "some-other-run");

        assertThat(desk.inFlight("m")).contains(running);
    }
}
