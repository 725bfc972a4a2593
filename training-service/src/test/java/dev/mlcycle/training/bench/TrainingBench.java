package dev.mlcycle.training.bench;

import dev.mlcycle.contracts.spec.DatasetSpec;
import dev.mlcycle.features.EncoderState;
import dev.mlcycle.features.FeatureEncoder;
import dev.mlcycle.features.LabelTarget;
import dev.mlcycle.lake.LabelledSnapshotReader.Selection;
import dev.mlcycle.lake.Lake;
import dev.mlcycle.training.LakeFixture;
import dev.mlcycle.training.adapter.LakeSnapshotReader;
import dev.mlcycle.training.adapter.SnapshotData;
import dev.mlcycle.training.data.LabelledFrame;
import dev.mlcycle.training.data.TimeSplit;
import dev.mlcycle.training.learn.Algorithm;
import dev.mlcycle.training.learn.Hyperparameters;
import dev.mlcycle.training.learn.TrainerFactory;
import dev.mlcycle.training.service.Scoring;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * The training benchmarks, measured on the code a run uses: rows/s read from the lake into a Tribuo dataset
 * (lake read + label join + encoder fit + examples), then train time and ROC-AUC on the newest 15 % for each
 * algorithm named. Not a test; {@code bench/training.sh} runs it.
 *
 * <p>Arguments: events (default 1,000,000), algorithms (default {@code logistic-regression,xgboost}), an existing
 * lake directory to reuse (optional; else a temporary one is filled first).
 */
public final class TrainingBench {
    private TrainingBench() {}

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        String[] algorithms = (args.length > 1 ? args[1] : "logistic-regression,xgboost").split(",");
        Path lakeDir = args.length > 2 ? Path.of(args[2]) : Files.createTempDirectory("training-bench");
        if (!Files.exists(lakeDir.resolve(Lake.CATALOG_FILE))) {
            long t = System.nanoTime();
            LakeFixture.land(lakeDir, events, 42, UnaryOperator.identity());
            System.out.printf("landed %,d events and labels in %s in %.1f s%n", events, lakeDir, secs(t));
        }
        for (int round = 1; round <= 2; round++) {
            try (Lake lake = Lake.open(lakeDir)) {
                DatasetSpec spec = new dev.mlcycle.contracts.spec.DatasetCatalog(lakeDir).load("credit");
                long t0 = System.nanoTime();
                SnapshotData data =
                        new LakeSnapshotReader(lake).read(spec, Selection.current(), Optional.empty(), n -> {});
                double readSecs = secs(t0);
                LabelledFrame frame = data.frame();
                TimeSplit split = TimeSplit.of(frame.size(), 0.7, 0.15);
                long t1 = System.nanoTime();
                EncoderState state = FeatureEncoder.fit(spec, frame.rows(0, split.trainEnd()));
                FeatureEncoder encoder = FeatureEncoder.of(state);
                LabelTarget<Label> target = LabelTarget.classification(spec.label());
                List<Example<Label>> train = new ArrayList<>(split.trainRows());
                for (int i = 0; i < split.trainEnd(); i++) {
                    train.add(encoder.example(frame.row(i), target.output(frame.label(i))));
                }
                List<Example<Label>> test = new ArrayList<>(split.testRows());
                for (int i = split.validationEnd(); i < frame.size(); i++) {
                    test.add(encoder.example(frame.row(i), target.output(frame.label(i))));
                }
                MutableDataset<Label> dataset = new MutableDataset<>(
                        new SimpleDataSourceProvenance("bench", target.factory()), target.factory());
                dataset.addAll(train);
                double encodeSecs = secs(t1);
                Runtime rt = Runtime.getRuntime();
                System.out.printf(
                        "round %d: read %,d events -> %,d labelled rows in %.2f s (%,.0f rows/s); encoder fit +"
                                + " %,d train and %,d test examples in %.2f s; lake to Tribuo dataset %,.0f rows/s;"
                                + " heap used %,d MB%n",
                        round,
                        data.eventsRead(),
                        frame.size(),
                        readSecs,
                        frame.size() / readSecs,
                        train.size(),
                        test.size(),
                        encodeSecs,
                        frame.size() / (readSecs + encodeSecs),
                        (rt.totalMemory() - rt.freeMemory()) >> 20);
                if (round == 1) {
                    continue; // the first round warms the JIT; train once, on the second
                }
                for (String a : algorithms) {
                    Algorithm algorithm = Algorithm.of(a);
                    Hyperparameters p = Hyperparameters.resolve(algorithm, Map.of());
                    long t2 = System.nanoTime();
                    Model<Label> model = TrainerFactory.classification(p, 42).train(dataset);
                    double trainSecs = secs(t2);
                    long t3 = System.nanoTime();
                    Scoring score =
                            Scoring.classification(model, test, spec.label().values());
                    System.out.printf(
                            "%s %s: train %.1f s on %,d rows; scoring %,d test rows %.1f s; ROC-AUC %.4f, PR-AUC %.4f,"
                                    + " log loss %.4f%n",
                            algorithm.id(),
                            p.asText(),
                            trainSecs,
                            train.size(),
                            test.size(),
                            secs(t3),
                            score.metrics().get("roc_auc"),
                            score.metrics().get("pr_auc"),
                            score.metrics().get("log_loss"));
                }
            }
        }
    }

    private static double secs(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
