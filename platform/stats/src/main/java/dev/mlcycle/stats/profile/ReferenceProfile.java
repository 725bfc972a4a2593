package dev.mlcycle.stats.profile;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.json.JsonCodec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The reference profile of a model, stored as JSON in its bundle: the profile of every feature of its
 * training data, in spec order, and of its own predictions on the test split. Monitoring compares
 * live windows against it with the bins frozen here.
 *
 * <p>JSON (snake_case, by contracts' {@code Json.mapper()}); doubles are written so that they read back
 * bit for bit, and {@link #fromJson} of {@link #toJson} gives an equal profile:
 *
 * <pre>{@code
 * {"format_version":1,"dataset":"credit","rows":1000,"created_at":"2026-01-01T00:00:00Z",
 *  "features":{
 *    "income":{"type":"numeric","count":990,"missing":10,"min":0.0,"max":9.1E4,"mean":...,"std":...,
 *              "edges":[...],"counts":[...],"sample":[...],"sketch":"<base64 KLL>"},
 *    "region":{"type":"categorical","count":1000,"missing":0,"categories":["north",...],"counts":[...]}},
 *  "predictions":{"kind":"classification","predicted_classes":{"type":"categorical",...},
 *                 "positive_class":"yes","positive_probability":{"type":"numeric",...}}}
 * }</pre>
 *
 * @param formatVersion the JSON format version, {@value #FORMAT_VERSION}; a reader refuses others
 * @param dataset the dataset name
 * @param rows the number of training rows profiled; every feature's count + missing equals it
 * @param createdAt when the profile was made
 * @param features the profile of every feature by name, in spec order
 * @param predictions the model's outputs on its test split
 */
public record ReferenceProfile(
        int formatVersion,
        String dataset,
        long rows,
        Instant createdAt,
        Map<String, FeatureProfile> features,
        PredictionProfile predictions) {
    /** The JSON format this code writes and reads. */
    public static final int FORMAT_VERSION = 1;

    private static final JsonCodec<ReferenceProfile> CODEC = JsonCodec.of(ReferenceProfile.class);

    public ReferenceProfile {
        if (formatVersion != FORMAT_VERSION) {
            throw new IllegalArgumentException("field \"format_version\": expected " + FORMAT_VERSION
                    + " (the format this reader knows), got " + formatVersion);
        }
        if (dataset == null || dataset.isBlank()) {
            throw new IllegalArgumentException("field \"dataset\": expected a dataset name, got "
                    + (dataset == null ? "nothing" : "\"" + dataset + "\""));
        }
        if (rows < 0) {
            throw new IllegalArgumentException("field \"rows\": expected >= 0, got " + rows);
        }
        if (createdAt == null) {
            throw new IllegalArgumentException("missing field \"created_at\"");
        }
        if (features == null) {
            throw new IllegalArgumentException("missing field \"features\"");
        }
        if (predictions == null) {
            throw new IllegalArgumentException("missing field \"predictions\"");
        }
        Map<String, FeatureProfile> copy = new LinkedHashMap<>();
        for (Map.Entry<String, FeatureProfile> e : features.entrySet()) {
            String name = e.getKey();
            FeatureProfile p = e.getValue();
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("field \"features\": expected feature names, got a blank one");
            }
            if (p == null) {
                throw new IllegalArgumentException("missing field \"features." + name + "\"");
            }
            if (p.total() != rows) {
                throw new IllegalArgumentException("field \"features." + name + "\": expected count + missing = rows "
                        + rows + ", got " + p.count() + " + " + p.missing());
            }
            copy.put(name, p);
        }
        features = Collections.unmodifiableMap(copy);
    }

    /**
     * A profile in the current format.
     *
     * @param features by name, in spec order (the order is kept)
     */
    public static ReferenceProfile of(
            String dataset,
            long rows,
            Instant createdAt,
            Map<String, FeatureProfile> features,
            PredictionProfile predictions) {
        return new ReferenceProfile(FORMAT_VERSION, dataset, rows, createdAt, features, predictions);
    }

    /** The profile of one feature, or empty when there is no such feature. */
    public Optional<FeatureProfile> feature(String name) {
        return Optional.ofNullable(features.get(name));
    }

    /** Compact UTF-8 JSON, as stored in a model bundle. */
    public byte[] toJsonBytes() {
        return CODEC.encode(this);
    }

    /** Compact JSON, as stored in a model bundle. */
    public String toJson() {
        return new String(toJsonBytes(), StandardCharsets.UTF_8);
    }

    /**
     * Reads a profile.
     *
     * @throws MlcycleException INVALID_RECORD naming the field that is wrong, e.g. {@code reference
     *     profile, field "features.income.counts": expected bin counts summing to count 10, got 9}, or
     *     an unknown {@code format_version}
     */
    public static ReferenceProfile fromJson(String json) {
        return CODEC.decode(json, "reference profile");
    }

    /**
     * Reads a profile from bytes.
     *
     * @param source where the bytes came from (a bundle file path), for the error message
     * @throws MlcycleException INVALID_RECORD naming the source and the field that is wrong
     */
    public static ReferenceProfile fromJson(byte[] json, String source) {
        return CODEC.decode(json, source);
    }
}
