package dev.mlcycle.lake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.contracts.json.Json;
import dev.mlcycle.contracts.record.OffsetRange;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The keys mlcycle writes into an Iceberg snapshot summary, and their JSON. This is how ingestion
 * resumes exactly once: every snapshot carries the Kafka offsets of everything the table holds.
 *
 * <ul>
 *   <li>{@value #OFFSETS}: the cumulative next offset of every topic partition ever committed, as
 *       {@code {"mlcycle.events.credit":{"0":1234,"1":987}}}. An append merges its ranges into its
 *       parent's map; a compaction carries its parent's map forward unchanged.
 *   <li>{@value #RANGES}: the offset ranges this append covers, as a JSON array of {@link
 *       OffsetRange}.
 *   <li>{@value #COMMIT_ID}: a UUID per commit, the same across its retries, so that a commit whose
 *       outcome was unknown can be found.
 * </ul>
 */
public final class CommitSummary {
    /** Cumulative next offset per topic partition. */
    public static final String OFFSETS = "mlcycle.kafka.offsets";
    /** The ranges one append covers. */
    public static final String RANGES = "mlcycle.kafka.ranges";
    /** The id of the commit, the same across its attempts. */
    public static final String COMMIT_ID = "mlcycle.commit.id";

    private static final TypeReference<TreeMap<String, TreeMap<Integer, Long>>> OFFSETS_TYPE = new TypeReference<>() {};
    private static final TypeReference<List<OffsetRange>> RANGES_TYPE = new TypeReference<>() {};

    private CommitSummary() {}

    /** The {@value #OFFSETS} JSON of a map of next offsets, topics and partitions sorted. */
    public static String offsetsJson(Map<SourcePartition, Long> offsets) {
        Map<String, Map<Integer, Long>> byTopic = new TreeMap<>();
        offsets.forEach((tp, next) ->
                byTopic.computeIfAbsent(tp.topic(), t -> new TreeMap<>()).put(tp.partition(), next));
        return write(byTopic);
    }

    /**
     * The offsets in a snapshot summary, empty if it has no {@value #OFFSETS} key.
     *
     * @throws MlcycleException {@link Reason#INTERNAL} if the value is not the JSON this class writes
     */
    public static Map<SourcePartition, Long> offsets(Map<String, String> summary) {
        String json = summary == null ? null : summary.get(OFFSETS);
        if (json == null) {
            return Map.of();
        }
        try {
            Map<SourcePartition, Long> offsets = new TreeMap<>();
            Json.mapper()
                    .readValue(json, OFFSETS_TYPE)
                    .forEach((topic, partitions) -> partitions.forEach((partition, next) -> {
                        if (next == null || next < 0) {
                            throw new IllegalArgumentException(topic + "-" + partition + " has no valid offset");
                        }
                        offsets.put(new SourcePartition(topic, partition), next);
                    }));
            return Collections.unmodifiableMap(offsets);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new MlcycleException(
                    Reason.INTERNAL, "snapshot summary key " + OFFSETS + " is not a map of offsets: " + json, e);
        }
    }

    /** The {@value #RANGES} JSON of a commit's ranges. */
    public static String rangesJson(List<OffsetRange> ranges) {
        return write(ranges);
    }

    /** The ranges in a snapshot summary, empty if it has no {@value #RANGES} key. */
    public static List<OffsetRange> ranges(Map<String, String> summary) {
        String json = summary == null ? null : summary.get(RANGES);
        if (json == null) {
            return List.of();
        }
        try {
            return List.copyOf(Json.mapper().readValue(json, RANGES_TYPE));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new MlcycleException(
                    Reason.INTERNAL, "snapshot summary key " + RANGES + " is not a list of offset ranges: " + json, e);
        }
    }

    /** {@code base} with each range's partition moved to its {@code untilOffset}. */
    static Map<SourcePartition, Long> merge(Map<SourcePartition, Long> base, List<OffsetRange> ranges) {
        Map<SourcePartition, Long> merged = new TreeMap<>(base);
        for (OffsetRange r : ranges) {
            merged.put(new SourcePartition(r.topic(), r.partition()), r.untilOffset());
        }
        return merged;
    }

    /**
     * Checks that each range starts where the table's committed offsets end (or that its partition
     * was never committed); throws {@link Reason#CONFLICT} naming the first one that does not.
     */
    static void fence(String table, Map<SourcePartition, Long> committed, List<OffsetRange> ranges) {
        for (OffsetRange r : ranges) {
            SourcePartition tp = new SourcePartition(r.topic(), r.partition());
            Long next = committed.get(tp);
            if (next != null && next != r.fromOffset()) {
                throw new MlcycleException(
                        Reason.CONFLICT,
                        "another writer committed " + tp + " up to " + next + " in " + table
                                + ", this commit starts at " + r.fromOffset() + "; nothing was committed");
            }
        }
    }

    /** Refuses two ranges of one topic partition in one commit. */
    static void requireDistinct(List<OffsetRange> ranges) {
        Map<SourcePartition, OffsetRange> seen = new LinkedHashMap<>();
        for (OffsetRange r : ranges) {
            OffsetRange before = seen.put(new SourcePartition(r.topic(), r.partition()), r);
            if (before != null) {
                throw new MlcycleException(
                        Reason.INVALID_ARGUMENT,
                        "a commit may hold one range per topic partition, got " + before + " and " + r);
            }
        }
    }

    private static String write(Object value) {
        try {
            return Json.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new MlcycleException(Reason.INTERNAL, "cannot write snapshot summary JSON: " + e.getMessage(), e);
        }
    }
}
