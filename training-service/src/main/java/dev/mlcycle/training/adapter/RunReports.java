package dev.mlcycle.training.adapter;

import dev.mlcycle.contracts.json.Json;
import dev.mlcycle.features.check.ValidationReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a run's files live on disk: {@code <runs-dir>/<run-id>/data-report.json}, the data report of its checks,
 * written when the checks ran (passed or not) and served by {@code GET /training/runs/{id}/report}.
 */
public final class RunReports {
    private final Path runsDir;

    /** Reports kept under this directory. */
    public RunReports(Path runsDir) {
        this.runsDir = runsDir;
    }

    /** Where the data report of a run is kept. */
    public Path dataReport(String runId) {
        return runsDir.resolve(runId).resolve("data-report.json");
    }

    /**
     * Writes a run's data report as pretty JSON.
     *
     * @throws UncheckedIOException naming the file when it cannot be written
     */
    public void writeDataReport(String runId, ValidationReport report) {
        Path file = dataReport(runId);
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(report));
        } catch (IOException e) {
            throw new UncheckedIOException("writing the data report " + file, e);
        }
    }
}
