package dev.mlcycle.contracts.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import dev.mlcycle.contracts.record.LabelEvent;
import dev.mlcycle.contracts.spec.DatasetSpec;
import dev.mlcycle.contracts.spec.DatasetSpecs;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The codecs' fast path writes exactly what their Jackson path writes, and leaves it everything else. */
class PlainJsonWriterTest {
    static final DatasetSpec SPEC =
            DatasetSpecs.loadResource(PlainJsonWriterTest.class.getClassLoader(), "specs/loans.yaml");
    final PlainJsonWriter writer = new PlainJsonWriter(SPEC);
    final LabelEventCodec labels = new LabelEventCodec(SPEC);

    /** The Jackson path, as the codecs take it when the fast path declines. */
    static byte[] viaJackson(String id, String key, Instant t, Object[] row, Object label) {
        LinkedHashMap<String, Object> m = new LinkedHashMap<>();
        m.put(SPEC.id(), id);
        m.put(SPEC.key(), key);
        m.put(SPEC.timestamp(), t);
        for (int i = 0; i < row.length; i++) {
            m.put(SPEC.features().get(i).name(), row[i]);
        }
        if (label != null) {
            m.put(SPEC.label().name(), label);
        }
        return FlatJson.write(new JsonFactory(), m);
    }

    @Test
    void writesInstantsExactlyAsInstantToString() {
        SplittableRandom rng = new SplittableRandom(1);
        for (int i = 0; i < 50_000; i++) {
            Instant t = Instant.ofEpochSecond(
                    rng.nextLong(-62_000_000_000L, 253_000_000_000L),
                    rng.nextInt(4) == 0 ? 0 : rng.nextInt(1_000_000_000));
            if (i % 3 == 0) {
                t = Instant.ofEpochMilli(t.toEpochMilli());
            } else if (i % 3 == 1) {
                t = Instant.ofEpochSecond(t.getEpochSecond(), t.getNano() / 1000 * 1000);
            }
            String expected = "{\"event_id\":\"e\",\"default\":\"no\",\"label_time\":\"" + t + "\"}";
            byte[] plain = writer.label("e", "no", t);
            if (plain != null) {
                assertThat(new String(plain, StandardCharsets.US_ASCII)).isEqualTo(expected);
            } else {
                assertThat(t.toString()).doesNotMatch("\\d{4}-.*");
            }
            assertThat(new String(labels.encode(new LabelEvent("e", "no", t)), StandardCharsets.UTF_8))
                    .isEqualTo(expected);
        }
    }

    @Test
    void writesEventsExactlyAsJacksonIncludingNullsAndAwkwardNumbers() {
        Instant t = Instant.parse("2026-01-01T00:00:01.001Z");
        Object[] awkward = {1.0E7, 18L, "north", "car", false};
        assertThat(writer.event("credit-1-0", "c-000001", t, awkward, "yes"))
                .isEqualTo(viaJackson("credit-1-0", "c-000001", t, awkward, "yes"));
        Object[] small = {1.0E-4, 100L, "west", "home", true};
        assertThat(writer.event("x", "y", t, small, null)).isEqualTo(viaJackson("x", "y", t, small, null));
        Object[] nulls = {null, 40L, "east", "car", true};
        assertThat(writer.event("x", "y", t, nulls, 0.25)).isEqualTo(viaJackson("x", "y", t, nulls, 0.25));
    }

    @Test
    void writesRandomEventsExactlyAsJackson() {
        SplittableRandom rng = new SplittableRandom(7);
        String[] regions = {"north", "south", "east", "west"};
        for (int i = 0; i < 20_000; i++) {
            Object[] row = {
                rng.nextInt(10) == 0 ? null : Math.round(rng.nextDouble(0, 1e6) * 100) / 100.0,
                rng.nextLong(18, 101),
                regions[rng.nextInt(regions.length)],
                rng.nextBoolean() ? "car" : "home",
                rng.nextBoolean()
            };
            Instant t = Instant.ofEpochMilli(rng.nextLong(946_684_800_000L, 1_900_000_000_000L));
            String label = rng.nextBoolean() ? "yes" : null;
            String key = "c-" + rng.nextInt(1000);
            assertThat(writer.event("e-" + i, key, t, row, label)).isEqualTo(viaJackson("e-" + i, key, t, row, label));
        }
    }

    @Test
    void leavesWhatNeedsEscapingToJackson() {
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        Object[] r = {1.0, 40L, "n\u00f6rth", "home", true};
        assertThat(writer.event("x", "y", t, r, null)).isNull();
        assertThat(writer.event("x\"", "y", t, new Object[] {1.0, 40L, "north", "home", true}, null))
                .isNull();
        Object[] nan = {Double.NaN, 40L, "north", "home", true};
        assertThat(writer.event("x", "y", t, nan, null)).isNull();
    }
}
