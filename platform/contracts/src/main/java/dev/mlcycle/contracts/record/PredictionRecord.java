package dev.mlcycle.contracts.record;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.mlcycle.contracts.Topics;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One prediction served: the value of {@code mlcycle.predictions.<model>} ({@link
 * Topics#predictions(String)}), keyed by {@link #key()}: the event id when the caller sent one (so a
 * late label joins it), else the request id. Written by serving for every online and batch
 * prediction; read by monitoring, which windows them for prediction drift and joins labels for
 * performance.
 *
 * @param requestId the id of the inference request (one request may carry several inputs, each with
 *     its own record)
 * @param eventId optional: the dataset's event id of the input, when the caller sent one
 * @param model the model name, as in {@link Topics#MODEL_NAME}
 * @param version the model version that answered, {@code >= 1}
 * @param variant which alias answered: {@value ModelRecord#CHAMPION} or {@value
 *     ModelRecord#CHALLENGER}
 * @param features the input as served, in the order given: numbers, strings, booleans, or null for a
 *     missing value (written as JSON null, not left out); integral numbers are kept as {@link Long},
 *     others as {@link Double}
 * @param prediction what the model answered
 * @param timestamp when the prediction was made
 * @param latencyMs time spent answering, in milliseconds, {@code >= 0}
 * @param eventTime optional: the event's own time, when the caller gave one (monitoring windows by it);
 *     absent means only {@code timestamp} is known
 */
public record PredictionRecord(
        String requestId,
        String eventId,
        String model,
        int version,
        String variant,
        @JsonInclude(value = JsonInclude.Include.NON_NULL, content = JsonInclude.Include.ALWAYS)
                Map<String, Object> features,
        Prediction prediction,
        Instant timestamp,
        double latencyMs,
        Instant eventTime) {

    public PredictionRecord {
        Fields.text(requestId, "request_id");
        Fields.optionalText(eventId, "event_id");
        Fields.matching(model, Topics.MODEL_NAME, "model");
        Fields.atLeast(version, 1, "version");
        Fields.text(variant, "variant");
        features = scalars(features);
        Fields.required(prediction, "prediction");
        Fields.required(timestamp, "timestamp");
        Fields.nonNegative(latencyMs, "latency_ms");
    }

    /** The event's time when known, else when the prediction was made. */
    public Instant effectiveTime() {
        return eventTime != null ? eventTime : timestamp;
    }

    /** The Kafka key: the event id if there is one, else the request id. */
    public String key() {
        return eventId != null ? eventId : requestId;
    }

    /** Copies the features in order, refusing nested values and making numbers Long or Double. */
    private static Map<String, Object> scalars(Map<String, Object> features) {
        Fields.required(features, "features");
        Map<String, Object> copy = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : features.entrySet()) {
            String name = e.getKey();
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException(
                        "field \"features\": expected non-empty names, got " + (name == null ? "null" : "\"\""));
            }
            copy.put(name, scalar(e.getValue(), "features." + name));
        }
        return Collections.unmodifiableMap(copy);
    }

    private static Object scalar(Object value, String field) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Long) {
            return value;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof BigInteger big) {
            if (big.bitLength() < 64) {
                return big.longValue();
            }
            throw new IllegalArgumentException("field \"" + field + "\": expected a number within 64 bits, got " + big);
        }
        if (value instanceof Double || value instanceof Float || value instanceof BigDecimal) {
            return Fields.finite(((Number) value).doubleValue(), field);
        }
        String got = value instanceof Map ? "an object" : value instanceof Iterable ? "an array" : value.toString();
        throw new IllegalArgumentException(
                "field \"" + field + "\": expected a number, string, boolean or null, got " + got);
    }
}
