package dev.mlcycle.contracts.record;

import com.fasterxml.jackson.annotation.JsonFormat;
import dev.mlcycle.contracts.Topics;
import dev.mlcycle.contracts.record.Alert.AlertKind;
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
 * @param performance the metrics on the window's labelled predictions; empty when no label has arrived
 *     (records written before several metrics were kept hold one object here; it reads as a list of one)
 * @param correction optional: the multiple-testing correction applied to the p-values, e.g. {@code
 *     benjamini-hochberg}; absent when none was
 * @param drift whether the report found drift in the inputs or the outputs
 * @param window optional: the window's number for this model version, from 1
 * @param closedBy optional: why the window closed, {@code rows} (it was full) or {@code time} (its duration
 *     passed)
 * @param timeBasis optional: {@code event_time} when the window's bounds are the events' own times, {@code
 *     arrival} when they are the times the predictions were made
 * @param findings what the window found, one entry per kind, none when all was well
 * @param detectors the streaming detectors on the labelled predictions (DDM, Page-Hinkley), none before labels
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
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<Performance> performance,
        String correction,
        boolean drift,
        Long window,
        String closedBy,
        String timeBasis,
        List<AlertKind> findings,
        List<DetectorState> detectors) {

    /** {@link #closedBy()}: the window held its number of rows. */
    public static final String CLOSED_BY_ROWS = "rows";
    /** {@link #closedBy()}: the window's duration passed. */
    public static final String CLOSED_BY_TIME = "time";
    /** {@link #timeBasis()}: bounds are the events' own times. */
    public static final String EVENT_TIME = "event_time";
    /** {@link #timeBasis()}: bounds are when the predictions were made. */
    public static final String ARRIVAL = "arrival";

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
        performance = Fields.optionalList(performance, "performance");
        Fields.optionalText(correction, "correction");
        Fields.optionalAtLeast(window, 1L, "window");
        Fields.optionalText(closedBy, "closed_by");
        Fields.optionalText(timeBasis, "time_basis");
        findings = Fields.optionalList(findings, "findings");
        detectors = Fields.optionalList(detectors, "detectors");
    }

    /** The tests that found drift. */
    public List<DriftTest> drifted() {
        return tests.stream().filter(DriftTest::drifted).toList();
    }

    /** Whether the window found this kind of problem. */
    public boolean found(AlertKind kind) {
        return findings.contains(kind);
    }
}
