package dev.mlcycle.serving.score;

import dev.mlcycle.contracts.record.Prediction;
import dev.mlcycle.contracts.record.PredictionRecord;
import dev.mlcycle.contracts.spec.DatasetSpec;
import dev.mlcycle.features.check.DataLimits;
import dev.mlcycle.features.check.FeatureChecks;
import dev.mlcycle.features.check.ValidationReport;
import dev.mlcycle.lake.LabelledSnapshotReader;
import dev.mlcycle.lake.LabelledSnapshotReader.EventColumns;
import dev.mlcycle.lake.LabelledSnapshotReader.EventsResult;
import dev.mlcycle.lake.LabelledSnapshotReader.Window;
import dev.mlcycle.lake.Lake;
import dev.mlcycle.lake.PredictionsTable;
import dev.mlcycle.lake.PredictionsTable.JobCommit;
import dev.mlcycle.lake.PredictionsTable.PredictionColumns;
import dev.mlcycle.lake.PredictionsTable.PredictionJob;
import dev.mlcycle.lake.WriterOptions;
import dev.mlcycle.serving.model.Frame;
import dev.mlcycle.serving.model.Outputs;
import dev.mlcycle.serving.model.ServedModel;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * Runs one batch job: reads the events snapshot through the lake's snapshot reader, runs the data checks
 * ({@link FeatureChecks}, as training does before it trains) and fails with their report when the data fails,
 * then reads it again in batches, scores each with {@link ServedModel#predict} (the encoder and model online
 * answers with), writes the predictions table batch by batch and commits the job's rows in one snapshot. A job
 * whose id the table already holds adds nothing. Every prediction also goes to the prediction sink, when there is
 * one.
 */
final class BatchScorer {
    /** The variant of batch predictions on the prediction log. */
    static final String VARIANT = "batch";

    private final Lake lake;
    private final DataLimits limits;
    private final int batchRows;
    private final Optional<Consumer<PredictionRecord>> predictions;
    private final Clock clock;

    BatchScorer(
            Lake lake,
            DataLimits limits,
            int batchRows,
            Optional<Consumer<PredictionRecord>> predictions,
            Clock clock) {
        this.lake = lake;
        this.limits = limits;
        this.batchRows = batchRows;
        this.predictions = predictions;
        this.clock = clock;
    }

    void run(BatchJob job, ServedModel model) {
        DatasetSpec spec = model.spec();
        PredictionsTable table = PredictionsTable.of(lake, spec);
        job.table(table.name());
        Optional<JobCommit> before = table.findJob(job.id());
        if (before.isPresent()) {
            job.succeeded(before.get());
            return;
        }
        LabelledSnapshotReader reader = new LabelledSnapshotReader(lake);
        OptionalLong snapshot = OptionalLong.of(job.snapshotId());
        Window window = Window.of(job.request().from(), job.request().to());

        job.checking();
        FeatureChecks checks = new FeatureChecks(spec);
        EventsResult read = reader.readEvents(
                spec,
                snapshot,
                window,
                batchRows,
                b -> {
                    checks.rows(b.rows());
                    for (int f = 0; f < b.columns().length; f++) {
                        checks.column(f, b.columns()[f], b.rows());
                    }
                },
                n -> {});
        ValidationReport report = checks.report(read.schemaProblems(), limits);
        job.checked(report);
        if (!report.passed()) {
            job.failed(report.summary());
            return;
        }

        job.scoring();
        PredictionJob what = new PredictionJob(
                job.id(),
                model.model(),
                model.version(),
                job.snapshotId(),
                job.request().from(),
                job.request().to());
        try (PredictionsTable.JobWriter writer = table.writer(what, WriterOptions.defaults())) {
            try {
                reader.readEvents(spec, snapshot, window, batchRows, b -> score(job, model, writer, b), n -> {});
                job.committing();
                job.succeeded(writer.commit());
            } catch (RuntimeException e) {
                writer.abort();
                throw e;
            }
        }
    }

    private void score(BatchJob job, ServedModel model, PredictionsTable.JobWriter writer, EventColumns b) {
        int n = b.rows();
        Object[][] columns = b.columns();
        String[] ids = b.ids();
        if (n < ids.length) {
            columns = Arrays.stream(columns).map(c -> Arrays.copyOf(c, n)).toArray(Object[][]::new);
            ids = Arrays.copyOf(ids, n);
        }
        Frame frame = Frame.of(b.names(), columns, ids, eventTimes(b.eventMicros(), n));
        long started = System.nanoTime();
        Outputs out = model.predict(frame);
        double latencyMs = (System.nanoTime() - started) / 1e6 / Math.max(1, n);
        writer.write(new PredictionColumns(
                ids, b.eventMicros(), out.classes(), out.labels(), out.probabilities(), out.values(), n));
        predictions.ifPresent(sink -> log(sink, job, model, frame, out, latencyMs));
        job.scored(n);
    }

    /** The lake's event times (microseconds since the epoch) of the first {@code n} rows as instants. */
    static Instant[] eventTimes(long[] eventMicros, int n) {
        Instant[] times = new Instant[n];
        for (int r = 0; r < n; r++) {
            long micros = eventMicros[r];
            times[r] = Instant.ofEpochSecond(
                    Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
        }
        return times;
    }

    private void log(
            Consumer<PredictionRecord> sink,
            BatchJob job,
            ServedModel model,
            Frame frame,
            Outputs out,
            double latencyMs) {
        Instant now = clock.instant();
        List<String> classes = out.classes();
        for (int r = 0; r < frame.rows(); r++) {
            Prediction p;
            if (out.isClassification()) {
                Map<String, Double> probabilities = new LinkedHashMap<>();
                for (int c = 0; c < classes.size(); c++) {
                    probabilities.put(classes.get(c), out.probabilities()[r][c]);
                }
                p = Prediction.ofLabel(out.labels()[r], probabilities);
            } else {
                p = Prediction.ofValue(out.values()[r]);
            }
            sink.accept(new PredictionRecord(
                    job.id(),
                    frame.eventId(r),
                    model.model(),
                    model.version(),
                    VARIANT,
                    frame.row(r),
                    p,
                    now,
                    latencyMs,
                    frame.eventTime(r)));
        }
    }
}
