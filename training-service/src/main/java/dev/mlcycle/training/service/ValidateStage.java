package dev.mlcycle.training.service;

import dev.mlcycle.features.check.ValidationReport;
import dev.mlcycle.training.adapter.RunReports;
import dev.mlcycle.training.adapter.SnapshotData;
import dev.mlcycle.training.data.DataValidator;

/**
 * Stage 2 of a run: checks the rows read against the model's data limits and keeps the report (passed or not)
 * through {@link RunReports}. Input: the settings and what was read; output: the {@link ValidationReport}, which
 * ends the run when it did not pass.
 */
final class ValidateStage {
    private final RunReports reports;

    ValidateStage(RunReports reports) {
        this.reports = reports;
    }

    ValidationReport validate(String runId, ModelSettings s, SnapshotData data) {
        ValidationReport report = new DataValidator(s.limits()).validate(data.frame(), data.schemaProblems());
        reports.writeDataReport(runId, report);
        return report;
    }
}
