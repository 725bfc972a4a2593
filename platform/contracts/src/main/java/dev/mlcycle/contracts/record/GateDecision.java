package dev.mlcycle.contracts.record;

import java.util.List;

/**
 * Whether a trained candidate may be registered and promoted, and why. Nested in {@link
 * TrainingRun}, on {@code mlcycle.training.runs}; written by training, read by the CLI and dashboards.
 *
 * @param passed whether the candidate passed the gate as a whole
 * @param checks each check made, possibly none (a first model has no champion to beat)
 * @param championVersion optional: the champion compared against; absent when there was none
 */
public record GateDecision(boolean passed, List<GateCheck> checks, Integer championVersion) {

    public GateDecision {
        checks = Fields.list(checks, "checks");
        Fields.optionalAtLeast(championVersion, 1, "champion_version");
    }

    /** The checks that failed. */
    public List<GateCheck> failures() {
        return checks.stream().filter(c -> !c.passed()).toList();
    }
}
