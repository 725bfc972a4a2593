package dev.mlcycle.training;

import dev.mlcycle.contracts.record.FeatureEvent;
import dev.mlcycle.datagen.GeneratorOptions;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Lands generated credit data in a lake the way ingest does (labels committed before events, offsets in each
 * snapshot), so training tests read a real Iceberg lake without running ingest; {@link GeneratedLake} does the
 * landing.
 */
public final class LakeFixture {
    private LakeFixture() {}

    /**
     * Generates {@code events} credit events with {@code seed} and lands them and their labels.
     *
     * @param change applied to each event's features before it lands (to make bad data), or identity
     * @return the events snapshot id
     */
    public static long land(Path lakeRoot, int events, long seed, UnaryOperator<Map<String, Object>> change) {
        return land(lakeRoot, events, seed, GeneratorOptions.DEFAULT_START, change);
    }

    /**
     * As {@link #land(Path, int, long, UnaryOperator)}, the first event at {@code start} (one a second after it), so
     * a test can land newer events, or backfill older ones, in a later snapshot.
     */
    public static long land(
            Path lakeRoot, int events, long seed, Instant start, UnaryOperator<Map<String, Object>> change) {
        GeneratorOptions options = GeneratorOptions.builder()
                .events(events)
                .seed(seed)
                .start(start)
                .build();
        return GeneratedLake.land(
                lakeRoot,
                options,
                e -> new FeatureEvent(
                        e.id(), e.key(), e.timestamp(), change.apply(new LinkedHashMap<>(e.features())), e.label()),
                UnaryOperator.identity());
    }
}
