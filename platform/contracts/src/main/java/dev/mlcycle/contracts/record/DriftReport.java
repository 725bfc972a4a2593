package dev.mlcycle.contracts.record;

import dev.mlcycle.contracts.Topics;
import java.time.Instant;
import java.util.List;

/**
 * The drift and performance of one model version over one window of its predictions, against the
 * reference profile of its training data: the value of {@code mlcycle.drift.reports} ({@link
 * Topics#DRIFT_REPORTS}), keyed by {@link #model()}. Written by monitoring when a window closes; read
 * by the CLI and the report page. An {@link Alert} refers to the report that raised it.
 *
 * @param reportId the report's unique id
 * @param model the model watched, as in {@link Topics#MODEL_NAME}
 * @param modelVersion the version whose predictions and reference profile were compared, {@code >= 1}
 * @param dataset the model's dataset, as in {@link Topics#DATASET_NAME}
 * @param windowStart the window's start, inclusive
 * @param windowEnd the window's end, exclusive, after {@code window_start}
 * @param rows predictions in the window, {@code >= 0}
 * @param tests each test made, possibly none (a window too small to test)
 * @param performance optional: performance on the window's labelled predictions; absent when no
 *     label has arrived
 * @param correction optional: the multiple-testing correction applied to the p-values, e.g. {@code
 *     benjamini-hochberg}; absent when none was
 * @param drift whether the report found drift
 */
public record DriftReport(
        String reportId,
        String model,
        int modelVersion,
        String dataset,
        Instant windowStart,
        Instant windowEnd,
        long rows,
        List<DriftTest> tests,
        Performance performance,
        String correction,
        boolean drift) {

    public DriftReport {
        Fields.text(reportId, "report_id");
        Fields.matching(model, Topics.MODEL_NAME, "model");
        Fields.atLeast(modelVersion, 1, "model_version");
        Fields.matching(dataset, Topics.DATASET_NAME, "dataset");
        Fields.required(windowStart, "window_start");
        Fields.required(windowEnd, "window_end");
        if (!windowEnd.isAfter(windowStart)) {
            throw new IllegalArgumentException(
                    "field \"window_end\": expected after window_start (" + windowStart + "), got " + windowEnd);
        }
        Fields.atLeast(rows, 0, "rows");
        tests = Fields.list(tests, "tests");
        Fields.optionalText(correction, "correction");
    }

    /** The tests that found drift. */
    public List<DriftTest> drifted() {
        return tests.stream().filter(DriftTest::drifted).toList();
    }
}
