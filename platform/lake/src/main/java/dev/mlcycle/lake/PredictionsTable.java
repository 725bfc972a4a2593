package dev.mlcycle.lake;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.contracts.spec.DatasetSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;

/**
 * The table {@code <dataset>.predictions}: what batch scoring predicted for the dataset's events, one row per event
 * and job, and the jobs that wrote them. A job's rows land in ONE Iceberg APPEND snapshot whose summary names the
 * job ({@value #JOB_ID_KEY}), the model and version, and the events snapshot (and window) it read; a job whose id a
 * snapshot already carries adds nothing, so rerunning a job changes nothing.
 *
 * <p>Columns: {@value #EVENT_ID}, {@value #EVENT_TIME} (timestamptz), {@value #MODEL}, {@value #VERSION} (int),
 * {@value #LABEL} (nullable: regression), {@value #PROBABILITIES} ({@code map<string,double>}, class name to
 * probability; nullable: regression), {@value #VALUE} (nullable: classification), {@value #JOB_ID}. Partitioned by
 * day of event time, sorted by model, version, event time, event id.
 */
public final class PredictionsTable {
    public static final String EVENT_ID = "event_id";
    public static final String EVENT_TIME = "event_time";
    public static final String MODEL = "model";
    public static final String VERSION = "version";
    public static final String LABEL = "label";
    public static final String PROBABILITIES = "probabilities";
    public static final String VALUE = "value";
    public static final String JOB_ID = "job_id";

    /** Snapshot summary key: the job id; at most one snapshot of the table carries a given one. */
    public static final String JOB_ID_KEY = "mlcycle.job.id";
    /** Snapshot summary key: the model name. */
    public static final String MODEL_KEY = "mlcycle.model";
    /** Snapshot summary key: the model version. */
    public static final String VERSION_KEY = "mlcycle.model.version";
    /** Snapshot summary key: the snapshot id of {@code <dataset>.events} that was scored. */
    public static final String INPUT_SNAPSHOT_KEY = "mlcycle.input.snapshot";
    /** Snapshot summary key: the event-time window scored, {@code [from,to)} in ISO-8601, absent for all. */
    public static final String INPUT_WINDOW_KEY = "mlcycle.input.window";

    private final LakeTable table;

    private PredictionsTable(LakeTable table) {
        this.table = table;
    }

    /** The predictions table of {@code spec}'s dataset, created if missing. */
    public static PredictionsTable of(Lake lake, DatasetSpec spec) {
        return new PredictionsTable(lake.table(spec, TableKind.PREDICTIONS));
    }

    /** The existing predictions table of a dataset, if there is one. */
    public static Optional<PredictionsTable> find(Lake lake, String dataset) {
        return lake.find(dataset, TableKind.PREDICTIONS).map(PredictionsTable::new);
    }

    /** The underlying table: its snapshots, live files ({@link LakeTable#liveFiles}) and rows. */
    public LakeTable table() {
        return table;
    }

    /** {@code <dataset>.predictions}. */
    public String name() {
        return table.name();
    }

    /** The commit of a job, if a snapshot of the table carries its id (refreshing first). */
    public Optional<JobCommit> findJob(String jobId) {
        Table t = table.iceberg();
        t.refresh();
        Snapshot s = TableWriter.findSummary(t, JOB_ID_KEY, jobId);
        return Optional.ofNullable(s).map(snapshot -> JobCommit.of(table.name(), snapshot, false));
    }

    /** A writer of one job's rows; nothing is visible until {@link JobWriter#commit}. */
    public JobWriter writer(PredictionJob job, WriterOptions options) {
        return new JobWriter(job, table.writer(options));
    }

    /**
     * One batch job: what it scores with and what it read.
     *
     * @param jobId the job id, unique per job; the same id on a rerun means the same job
     * @param model the model name
     * @param version the model version
     * @param inputSnapshotId the events snapshot read
     * @param from the start of the event-time window (inclusive), or null
     * @param to the end of the event-time window (exclusive), or null
     */
    public record PredictionJob(
            String jobId, String model, int version, long inputSnapshotId, Instant from, Instant to) {
        public PredictionJob {
            Objects.requireNonNull(jobId, "jobId");
            Objects.requireNonNull(model, "model");
        }

        Map<String, String> summary() {
            Map<String, String> s = new LinkedHashMap<>();
            s.put(JOB_ID_KEY, jobId);
            s.put(MODEL_KEY, model);
            s.put(VERSION_KEY, Integer.toString(version));
            s.put(INPUT_SNAPSHOT_KEY, Long.toString(inputSnapshotId));
            if (from != null || to != null) {
                s.put(INPUT_WINDOW_KEY, "[" + (from == null ? "" : from) + "," + (to == null ? "" : to) + ")");
            }
            return s;
        }
    }

    /**
     * A job's commit.
     *
     * @param table {@code <dataset>.predictions}
     * @param snapshotId the snapshot holding the job's rows
     * @param jobId the job
     * @param model the model name from the summary
     * @param version the model version from the summary
     * @param inputSnapshotId the events snapshot the job read
     * @param rows the rows the snapshot added
     * @param committedAt when it was committed
     * @param added true when this call committed it; false when the job had committed before (nothing added now)
     */
    public record JobCommit(
            String table,
            long snapshotId,
            String jobId,
            String model,
            int version,
            long inputSnapshotId,
            long rows,
            Instant committedAt,
            boolean added) {
        static JobCommit of(String table, Snapshot s, boolean added) {
            Map<String, String> sum = s.summary();
            return new JobCommit(
                    table,
                    s.snapshotId(),
                    sum.get(JOB_ID_KEY),
                    sum.get(MODEL_KEY),
                    Integer.parseInt(sum.getOrDefault(VERSION_KEY, "0")),
                    Long.parseLong(sum.getOrDefault(INPUT_SNAPSHOT_KEY, "0")),
                    Long.parseLong(sum.getOrDefault(SnapshotSummary.ADDED_RECORDS_PROP, "0")),
                    Instant.ofEpochMilli(s.timestampMillis()),
                    added);
        }
    }

    /**
     * Predictions of a batch of events, column by column: row {@code r} is {@code eventIds[r]} at {@code
     * eventMicros[r]}; classification fills {@code labels} and {@code probabilities[r][c]} for {@code classes.get(c)},
     * regression fills {@code values}.
     *
     * @param eventIds the event ids
     * @param eventMicros the event times in microseconds since the epoch
     * @param classes the class names (empty for regression)
     * @param labels the predicted classes, or null for regression
     * @param probabilities per row, a probability per class, or null for regression
     * @param values the predicted values, or null for classification
     * @param rows how many rows of the arrays to take
     */
    public record PredictionColumns(
            String[] eventIds,
            long[] eventMicros,
            List<String> classes,
            String[] labels,
            double[][] probabilities,
            double[] values,
            int rows) {}

    /**
     * Writes one job's rows as sorted Parquet files, batch by batch (memory stays at one batch), and commits them all
     * in one snapshot. Use from one thread.
     */
    public final class JobWriter implements AutoCloseable {
        private final PredictionJob job;
        private final TableWriter writer;
        private final List<WrittenFiles> written = new ArrayList<>();
        private long rows;

        private JobWriter(PredictionJob job, TableWriter writer) {
            this.job = job;
            this.writer = writer;
        }

        /** Rows written so far (not yet committed). */
        public long rows() {
            return rows;
        }

        /**
         * Writes a batch of predictions to new data files (not committed).
         *
         * @throws MlcycleException {@link Reason#INVALID_ARGUMENT} if a row lacks an id or its outputs
         */
        public void write(PredictionColumns c) {
            Schema schema = table.iceberg().schema();
            GenericRecord template = GenericRecord.create(schema);
            List<Record> records = new ArrayList<>(c.rows());
            boolean classification = c.labels() != null;
            for (int r = 0; r < c.rows(); r++) {
                if (c.eventIds()[r] == null) {
                    throw new MlcycleException(
                            Reason.INVALID_ARGUMENT,
                            "prediction row " + r + " of job " + job.jobId() + " has no event id");
                }
                GenericRecord rec = template.copy();
                rec.setField(EVENT_ID, c.eventIds()[r]);
                rec.setField(EVENT_TIME, RowMapper.utc(instant(c.eventMicros()[r])));
                rec.setField(MODEL, job.model());
                rec.setField(VERSION, job.version());
                rec.setField(JOB_ID, job.jobId());
                if (classification) {
                    rec.setField(LABEL, c.labels()[r]);
                    Map<String, Double> p = new LinkedHashMap<>();
                    double[] row = c.probabilities()[r];
                    for (int k = 0; k < c.classes().size(); k++) {
                        p.put(c.classes().get(k), row[k]);
                    }
                    rec.setField(PROBABILITIES, p);
                } else {
                    rec.setField(VALUE, c.values()[r]);
                }
                records.add(rec);
            }
            written.add(writer.write(records));
            rows += c.rows();
        }

        /**
         * Commits every file written as one snapshot naming the job, unless the job committed before: then the files
         * are deleted and nothing is added ({@link JobCommit#added()} false).
         */
        public JobCommit commit() {
            WrittenFiles all = concat(written);
            TableWriter.OnceCommit done = writer.commitOnce(all, job.summary(), JOB_ID_KEY);
            if (!done.added()) {
                writer.abort(all);
            }
            Table t = table.iceberg();
            Snapshot s = t.snapshot(done.snapshotId());
            if (s == null) {
                t.refresh();
                s = t.snapshot(done.snapshotId());
            }
            return JobCommit.of(table.name(), s, done.added());
        }

        /** Deletes the files written and not committed. */
        public void abort() {
            writer.abort(concat(written));
        }

        @Override
        public void close() {
            writer.close();
        }
    }

    private static WrittenFiles concat(List<WrittenFiles> parts) {
        List<org.apache.iceberg.DataFile> files = new ArrayList<>();
        long rows = 0;
        long bytes = 0;
        Instant min = null;
        Instant max = null;
        for (WrittenFiles w : parts) {
            files.addAll(w.files());
            rows += w.rows();
            bytes += w.bytes();
            if (w.minTime() != null && (min == null || w.minTime().isBefore(min))) {
                min = w.minTime();
            }
            if (w.maxTime() != null && (max == null || w.maxTime().isAfter(max))) {
                max = w.maxTime();
            }
        }
        return new WrittenFiles(files, rows, bytes, min, max);
    }

    private static Instant instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000);
    }
}
