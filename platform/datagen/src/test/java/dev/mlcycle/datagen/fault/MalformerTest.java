package dev.mlcycle.datagen.fault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlcycle.contracts.record.FeatureEvent;
import dev.mlcycle.contracts.validation.Decoded;
import dev.mlcycle.contracts.validation.FeatureEventCodec;
import dev.mlcycle.contracts.validation.Rejection;
import dev.mlcycle.datagen.model.CreditModel;
import dev.mlcycle.datagen.model.Rng;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Thousands of malformed records of each kind, from varied rows: every one is rejected as intended. */
class MalformerTest {
    static final CreditModel MODEL = CreditModel.load();
    static final FeatureEventCodec CODEC =
            new FeatureEventCodec(MODEL.spec(), Clock.fixed(Instant.parse("2100-01-01T00:00:00Z"), ZoneOffset.UTC));

    @ParameterizedTest
    @EnumSource(
            value = FaultKind.class,
            names = {"NULLS", "OUTLIERS"},
            mode = EnumSource.Mode.EXCLUDE)
    void everyMalformedRecordIsRejectedWithItsKindsReasonAndField(FaultKind kind) {
        Malformer malformer = new Malformer(MODEL.spec(), MODEL.traits());
        Rng rng = Rng.stream(9, kind.name());
        Set<String> fields = new HashSet<>();
        Set<String> details = new HashSet<>();
        for (int i = 0; i < 3_000; i++) {
            Object[] row = new Object[13];
            MODEL.sample(rng, row);
            LinkedHashMap<String, Object> values = new LinkedHashMap<>();
            for (int f = 0; f < row.length; f++) {
                values.put(MODEL.spec().features().get(f).name(), row[f]);
            }
            FeatureEvent base = new FeatureEvent(
                    "credit-1-bad-" + i,
                    "c-000001",
                    Instant.parse("2026-01-01T00:00:00Z").plusSeconds(i),
                    values,
                    null);
            assertThat(CODEC.decode(CODEC.encode(base)).isValid()).isTrue();

            Malformer.Malformed m = malformer.make(kind, CODEC.fields(base), rng);
            Decoded<FeatureEvent> d = CODEC.decode(m.value());
            String text = new String(m.value(), StandardCharsets.UTF_8);
            assertThat(d).as(text).isInstanceOf(Decoded.Invalid.class);
            Rejection r = ((Decoded.Invalid<FeatureEvent>) d).rejection();
            assertThat(r.reason()).as(text).isEqualTo(kind.expectedReason());
            if (m.field() != null) {
                assertThat(r.field()).as(text).isEqualTo(m.field());
                fields.add(m.field());
            }
            details.add(r.detail().replaceAll("[0-9]", "#"));
        }
        if (kind != FaultKind.BROKEN_JSON && kind != FaultKind.BAD_TIMESTAMP) {
            assertThat(fields).as("%s breaks more than one field", kind).hasSizeGreaterThan(1);
        }
        assertThat(details).as("%s has several variants", kind).hasSizeGreaterThan(2);
    }
}
