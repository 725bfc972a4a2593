package dev.mlcycle.datagen;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlcycle.contracts.record.FeatureEvent;
import dev.mlcycle.contracts.record.LabelEvent;
import dev.mlcycle.datagen.model.Rng;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import org.junit.jupiter.api.Test;

class WireWriterTest {
    final WireWriter writer = new WireWriter(Runs.SPEC);

    Object[] row(Object... values) {
        return values;
    }

    byte[] viaCodec(String id, String key, Instant t, Object[] row, String label) {
        LinkedHashMap<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < row.length; i++) {
            m.put(Runs.SPEC.features().get(i).name(), row[i]);
        }
        return Runs.EVENTS.encode(new FeatureEvent(id, key, t, m, label));
    }

    @Test
    void writesInstantsExactlyAsInstantToString() {
        Rng rng = Rng.stream(1, "t");
        for (int i = 0; i < 50_000; i++) {
            Instant t = Instant.ofEpochSecond(
                    rng.between(-62_000_000_000L, 253_000_000_000L),
                    rng.nextInt(4) == 0 ? 0 : rng.nextInt(1_000_000_000));
            if (i % 3 == 0) {
                t = Instant.ofEpochMilli(t.toEpochMilli());
            } else if (i % 3 == 1) {
                t = Instant.ofEpochSecond(t.getEpochSecond(), t.getNano() / 1000 * 1000);
            }
            byte[] label = writer.label("e", "no", t);
            String expected = "{\"event_id\":\"e\",\"default\":\"no\",\"label_time\":\"" + t + "\"}";
            if (label != null) {
                assertThat(new String(label, StandardCharsets.US_ASCII)).isEqualTo(expected);
                assertThat(label).isEqualTo(Runs.LABELS.encode(new LabelEvent("e", "no", t)));
            } else {
                assertThat(t.toString()).doesNotMatch("\\d{4}-.*");
            }
        }
    }

    @Test
    void writesEventsExactlyAsTheCodecIncludingNullsAndAwkwardNumbers() {
        Instant t = Instant.parse("2026-01-01T00:00:01.001Z");
        Object[] awkward =
                row(1.0E7, 18L, 0.002, 2.0, 0L, 1000L, 200L, 10_000_000.0, null, "north", "student", "other", false);
        assertThat(writer.event("credit-1-0", "c-000001", t, awkward, "yes"))
                .isEqualTo(viaCodec("credit-1-0", "c-000001", t, awkward, "yes"));
        Object[] nulls = row(null, 40L, 1.0E-4, 1.2, 60L, 0L, 0L, 0.01, 123.0, "west", "retired", "home", true);
        assertThat(writer.event("x", "y", t, nulls, null)).isEqualTo(viaCodec("x", "y", t, nulls, null));
    }

    @Test
    void leavesWhatNeedsEscapingToTheCodec() {
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        Object[] r = row(1.0, 40L, 0.1, 0.1, 0L, 0L, 0L, 1.0, 1.0, "nörth", "retired", "home", true);
        assertThat(writer.event("x", "y", t, r, null)).isNull();
        assertThat(writer.event("x\"", "y", t, row(), null)).isNull();
        Object[] nan = r.clone();
        nan[0] = Double.NaN;
        nan[9] = "north";
        assertThat(writer.event("x", "y", t, nan, null)).isNull();
    }
}
