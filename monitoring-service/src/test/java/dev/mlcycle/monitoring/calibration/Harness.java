package dev.mlcycle.monitoring.calibration;

import dev.mlcycle.contracts.Topics;
import dev.mlcycle.contracts.json.Codecs;
import dev.mlcycle.contracts.record.Alert;
import dev.mlcycle.contracts.record.DriftReport;
import dev.mlcycle.contracts.record.FeatureEvent;
import dev.mlcycle.contracts.record.ModelRecord;
import dev.mlcycle.contracts.record.Prediction;
import dev.mlcycle.contracts.record.PredictionRecord;
import dev.mlcycle.contracts.spec.DatasetSpec;
import dev.mlcycle.contracts.spec.FeatureSpec;
import dev.mlcycle.datagen.DataGenerator;
import dev.mlcycle.datagen.GeneratedRecord;
import dev.mlcycle.datagen.GeneratorOptions;
import dev.mlcycle.datagen.RecordKind;
import dev.mlcycle.datagen.manifest.Manifest;
import dev.mlcycle.datagen.model.CreditModel;
import dev.mlcycle.monitoring.drift.Reference;
import dev.mlcycle.monitoring.topology.MonitoringTopology;
import dev.mlcycle.monitoring.topology.ReferenceSource;
import dev.mlcycle.monitoring.topology.TopologyListener;
import dev.mlcycle.monitoring.topology.TopologySettings;
import dev.mlcycle.stats.metrics.ClassificationMetrics;
import dev.mlcycle.stats.metrics.MetricNames;
import dev.mlcycle.stats.metrics.PositiveClass;
import dev.mlcycle.stats.profile.ClassificationPredictions;
import dev.mlcycle.stats.profile.ProfileBuilder;
import dev.mlcycle.stats.profile.ProfileOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * Feeds one generated credit run through the monitoring topology, in process, as the deployed system would see it:
 * every valid event becomes a {@link PredictionRecord} (event id, event time, features, the model's probabilities)
 * on {@code mlcycle.predictions.<model>}, and every delayed label the generator emits goes, as emitted (its bytes and
 * its arrival position in the stream), to {@code mlcycle.labels.credit}.
 *
 * <p>The model is the generator's own base concept: P(yes | x) = logistic({@link CreditModel#logit}), the Bayes
 * classifier of the stationary stream. Training's Tribuo code lives in training-service, a Quarkus application that
 * monitoring does not depend on; the true model is the best any trained model could be, so performance baselines are
 * tight and every drop past them comes from the stream, not from a weak fit. The reference is built as training
 * builds it (training-service {@code RegisterStage.profile}): {@link ProfileBuilder} over the first rows of a
 * stationary run (the training rows) and {@link ClassificationPredictions} over the model's probabilities on the held
 * out rows after them, whose metrics are the model card's test metrics.
 */
final class Harness {
    static final String MODEL = "credit-default";
    static final String DATASET = "credit";
    static final int VERSION = 1;

    private Harness() {}

    /** The model: the generator's base concept. */
    static final class TrueModel {
        private final CreditModel credit = CreditModel.load();
        private final List<FeatureSpec> features = credit.spec().features();
        private final List<String> classes = credit.spec().label().values();

        DatasetSpec spec() {
            return credit.spec();
        }

        List<String> classes() {
            return classes;
        }

        /** P(classes[i] | x), in class order (the positive class last). */
        double[] probabilities(Map<String, Object> row) {
            Object[] values = new Object[features.size()];
            for (int f = 0; f < values.length; f++) {
                values[f] = row.get(features.get(f).name());
            }
            double p = 1 / (1 + Math.exp(-credit.logit(values)));
            return new double[] {1 - p, p};
        }
    }

    /**
     * A reference as training makes one: a stationary run of {@code trainRows + testRows} events with its own seed,
     * the first {@code trainRows} profiled, the model scored on the rest.
     */
    static Reference reference(TrueModel model, long seed, int trainRows, int testRows) {
        DataGenerator gen = DataGenerator.create(GeneratorOptions.builder()
                .dataset(DATASET)
                .seed(seed)
                .events(trainRows + testRows)
                .build());
        ProfileOptions options = ProfileOptions.defaults().withSeed(seed);
        ProfileBuilder profile = new ProfileBuilder(gen.spec(), options);
        double[][] probabilities = new double[testRows][];
        int[] actual = new int[testRows];
        int i = 0;
        while (gen.hasNext()) {
            GeneratedRecord r = gen.next();
            if (r.kind() != RecordKind.EVENT) {
                continue;
            }
            FeatureEvent e = r.event();
            if (i < trainRows) {
                profile.add(e.features());
            } else {
                probabilities[i - trainRows] = model.probabilities(e.features());
                actual[i - trainRows] =
                        model.classes().indexOf(String.valueOf(r.truth().label()));
            }
            i++;
        }
        int positive = PositiveClass.of(model.classes());
        ClassificationMetrics m = ClassificationMetrics.of(model.classes(), actual, probabilities, positive);
        Map<String, Double> test = new LinkedHashMap<>();
        test.put(MetricNames.ACCURACY, m.accuracy());
        m.rocAuc().ifPresent(v -> test.put(MetricNames.ROC_AUC, v));
        test.put(MetricNames.LOG_LOSS, m.logLoss());
        test.put(MetricNames.BRIER, m.brier());
        return new Reference(
                MODEL,
                VERSION,
                profile.build(
                        Instant.parse("2026-01-01T00:00:00Z"),
                        ClassificationPredictions.of(model.classes(), probabilities, positive, options)),
                test);
    }

    static ReferenceSource source(Reference reference, DatasetSpec spec) {
        return new ReferenceSource() {
            @Override
            public Optional<Reference> reference(String model, int version) {
                return MODEL.equals(model) && version == VERSION ? Optional.of(reference) : Optional.empty();
            }

            @Override
            public Optional<DatasetSpec> spec(String dataset) {
                return DATASET.equals(dataset) ? Optional.of(spec) : Optional.empty();
            }
        };
    }

    /** The prediction serving would log for a generated event. */
    static byte[] prediction(TrueModel model, FeatureEvent e) {
        double[] p = model.probabilities(e.features());
        Map<String, Double> probabilities = new LinkedHashMap<>();
        List<String> classes = model.classes();
        int best = 0;
        for (int c = 0; c < classes.size(); c++) {
            probabilities.put(classes.get(c), p[c]);
            if (p[c] > p[best]) {
                best = c;
            }
        }
        return Codecs.PREDICTION_RECORD.encode(new PredictionRecord(
                "req-" + e.id(),
                e.id(),
                MODEL,
                VERSION,
                ModelRecord.CHAMPION,
                e.features(),
                Prediction.ofLabel(classes.get(best), probabilities),
                e.timestamp(),
                1.0,
                e.timestamp()));
    }

    /** What a run produced. */
    record Run(
            Manifest manifest,
            List<DriftReport> reports,
            List<Alert> alerts,
            long predictions,
            long labels,
            Map<String, Long> skipped,
            double seconds) {}

    /**
     * Runs the generator with {@code options} through a topology with {@code settings}.
     *
     * @param persistent RocksDB stores (as the service) or in-memory ones
     */
    static Run run(
            GeneratorOptions options,
            TrueModel model,
            Reference reference,
            TopologySettings settings,
            boolean persistent) {
        Path stateDir = tempDir();
        Map<String, Long> skipped = new LinkedHashMap<>();
        TopologyListener listener = new Counting(skipped);
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "monitoring-calibration");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        DataGenerator gen = DataGenerator.create(options);
        List<DriftReport> reports = new ArrayList<>();
        List<Alert> alerts = new ArrayList<>();
        long predictions = 0;
        long labels = 0;
        long t0 = System.nanoTime();
        try (TopologyTestDriver driver = new TopologyTestDriver(
                MonitoringTopology.build(settings, source(reference, model.spec()), listener, persistent),
                p,
                options.start())) {
            TestInputTopic<byte[], byte[]> predictionsIn = driver.createInputTopic(
                    Topics.predictions(MODEL), new ByteArraySerializer(), new ByteArraySerializer());
            TestInputTopic<byte[], byte[]> labelsIn = driver.createInputTopic(
                    Topics.labels(DATASET), new ByteArraySerializer(), new ByteArraySerializer());
            TestOutputTopic<String, byte[]> reportsOut = driver.createOutputTopic(
                    Topics.DRIFT_REPORTS, new StringDeserializer(), new ByteArrayDeserializer());
            TestOutputTopic<String, byte[]> alertsOut =
                    driver.createOutputTopic(Topics.ALERTS, new StringDeserializer(), new ByteArrayDeserializer());
            while (gen.hasNext()) {
                GeneratedRecord r = gen.next();
                if (r.kind() == RecordKind.EVENT) {
                    predictionsIn.pipeInput(null, prediction(model, r.event()), r.time());
                    predictions++;
                } else if (r.kind() == RecordKind.LABEL) {
                    labelsIn.pipeInput(r.key(), r.value(), r.time());
                    labels++;
                }
                if ((predictions & 0x3fff) == 0) {
                    drain(reportsOut, alertsOut, reports, alerts);
                }
            }
            drain(reportsOut, alertsOut, reports, alerts);
        } finally {
            deleteQuietly(stateDir);
        }
        return new Run(gen.manifest(), reports, alerts, predictions, labels, skipped, (System.nanoTime() - t0) / 1e9);
    }

    private static void drain(
            TestOutputTopic<String, byte[]> reportsOut,
            TestOutputTopic<String, byte[]> alertsOut,
            List<DriftReport> reports,
            List<Alert> alerts) {
        reportsOut.readValuesToList().forEach(b -> reports.add(Codecs.DRIFT_REPORT.decode(b, "report")));
        alertsOut.readValuesToList().forEach(b -> alerts.add(Codecs.ALERT.decode(b, "alert")));
    }

    static Path tempDir() {
        try {
            return Files.createTempDirectory("mlcycle-calibration");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteQuietly(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // a leftover temp directory is harmless
        }
    }

    /** Counts skipped records by reason. */
    static final class Counting implements TopologyListener {
        private final Map<String, Long> skipped;
        final AtomicLong windowed = new AtomicLong();
        final AtomicLong joined = new AtomicLong();

        Counting(Map<String, Long> skipped) {
            this.skipped = skipped;
        }

        @Override
        public void skipped(String reason, String topic, String detail) {
            skipped.merge(reason, 1L, Long::sum);
        }

        @Override
        public void windowed(String model, int version) {
            windowed.incrementAndGet();
        }

        @Override
        public void joined(String model, int version) {
            joined.incrementAndGet();
        }

        @Override
        public void expired(String dataset) {}

        @Override
        public void windowClosed(DriftReport report) {}

        @Override
        public void alert(Alert alert) {}
    }

    static GeneratorOptions.Builder options(long seed, long events, String scenario, Duration labelDelay) {
        GeneratorOptions.Builder b = GeneratorOptions.builder()
                .dataset(DATASET)
                .seed(seed)
                .events(events)
                .labelDelay(labelDelay);
        if (scenario != null && !scenario.isBlank()) {
            b.scenario(scenario);
        }
        return b;
    }
}
