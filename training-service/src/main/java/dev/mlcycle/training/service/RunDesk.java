package dev.mlcycle.training.service;

import dev.mlcycle.contracts.record.Trigger;
import dev.mlcycle.contracts.record.Trigger.TriggerKind;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Decides what a trigger does, per model: start a run, be coalesced into another, or be refused. At most one run
 * of a model is in flight; an automatic trigger (schedule, new data, alert) that arrives while one is, or within
 * the model's cooldown after the last run started, is coalesced: recorded, folded into that run, not run again.
 * So a burst of ten duplicate alerts starts exactly one run. A person asking for a run is never held back by the
 * cooldown (they asked on purpose), but is refused while a run is in flight, since their parameters may differ
 * from the running one's.
 *
 * <p>Thread-safe; pure (no I/O), so the rules are tested without a broker.
 */
public final class RunDesk {
    private static final DateTimeFormatter RUN_ID_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC);

    private final Map<String, ModelDesk> desks = new HashMap<>();

    /** What became of a trigger. */
    public sealed interface Admission {
        /** The run id given to the trigger's record. */
        String runId();
    }

    /** Start a run with this id. */
    public record Start(String runId) implements Admission {}

    /**
     * Do not run: record the trigger as a run of status COALESCED, folded into {@code into}.
     *
     * @param runId the coalesced record's own id
     * @param into the run it was folded into
     * @param inFlight whether {@code into} is still running (else the trigger came within the cooldown)
     */
    public record Coalesced(String runId, String into, boolean inFlight) implements Admission {}

    /** Refused: a person asked while {@code running} is in flight. */
    public record Refused(String runId, String running) implements Admission {}

    private static final class ModelDesk {
        String inFlight;
        String lastRun;
        Instant lastStart;
    }

    /**
     * Admits a trigger.
     *
     * @param model the model
     * @param trigger the trigger
     * @param cooldown the model's cooldown
     * @param now the time of decision
     */
    public synchronized Admission offer(String model, Trigger trigger, Duration cooldown, Instant now) {
        ModelDesk desk = desks.computeIfAbsent(model, m -> new ModelDesk());
        String id = newRunId(model, now);
        boolean manual = trigger.kind() == TriggerKind.MANUAL;
        if (desk.inFlight != null) {
            return manual ? new Refused(id, desk.inFlight) : new Coalesced(id, desk.inFlight, true);
        }
        if (!manual && desk.lastStart != null && now.isBefore(desk.lastStart.plus(cooldown))) {
            return new Coalesced(id, desk.lastRun, false);
        }
        desk.inFlight = id;
        desk.lastRun = id;
        desk.lastStart = now;
        return new Start(id);
    }

    /** The run is over (whatever its outcome); the model may run again. */
    public synchronized void finished(String model, String runId) {
        ModelDesk desk = desks.get(model);
        if (desk != null && runId.equals(desk.inFlight)) {
            desk.inFlight = null;
        }
    }

    /**
     * Remembers a run from before a restart, so the cooldown holds across restarts.
     *
     * @param model the model
     * @param runId the run
     * @param startedAt when it was admitted
     */
    public synchronized void remember(String model, String runId, Instant startedAt) {
        ModelDesk desk = desks.computeIfAbsent(model, m -> new ModelDesk());
        if (desk.lastStart == null || startedAt.isAfter(desk.lastStart)) {
            desk.lastStart = startedAt;
            desk.lastRun = runId;
        }
    }

    /** The run of a model in flight, if any. */
    public synchronized Optional<String> inFlight(String model) {
        ModelDesk desk = desks.get(model);
        return Optional.ofNullable(desk == null ? null : desk.inFlight);
    }

    /** A fresh run id: {@code run-<UTC time>-<model>-<random>}, sortable by time. */
    static String newRunId(String model, Instant now) {
        return "run-" + RUN_ID_TIME.format(now) + "-" + model + "-"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xFFFFFF));
    }
}
