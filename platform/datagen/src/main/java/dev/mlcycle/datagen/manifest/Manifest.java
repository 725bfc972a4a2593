package dev.mlcycle.datagen.manifest;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The ground truth of one generated run: what was asked for, what was emitted, where the changes lie,
 * every injected fault, and a sha256 over the emitted stream. Written as JSON by {@link ManifestJson}
 * (snake_case names, one line per change point and per fault).
 *
 * @param format the manifest format version, {@value #FORMAT}
 * @param generator always {@code mlcycle-datagen}
 * @param dataset the dataset name
 * @param seed the run's seed
 * @param options every option of the run, resolved (defaults filled in), in a fixed order
 * @param model the constants of the data-generating process the run used
 * @param topics the topic of each record kind
 * @param counts what was emitted
 * @param changePoints one per non-stationary scenario, in scenario order
 * @param faults every injected fault, in stream order
 * @param sha256 SHA-256 of the emitted stream, as {@link dev.mlcycle.datagen.StreamDigest} defines it
 */
public record Manifest(
        int format,
        String generator,
        String dataset,
        long seed,
        Map<String, Object> options,
        ModelInfo model,
        Map<String, String> topics,
        Counts counts,
        List<ChangePoint> changePoints,
        List<Fault> faults,
        String sha256) {

    public static final int FORMAT = 1;
    public static final String GENERATOR = "mlcycle-datagen";

    /**
     * The model constants a run depended on.
     *
     * @param positiveLabel the label class whose rate prior shifts move; absent for a numeric label
     * @param baseRate P(positive) of the base population under the base concept; the pi_old of prior shifts; absent
     *     for a numeric label
     * @param featureMean base-population means of numeric features
     * @param featureSd base-population standard deviations; a covariate shift of size s moves a numeric
     *     feature by s times this
     * @param labelMean a numeric label's base-population mean; absent for a class label
     * @param labelSd a numeric label's base-population standard deviation (an RMSE to beat); absent for a class label
     */
    public record ModelInfo(
            String positiveLabel,
            Double baseRate,
            Map<String, Double> featureMean,
            Map<String, Double> featureSd,
            Double labelMean,
            Double labelSd) {}

    /**
     * What was emitted.
     *
     * @param validEvents valid events (N)
     * @param labels label records emitted (delayed labels only)
     * @param labelsLost delayed labels that never arrive
     * @param nulls valid events with a feature nulled
     * @param outliers valid events with an outlier
     * @param malformed malformed records by kind, every kind listed
     * @param malformedTotal all malformed records
     * @param records records per topic
     * @param recordsTotal all records
     */
    public record Counts(
            long validEvents,
            long labels,
            long labelsLost,
            long nulls,
            long outliers,
            Map<String, Long> malformed,
            long malformedTotal,
            Map<String, Long> records,
            long recordsTotal) {}

    /**
     * A change point.
     *
     * @param scenario the scenario's number (1-based, in the order given)
     * @param kind covariate, concept or prior
     * @param spec the scenario in canonical CLI form
     * @param index the index of the first affected valid event (events are counted from 0)
     * @param windowEvents the ramp length in events (0 = abrupt)
     * @param fullIndex the first index at full size ({@code index + max(windowEvents - 1, 0)})
     * @param eventTime the event time of the first affected event, absent if the run ended before it
     * @param parameters the scenario's parameters, resolved
     */
    public record ChangePoint(
            int scenario,
            String kind,
            String spec,
            long index,
            long windowEvents,
            long fullIndex,
            Instant eventTime,
            Map<String, Object> parameters) {}

    /**
     * One injected fault.
     *
     * @param kind the fault kind, as on the command line ({@code broken_json})
     * @param seq the record's position in the emitted stream (0-based, over both topics)
     * @param topic the record's topic
     * @param key the record's Kafka key (UTF-8)
     * @param eventId the record's event id, absent for a malformed record that carries none intact
     * @param field the field at fault, absent for a record broken as a whole
     * @param reason for malformed records, the reason code the codec rejects it with
     * @param value for malformed records the exact value bytes (UTF-8); for outliers the new value
     */
    public record Fault(
            String kind,
            long seq,
            String topic,
            String key,
            String eventId,
            String field,
            String reason,
            String value) {}
}
