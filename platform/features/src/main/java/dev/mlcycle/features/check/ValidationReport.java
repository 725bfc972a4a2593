package dev.mlcycle.features.check;

import java.util.List;

/**
 * What the data checks found in a batch of rows (training: {@code DataValidator} on a run's data; batch scoring: {@link FeatureChecks} on the events it scores): every check made, passed or not. A run whose report did not
 * pass trains nothing and fails with {@link #summary()} as its error; the whole report is kept with the run.
 *
 * @param passed whether every check passed
 * @param rows the labelled rows checked
 * @param checks every check, in the order made
 */
public record ValidationReport(boolean passed, long rows, List<DataCheck> checks) {

    public ValidationReport {
        checks = List.copyOf(checks);
    }

    /** A report of these checks; passed when all passed. */
    public static ValidationReport of(long rows, List<DataCheck> checks) {
        return new ValidationReport(checks.stream().allMatch(DataCheck::passed), rows, checks);
    }

    /** The failed checks. */
    public List<DataCheck> failures() {
        return checks.stream().filter(c -> !c.passed()).toList();
    }

    /** One line naming every failed check, for a run's error. */
    public String summary() {
        List<DataCheck> failed = failures();
        if (failed.isEmpty()) {
            return "data passed " + checks.size() + " checks on " + rows + " rows";
        }
        StringBuilder s = new StringBuilder("data failed " + failed.size() + " of " + checks.size() + " checks: ");
        for (int i = 0; i < failed.size(); i++) {
            if (i > 0) {
                s.append("; ");
            }
            s.append(failed.get(i).detail());
        }
        return s.toString();
    }
}
