package dev.mlcycle.contracts.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.record.LabelEvent;
import dev.mlcycle.contracts.spec.DatasetSpec;
import dev.mlcycle.contracts.spec.DatasetSpecs;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class LabelEventCodecTest {
    static final DatasetSpec SPEC =
            DatasetSpecs.loadResource(LabelEventCodecTest.class.getClassLoader(), "specs/loans.yaml");
    final LabelEventCodec codec =
            new LabelEventCodec(SPEC, Clock.fixed(Instant.parse("2026-06-01T00:00:00Z"), ZoneOffset.UTC));

    @Test
    void roundTripsALabel() {
        LabelEvent l = new LabelEvent("e-1", "yes", Instant.parse("2026-01-02T00:00:00Z"));
        byte[] bytes = codec.encode(l);
        assertThat(new String(bytes, StandardCharsets.UTF_8))
                .isEqualTo("{\"event_id\":\"e-1\",\"default\":\"yes\",\"label_time\":\"2026-01-02T00:00:00Z\"}");
        assertThat(codec.decode(bytes).orThrow("t")).isEqualTo(l);
    }

    @Test
    void rejectsAnUnknownClassAndAMissingLabelTime() {
        Decoded<LabelEvent> d =
                codec.decode("{\"event_id\":\"e-1\",\"default\":\"maybe\",\"label_time\":\"2026-01-02T00:00:00Z\"}"
                        .getBytes(StandardCharsets.UTF_8));
        assertThat(((Decoded.Invalid<LabelEvent>) d).rejection().reason()).isEqualTo(RejectReason.UNKNOWN_CATEGORY);
        Decoded<LabelEvent> m =
                codec.decode("{\"event_id\":\"e-1\",\"default\":\"no\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(((Decoded.Invalid<LabelEvent>) m).rejection().field()).isEqualTo("label_time");
        assertThatThrownBy(() -> m.orThrow("mlcycle.labels.loans partition 2 offset 7"))
                .isInstanceOf(MlcycleException.class)
                .hasMessage(
                        "mlcycle.labels.loans partition 2 offset 7: MISSING_FIELD, field \"label_time\": expected an ISO-8601 instant like 2026-01-01T00:00:00Z or epoch milliseconds, got nothing");
    }
}
