package dev.mlcycle.contracts.record;

import java.time.Instant;

/**
 * Why a training run was asked for. Nested in {@link TrainingRun}, on {@code mlcycle.training.runs};
 * written by training when it accepts the request, read by the CLI and dashboards.
 *
 * @param kind where the request came from
 * @param detail optional: what exactly, e.g. {@code 12000 new rows since snapshot 4711}, an alert id,
 *     a cron expression
 * @param requestedBy optional: the user or service that asked; absent for the scheduler
 * @param requestedAt when it was asked for
 */
public record Trigger(TriggerKind kind, String detail, String requestedBy, Instant requestedAt) {

    /** Where a training request came from. */
    public enum TriggerKind {
        /** A person: {@code mlcycle train} or the training API. */
        MANUAL,
        /** The training schedule. */
        SCHEDULE,
        /** Enough new rows landed in the lake ({@code mlcycle.lake.commits}). */
        NEW_DATA,
        /** An {@link Alert} from monitoring on {@code mlcycle.alerts}. */
        ALERT,
        /** An alert from Prometheus Alertmanager through training's inbound webhook. */
        ALERTMANAGER
    }

    public Trigger {
        Fields.required(kind, "kind");
        Fields.optionalText(requestedBy, "requested_by");
        Fields.required(requestedAt, "requested_at");
    }
}
