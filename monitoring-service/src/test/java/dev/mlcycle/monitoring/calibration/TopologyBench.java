package dev.mlcycle.monitoring.calibration;

import dev.mlcycle.contracts.Topics;
import dev.mlcycle.contracts.json.Codecs;
import dev.mlcycle.contracts.record.PredictionRecord;
import dev.mlcycle.datagen.DataGenerator;
import dev.mlcycle.datagen.GeneratedRecord;
import dev.mlcycle.datagen.RecordKind;
import dev.mlcycle.monitoring.drift.Observation;
import dev.mlcycle.monitoring.drift.Reference;
import dev.mlcycle.monitoring.drift.WindowAnalysis;
import dev.mlcycle.monitoring.topology.MonitoringTopology;
import dev.mlcycle.monitoring.topology.TopologyListener;
import dev.mlcycle.monitoring.topology.TopologySettings;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * Predictions per second through the monitoring topology on one thread ({@code TopologyTestDriver}, which runs
 * every processor of every sub-topology, the repartitions included, on the calling thread), with the service's
 * defaults (window 2,000 rows), in-memory and RocksDB stores. Time is the thread's CPU time (so a busy shared machine
 * does not distort it) next to the wall clock. Where the time goes: the same predictions decoded alone, and the
 * window analysis alone on the same windows; the rest is Kafka Streams (the test driver's per-record commit, the
 * repartition serdes of the envelope, the stores and their changelogs).
 *
 * <pre>java ... dev.mlcycle.monitoring.calibration.TopologyBench [predictions=200000] [persistentPredictions=500]</pre>
 */
public final class TopologyBench {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private TopologyBench() {}

    record Input(List<byte[]> values, List<Boolean> isLabel, List<Instant> times, int predictions, int labels) {}

    static Input input(Harness.TrueModel model, long events) {
        DataGenerator gen = DataGenerator.create(Harness.options(99, events, "stationary", Calibration.FAST_LABELS)
                .build());
        List<byte[]> values = new ArrayList<>();
        List<Boolean> isLabel = new ArrayList<>();
        List<Instant> times = new ArrayList<>();
        int p = 0;
        int l = 0;
        while (gen.hasNext()) {
            GeneratedRecord r = gen.next();
            if (r.kind() == RecordKind.EVENT) {
                values.add(Harness.prediction(model, r.event()));
                isLabel.add(false);
                p++;
            } else if (r.kind() == RecordKind.LABEL) {
                values.add(r.value());
                isLabel.add(true);
                l++;
            } else {
                continue;
            }
            times.add(r.time());
        }
        return new Input(values, isLabel, times, p, l);
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int nPersistent = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        Harness.TrueModel model = new Harness.TrueModel();
        Reference reference = Harness.reference(model, 1_001, Calibration.TRAIN_ROWS, Calibration.TEST_ROWS);
        Input input = input(model, n);
        System.out.printf(
                Locale.ROOT,
                "input: %d predictions (%d bytes each on average) and %d labels of a stationary credit run%n",
                input.predictions(),
                java.util.stream.IntStream.range(0, input.values().size())
                                .filter(i -> !input.isLabel().get(i))
                                .mapToLong(i -> input.values().get(i).length)
                                .sum()
                        / input.predictions(),
                input.labels());
        // warm-up: JIT the whole path once on a slice
        drive(slice(input, 20_000), model, reference, false, false);
        drive(input, model, reference, false, false);
        drive(slice(input, Math.min(n, 30_000)), model, reference, false, true);
        drive(slice(input, nPersistent), model, reference, true, false);

        // where the time goes
        long c0 = cpu();
        long sink = 0;
        List<PredictionRecord> decoded = new ArrayList<>(input.predictions());
        for (int i = 0; i < input.values().size(); i++) {
            if (!input.isLabel().get(i)) {
                PredictionRecord p =
                        Codecs.PREDICTION_RECORD.decode(input.values().get(i), "bench");
                decoded.add(p);
                sink += p.features().size();
            }
        }
        double decodeS = (cpu() - c0) / 1e9;
        c0 = cpu();
        for (PredictionRecord p : decoded) {
            sink += Codecs.PREDICTION_RECORD.encode(p).length;
        }
        double encodeS = (cpu() - c0) / 1e9;
        c0 = cpu();
        TopologySettings settings = TopologySettings.defaults();
        int windows = 0;
        for (int from = 0; from + settings.windowRows() <= decoded.size(); from += settings.windowRows()) {
            List<Observation> rows = new ArrayList<>(settings.windowRows());
            for (PredictionRecord p : decoded.subList(from, from + settings.windowRows())) {
                rows.add(new Observation(
                        p.effectiveTime(),
                        p.features(),
                        p.prediction().label(),
                        p.prediction().probabilities().get("yes"),
                        null));
            }
            sink += WindowAnalysis.analyze(reference, rows, settings.drift())
                    .tests()
                    .size();
            windows++;
        }
        double analyzeS = (cpu() - c0) / 1e9;
        System.out.printf(
                Locale.ROOT,
                "parts (CPU): decode %d predictions %.2f s (%.1f us each), encode again %.2f s (%.1f us each),"
                        + " window analysis %d windows %.2f s (%.1f ms each, %.1f us per prediction) [%d]%n",
                decoded.size(),
                decodeS,
                1e6 * decodeS / decoded.size(),
                encodeS,
                1e6 * encodeS / decoded.size(),
                windows,
                analyzeS,
                1e3 * analyzeS / windows,
                1e6 * analyzeS / decoded.size(),
                sink % 10);
    }

    static Input slice(Input in, int predictions) {
        int end = 0;
        int p = 0;
        int l = 0;
        while (end < in.values().size() && p < predictions) {
            if (in.isLabel().get(end)) {
                l++;
            } else {
                p++;
            }
            end++;
        }
        return new Input(
                in.values().subList(0, end),
                in.isLabel().subList(0, end),
                in.times().subList(0, end),
                p,
                l);
    }

    static void drive(
            Input input, Harness.TrueModel model, Reference reference, boolean persistent, boolean predictionsOnly) {
        Path stateDir = Harness.tempDir();
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "monitoring-bench");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        long reports = 0;
        long c0;
        long w0;
        long c1;
        long w1;
        try (TopologyTestDriver driver = new TopologyTestDriver(
                MonitoringTopology.build(
                        TopologySettings.defaults(),
                        Harness.source(reference, model.spec()),
                        TopologyListener.NONE,
                        persistent),
                p,
                input.times().get(0))) {
            TestInputTopic<byte[], byte[]> predictions = driver.createInputTopic(
                    Topics.predictions(Harness.MODEL), new ByteArraySerializer(), new ByteArraySerializer());
            TestInputTopic<byte[], byte[]> labels = driver.createInputTopic(
                    Topics.labels(Harness.DATASET), new ByteArraySerializer(), new ByteArraySerializer());
            TestOutputTopic<String, byte[]> out = driver.createOutputTopic(
                    Topics.DRIFT_REPORTS, new StringDeserializer(), new ByteArrayDeserializer());
            c0 = cpu();
            w0 = System.nanoTime();
            for (int i = 0; i < input.values().size(); i++) {
                if (input.isLabel().get(i)) {
                    if (!predictionsOnly) {
                        labels.pipeInput(
                                null, input.values().get(i), input.times().get(i));
                    }
                } else {
                    predictions.pipeInput(
                            null, input.values().get(i), input.times().get(i));
                }
                if ((i & 0xffff) == 0) {
                    reports += out.getQueueSize();
                    out.readValuesToList();
                }
            }
            reports += out.getQueueSize();
            c1 = cpu();
            w1 = System.nanoTime();
        } finally {
            Harness.deleteQuietly(stateDir);
        }
        double cpuS = (c1 - c0) / 1e9;
        double wallS = (w1 - w0) / 1e9;
        System.out.printf(
                Locale.ROOT,
                "%s stores, %s: %d predictions%s, %d windows closed: %.0f predictions/s per core (CPU %.1f s;"
                        + " wall %.1f s, %.0f/s)%n",
                persistent ? "RocksDB" : "in-memory",
                predictionsOnly ? "predictions only" : "predictions and labels",
                input.predictions(),
                predictionsOnly ? "" : " + " + input.labels() + " labels",
                reports,
                input.predictions() / cpuS,
                cpuS,
                wallS,
                input.predictions() / wallS);
    }

    private static long cpu() {
        return THREADS.getCurrentThreadCpuTime();
    }
}
