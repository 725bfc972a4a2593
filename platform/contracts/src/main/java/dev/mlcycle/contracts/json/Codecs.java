package dev.mlcycle.contracts.json;

import dev.mlcycle.contracts.record.Alert;
import dev.mlcycle.contracts.record.DriftReport;
import dev.mlcycle.contracts.record.LakeCommit;
import dev.mlcycle.contracts.record.ModelRecord;
import dev.mlcycle.contracts.record.PredictionRecord;
import dev.mlcycle.contracts.record.TrainingRun;

/**
 * One codec per record carried on a platform topic, so every reader and writer of a topic uses the
 * same one. Feature and label events are read against their dataset spec instead; see {@code
 * dev.mlcycle.contracts.validation}.
 */
public final class Codecs {
    /** {@code mlcycle.lake.commits}. */
    public static final JsonCodec<LakeCommit> LAKE_COMMIT = JsonCodec.of(LakeCommit.class);
    /** {@code mlcycle.registry}. */
    public static final JsonCodec<ModelRecord> MODEL_RECORD = JsonCodec.of(ModelRecord.class);
    /** {@code mlcycle.training.runs}. */
    public static final JsonCodec<TrainingRun> TRAINING_RUN = JsonCodec.of(TrainingRun.class);
    /** {@code mlcycle.predictions.<model>}. */
    public static final JsonCodec<PredictionRecord> PREDICTION_RECORD = JsonCodec.of(PredictionRecord.class);
    /** {@code mlcycle.drift.reports}. */
    public static final JsonCodec<DriftReport> DRIFT_REPORT = JsonCodec.of(DriftReport.class);
    /** {@code mlcycle.alerts}. */
    public static final JsonCodec<Alert> ALERT = JsonCodec.of(Alert.class);

    private Codecs() {}
}
