package dev.mlcycle.training.service;

import dev.mlcycle.features.check.ValidationReport;
import dev.mlcycle.training.adapter.SnapshotData;
import dev.mlcycle.training.data.TimeSplit;
import dev.mlcycle.training.service.EncodeStage.Encoded;
import dev.mlcycle.training.service.EvaluateStage.Evaluation;
import dev.mlcycle.training.service.TrainStage.Fit;
import org.tribuo.Output;

/**
 * A trained and evaluated candidate, as the gate and the register stages take it: the outputs of the stages
 * before them, one field per stage.
 *
 * @param data what was read (stage 1)
 * @param report the data checks it passed (stage 2)
 * @param split the time split (stage 3)
 * @param encoded the encoder and encoded splits (stage 4)
 * @param fit the model and its hyper-parameters (stages 5 and 6)
 * @param evaluation its scores (stage 7)
 */
record Candidate<T extends Output<T>>(
        SnapshotData data,
        ValidationReport report,
        TimeSplit split,
        Encoded<T> encoded,
        Fit<T> fit,
        Evaluation evaluation) {}
