package dev.mlcycle.monitoring.topology;

import dev.mlcycle.contracts.Topics;
import dev.mlcycle.contracts.json.Codecs;
import dev.mlcycle.contracts.record.Alert;
import dev.mlcycle.contracts.record.DriftReport;
import dev.mlcycle.monitoring.drift.AlertPolicy;
import dev.mlcycle.monitoring.drift.ConceptDetectors;
import java.nio.file.Path;
import java.util.Properties;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Builds the monitoring topology (DESIGN.md draws it):
 *
 * <pre>
 * mlcycle.predictions.*  -> decode -> by model version ----------------------------+
 *                             \-> with an event id, by dataset + event id --+      |
 * mlcycle.labels.*       -> decode -> by dataset + event id ---------------+-> [by-event] -> label join --+
 *                                                                                                         v
 *                                                               [by-version] -> windows -> mlcycle.drift.reports
 *                                                                                  \-> [by-model] -> alerts -> mlcycle.alerts
 * </pre>
 *
 * Nothing here touches a broker: the service runs the topology, and the tests drive it with {@code
 * TopologyTestDriver}. Topic patterns, store names and the application id are constants the tests reuse.
 */
public final class MonitoringTopology {
    /** The Kafka Streams application id (also the consumer group and the prefix of internal topics). */
    public static final String APPLICATION_ID = "mlcycle-monitoring";
    /** Every model's predictions topic. */
    public static final Pattern PREDICTIONS =
            Pattern.compile(Pattern.quote(Topics.PREDICTIONS_PREFIX) + Topics.MODEL_NAME.pattern());
    /** Every dataset's labels topic. */
    public static final Pattern LABELS =
            Pattern.compile(Pattern.quote(Topics.LABELS_PREFIX) + Topics.DATASET_NAME.pattern());

    /** Predictions waiting for their label, by dataset, event id, model and version. */
    public static final String PENDING = "pending-predictions";
    /** Labels kept for predictions that come after them, by dataset and event id. */
    public static final String LABEL_STORE = "labels";
    /** The open window of each model version. */
    public static final String WINDOWS = "windows";
    /** The predictions and outcomes of the open windows. */
    public static final String ROWS = "window-rows";
    /** The streaming detectors of each model version. */
    public static final String DETECTORS = "detectors";
    /** The alert track of each model and kind. */
    public static final String TRACKS = "alert-tracks";
    /** The open alert of each model and kind. */
    public static final String OPEN_ALERTS = "open-alerts";

    private MonitoringTopology() {}

    /** The topology, with its stores in RocksDB (what the service runs). */
    public static Topology build(TopologySettings settings, ReferenceSource references, TopologyListener listener) {
        return build(settings, references, listener, true);
    }

    /**
     * The topology.
     *
     * @param persistent stores in RocksDB (the service), or in memory (tests: {@code TopologyTestDriver} commits, and
     *     checkpoints a persistent store, after every record); both are changelogged
     */
    public static Topology build(
            TopologySettings settings, ReferenceSource references, TopologyListener listener, boolean persistent) {
        StreamsBuilder b = new StreamsBuilder();
        Serde<Envelope> envelopes = Envelope.serde();
        Serde<DriftReport> reports = JsonSerde.of(Codecs.DRIFT_REPORT);
        Serde<Alert> alerts = JsonSerde.of(Codecs.ALERT);
        b.addStateStore(store(PENDING, envelopes, persistent));
        b.addStateStore(store(LABEL_STORE, envelopes, persistent));
        b.addStateStore(store(WINDOWS, JsonSerde.of(WindowState.class), persistent));
        b.addStateStore(store(ROWS, Serdes.ByteArray(), persistent));
        b.addStateStore(store(DETECTORS, JsonSerde.of(ConceptDetectors.Snapshot.class), persistent));
        b.addStateStore(store(TRACKS, JsonSerde.of(AlertPolicy.Track.class), persistent));
        b.addStateStore(store(OPEN_ALERTS, alerts, persistent));

        KStream<String, Envelope> predictions = b.stream(
                        PREDICTIONS,
                        Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("predictions"))
                .process(
                        () -> new DecodePredictions(references, listener, settings.includeBatch()),
                        Named.as("decode-predictions"));
        KStream<String, Envelope> labels = b.stream(
                        LABELS,
                        Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("labels"))
                .process(() -> new DecodeLabels(references, listener), Named.as("decode-labels"));

        KStream<String, Envelope> outcomes = predictions
                .filter((k, v) -> !v.eventId().isEmpty(), Named.as("with-event-id"))
                .selectKey((k, v) -> v.joinKey(), Named.as("by-event-key"))
                .merge(labels, Named.as("predictions-and-labels"))
                .repartition(Repartitioned.with(Serdes.String(), envelopes)
                        .withName("by-event")
                        .withNumberOfPartitions(settings.partitions()))
                .process(() -> new LabelJoin(settings, listener), Named.as("label-join"), PENDING, LABEL_STORE);

        KStream<String, DriftReport> closed = predictions
                .merge(outcomes, Named.as("predictions-and-outcomes"))
                .repartition(Repartitioned.with(Serdes.String(), envelopes)
                        .withName("by-version")
                        .withNumberOfPartitions(settings.partitions()))
                .process(
                        () -> new WindowProcessor(settings, references, listener),
                        Named.as("windows"),
                        WINDOWS,
                        ROWS,
                        DETECTORS);
        closed.to(Topics.DRIFT_REPORTS, Produced.with(Serdes.String(), reports).withName("reports-out"));
        closed.repartition(Repartitioned.with(Serdes.String(), reports)
                        .withName("by-model")
                        .withNumberOfPartitions(settings.partitions()))
                .process(() -> new AlertProcessor(settings, listener), Named.as("alerts"), TRACKS, OPEN_ALERTS)
                .to(Topics.ALERTS, Produced.with(Serdes.String(), alerts).withName("alerts-out"));
        return b.build();
    }

    /**
     * The Kafka Streams configuration the service runs the topology with: exactly-once (v2), so a window's report,
     * its alerts, its store changes and the input offsets commit together, and a restart repeats none of them.
     *
     * @param bootstrap the brokers
     * @param stateDir where the local stores live (RocksDB)
     * @param replication the replication factor of the internal topics
     */
    public static Properties streamsConfig(String bootstrap, Path stateDir, short replication) {
        return streamsConfig(APPLICATION_ID, bootstrap, stateDir, replication);
    }

    /** {@link #streamsConfig(String, Path, short)} under another application id (tests, a second deployment). */
    public static Properties streamsConfig(String applicationId, String bootstrap, Path stateDir, short replication) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) replication);
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 500);
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        // A new model's predictions topic is picked up within seconds, not the default five minutes.
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.METADATA_MAX_AGE_CONFIG), 3_000);
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 10_000);
        return p;
    }

    private static <V> StoreBuilder<KeyValueStore<String, V>> store(String name, Serde<V> values, boolean persistent) {
        return Stores.keyValueStoreBuilder(
                persistent ? Stores.persistentKeyValueStore(name) : Stores.inMemoryKeyValueStore(name),
                Serdes.String(),
                values);
    }
}
